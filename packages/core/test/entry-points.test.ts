import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as transformers from '../src/nli/transformers.js';

// Whatever the root entry reaches, every bundler follows; Transformers.js must not be among it
// (tests/bundlers checks the bundles themselves).
it('TransformersNli is on its own entry point, @backfire/core/nli/transformers, not the root', () => {
  expect(core).not.toHaveProperty('TransformersNli');
  expect(transformers.TransformersNli).toBeTypeOf('function');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  expect(pkg.exports['./nli/transformers']).toEqual({
    types: './dist/nli/transformers.d.ts',
    import: './dist/nli/transformers.js',
  });
});

it('LlmJudgeNli is on its own entry point, @backfire/core/nli/llm-judge, not the root', async () => {
  expect(core).not.toHaveProperty('LlmJudgeNli');
  const judge = await import('../src/nli/llm-judge.js');
  expect(judge.LlmJudgeNli).toBeTypeOf('function');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  expect(pkg.exports['./nli/llm-judge']).toEqual({
    types: './dist/nli/llm-judge.d.ts',
    import: './dist/nli/llm-judge.js',
  });
});
