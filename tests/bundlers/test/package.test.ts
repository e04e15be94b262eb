/**
 * The packed @backfire/core as installed: every file its exports map names is in the tarball, and
 * TransformersNli is on its own entry point only — which, without the optional peer, fails with the
 * typed error that says how to install it (an error class shared with the root entry).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { cleanEnv, run } from '../src/run.js';

const projectDir = inject('projectDir');

type Exports = Record<string, string | Record<string, string>>;

it.each(['core', 'vercel-ai'])(
  '@backfire/%s: every file the exports map names is packed',
  (name) => {
    const dir = join(projectDir, 'node_modules', '@backfire', name);
    const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      exports: Exports;
    };
    const targets = Object.values(exports).flatMap((t) =>
      typeof t === 'string' ? [t] : Object.values(t),
    );
    expect(targets.length).toBeGreaterThan(2);
    for (const target of targets) expect(existsSync(join(dir, target)), target).toBe(true);
  },
);

it('TransformersNli comes from @backfire/core/nli/transformers only', async () => {
  const script = `
    const core = await import('@backfire/core');
    const { TransformersNli } = await import('@backfire/core/nli/transformers');
    let error = null;
    try {
      await new TransformersNli({ model: './no-model' }).load();
    } catch (e) {
      error = { code: e.code, message: e.message, shared: e instanceof core.BackfireBackendError };
    }
    console.log(JSON.stringify({ root: 'TransformersNli' in core, subpath: typeof TransformersNli, error }));
  `;
  const output = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: projectDir,
    env: cleanEnv(),
  });
  expect(JSON.parse(output)).toEqual({
    root: false,
    subpath: 'function',
    error: {
      code: 'BACKFIRE_BACKEND',
      message: expect.stringContaining('@huggingface/transformers'),
      shared: true,
    },
  });
});
