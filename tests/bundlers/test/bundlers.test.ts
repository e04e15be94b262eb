/**
 * esbuild, Rollup and webpack bundle the packed @backfire/core (installed without
 * @huggingface/transformers and without @backfire/native) for the browser; each bundle then runs
 * the guard in a Web Worker in headless Chromium. The optional backend must not be in any bundle,
 * and the minified root entry must stay small.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { type BuildOptions, build, stop } from 'esbuild';
import { rollup } from 'rollup';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import webpack, { type Stats } from 'webpack';
import { type Browser, launch, runWorker, type StaticServer, serve } from '../src/browser.js';
import { expectGuarded } from '../src/expect-check.js';
import { kB, seconds } from '../src/run.js';

/** The budget for the whole root entry, minified, without the ONNX backend. */
const CORE_BUDGET_BYTES = 100_000;

const projectDir = inject('projectDir');
const outDir = join(projectDir, 'out');
const sizes: string[] = [];

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  [browser, server] = await Promise.all([launch(), serve(outDir)]);
  await browser.page.goto(server.origin);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
  await stop();
  console.info(`[bundlers] sizes:\n  ${sizes.join('\n  ')}`);
});

afterEach(() => {
  expect(browser.errors, 'the page or a worker logged errors').toEqual([]);
  browser.errors.length = 0;
});

/** Records a bundle's size and checks that no optional backend got into it. */
function inspect(label: string, file: string): string {
  const code = readFileSync(file, 'utf8');
  const gzip = gzipSync(code).length;
  sizes.push(`${label}: ${kB(code.length)} (gzip ${kB(gzip)})`);
  // The specifier would be there even as an unresolved, external import.
  expect(code, `${label} reaches Transformers.js`).not.toContain('@huggingface/transformers');
  expect(code, `${label} reaches onnxruntime`).not.toContain('onnxruntime');
  return code;
}

async function esbuild(options: BuildOptions): Promise<void> {
  const started = performance.now();
  // Errors (an unresolved import) reject with esbuild's message.
  const result = await build({
    absWorkingDir: projectDir,
    bundle: true,
    format: 'esm',
    minify: true,
    logLevel: 'silent',
    ...options,
  });
  expect(result.warnings.map((w) => w.text)).toEqual([]);
  console.info(`[bundlers] esbuild ${String(options.outfile)}: ${seconds(started)}`);
}

async function expectWorkerGuards(file: string, label: string): Promise<void> {
  expectGuarded(await runWorker(browser.page, `${server.origin}/${file}`), label);
}

describe('esbuild 0.28', () => {
  it('platform browser: builds, and the bundle guards a stream in a Web Worker', async () => {
    await esbuild({
      entryPoints: ['worker.js'],
      platform: 'browser',
      outfile: 'out/esbuild-browser.js',
    });
    inspect('esbuild, platform browser (worker + check)', join(outDir, 'esbuild-browser.js'));
    await expectWorkerGuards('esbuild-browser.js', 'esbuild browser bundle in a Web Worker');
  });

  it("conditions ['workerd', 'worker', 'browser'] (wrangler's): builds and guards", async () => {
    await esbuild({
      entryPoints: ['worker.js'],
      // Like wrangler: no Node.js built-ins unless asked for (nodejs_compat), worker conditions.
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      outfile: 'out/esbuild-workerd.js',
    });
    inspect('esbuild, workerd conditions (worker + check)', join(outDir, 'esbuild-workerd.js'));
    await expectWorkerGuards('esbuild-workerd.js', 'esbuild workerd bundle in a Web Worker');
  });

  it(`the whole root entry of @backfire/core, minified, is at most ${kB(CORE_BUDGET_BYTES)}`, async () => {
    await esbuild({ entryPoints: ['all.js'], platform: 'browser', outfile: 'out/core.js' });
    const code = inspect('esbuild, all of @backfire/core, minified', join(outDir, 'core.js'));
    console.info(`[bundlers] @backfire/core minified: ${kB(code.length)}`);
    expect(code.length).toBeLessThanOrEqual(CORE_BUDGET_BYTES);
    // The entry really is all of core (a bundle that lost it would be small too).
    expect(code).toContain('BACKFIRE_CONFIG');
    expect(code).toContain('hard_limit');
  });

  it('@backfire/vercel-ai (middleware and ui) builds for the browser', async () => {
    await esbuild({
      entryPoints: ['vercel-ai.js'],
      platform: 'browser',
      outfile: 'out/vercel-ai.js',
    });
    inspect(
      'esbuild, @backfire/vercel-ai (both entries, and the core they use), minified',
      join(outDir, 'vercel-ai.js'),
    );
  });
});

describe('Rollup 4', () => {
  it('builds with node-resolve (browser), and the bundle guards a stream in a Web Worker', async () => {
    const started = performance.now();
    const warnings: string[] = [];
    const bundle = await rollup({
      input: join(projectDir, 'worker.js'),
      plugins: [nodeResolve({ browser: true })],
      // An unresolved import is only a warning in Rollup (it becomes external): fail on any
      // warning but a cycle (legal in ES modules; one that breaks evaluation order throws when the
      // bundle runs below).
      onwarn: (warning) => {
        if (warning.code !== 'CIRCULAR_DEPENDENCY')
          warnings.push(`${warning.code}: ${warning.message}`);
      },
    });
    await bundle.write({ file: join(outDir, 'rollup.js'), format: 'es' });
    await bundle.close();
    expect(warnings).toEqual([]);
    console.info(`[bundlers] rollup: ${seconds(started)}`);
    inspect('Rollup, not minified (worker + check)', join(outDir, 'rollup.js'));
    await expectWorkerGuards('rollup.js', 'Rollup bundle in a Web Worker');
  });
});

describe('webpack 5', () => {
  it('builds for target web, and the bundle guards a stream in a Web Worker', async () => {
    const started = performance.now();
    const compiler = webpack({
      mode: 'production',
      target: 'web',
      context: projectDir,
      entry: './worker.js',
      output: { path: outDir, filename: 'webpack.js' },
      devtool: false,
    });
    const stats = await new Promise<Stats | undefined>((resolve, reject) =>
      compiler.run((error, result) => (error ? reject(error) : resolve(result))),
    );
    await new Promise((resolve) => compiler.close(resolve));
    const info = stats?.toJson({ all: false, errors: true, warnings: true });
    expect(info?.errors?.map((e) => e.message) ?? ['no stats']).toEqual([]);
    expect(info?.warnings?.map((w) => w.message)).toEqual([]);
    console.info(`[bundlers] webpack: ${seconds(started)}`);
    inspect('webpack, minified (worker + check)', join(outDir, 'webpack.js'));
    await expectWorkerGuards('webpack.js', 'webpack bundle in a Web Worker');
  });
});
