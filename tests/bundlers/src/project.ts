/**
 * Vitest globalSetup: a fresh project, the way a user starts one. `pnpm pack` turns
 * `@backfire/core` and `@backfire/vercel-ai` into the tarballs the registry would serve (their
 * `dist` must be built: `test:bundlers` runs turbo first); npm installs them into a new temporary
 * folder with fixture/'s app (next, react, react-dom) — without `@huggingface/transformers` and
 * without `@backfire/native`. Nothing is cached between runs; the folder is removed afterwards.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { cleanEnv, run, seconds } from './run.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The temporary project: fixture/ plus node_modules. Bundles go to its out/. */
    projectDir: string;
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURE_DIR = join(HERE, '..', 'fixture');
const REPO = join(HERE, '..', '..', '..');
const PACKED = ['core', 'vercel-ai'] as const;

/** pnpm as the script runner started it (`npm_execpath`), else the one on PATH. */
function pnpm(args: string[], cwd: string): Promise<string> {
  const execPath = process.env.npm_execpath;
  return execPath !== undefined && /pnpm\.c?js$/.test(execPath)
    ? run(process.execPath, [execPath, ...args], { cwd })
    : run('pnpm', args, { cwd });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'backfire-bundlers-'));
  try {
    let started = performance.now();
    const deps: Record<string, string> = {};
    for (const name of PACKED) {
      const pkgDir = join(REPO, 'packages', name);
      const main = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
        main: string;
      };
      if (!existsSync(join(pkgDir, main.main))) {
        throw new Error(
          `packages/${name} is not built (run \`pnpm test:bundlers\`, which builds it)`,
        );
      }
      const before = new Set(readdirSync(dir));
      await pnpm(['pack', '--pack-destination', dir], pkgDir);
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz') && !before.has(f));
      if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for packages/${name}`);
      deps[`@backfire/${name}`] = `file:./${tarball}`;
    }
    console.info(`[bundlers] pnpm pack: ${seconds(started)}`);

    cpSync(FIXTURE_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    manifest.dependencies = { ...manifest.dependencies, ...deps };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    started = performance.now();
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      env: cleanEnv({ npm_config_update_notifier: 'false', ONNXRUNTIME_NODE_INSTALL: 'skip' }),
    });
    console.info(`[bundlers] npm install: ${seconds(started)}`);

    // The premise of every test: the optional packages are not there.
    for (const absent of ['@huggingface/transformers', '@backfire/native', 'onnxruntime-web']) {
      if (existsSync(join(dir, 'node_modules', absent))) {
        throw new Error(`${absent} was installed into the test project; it must be absent`);
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('projectDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
