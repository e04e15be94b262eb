/**
 * Native (Rust addon) vs TypeScript kernel, in one process: whole sessions, per-token pushes,
 * batches, and the bare cost of one boundary crossing. Rows shared with kernel.bench.ts line up
 * in the same table. Without a built addon only the JS side is reported (and a note is printed).
 */
import { createRequire } from 'node:module';
import { StreamingKernel } from '@backfire/core';
import type { AnyCase } from './lib.js';

interface NativeSession {
  readonly halted: boolean;
  readonly tokenCount: number;
}
interface NativeMonitor {
  push(token: string, score: number): { halted: boolean };
  pushMany(scores: Float64Array, tokens?: readonly string[]): number;
  end(): NativeSession;
}
interface NativeKernel {
  readonly isActive: boolean;
  monitor(options?: { trace?: boolean }): NativeMonitor;
  streamTokens(
    tokens: readonly string[],
    cb: (t: string, c: { index: number }) => number,
  ): NativeSession;
  streamScores(tokens: readonly string[], scores: Float64Array): NativeSession;
}
interface NativeModule {
  RustStreamingKernel: new (config?: object) => NativeKernel;
}

/** `@backfire/native` when installed, else the workspace build; null when there is no addon. */
export function loadNativeForBench(): NativeModule | null {
  const req = createRequire(import.meta.url);
  for (const id of ['@backfire/native', '../../packages/native/dist/index.js']) {
    try {
      return req(id) as NativeModule;
    } catch {
      // try the next location
    }
  }
  return null;
}

const TOKENS_100 = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? 'end. ' : 'word '));
const SCORES_100 = Float64Array.from({ length: 100 }, (_, i) => 0.8 + 0.15 * Math.sin(i / 3));
const SCORES_1000 = Float64Array.from({ length: 1000 }, (_, i) => 0.8 + 0.15 * Math.sin(i / 3));

export function cases(): AnyCase[] {
  const native = loadNativeForBench();
  const js = new StreamingKernel();
  const out: AnyCase[] = [
    {
      row: 'whole session, 100 precomputed scores',
      variant: 'js',
      fn: () => js.streamTokens(TOKENS_100, (_t, { index }) => SCORES_100[index]!),
    },
    {
      row: 'StreamMonitor.pushMany, per token (trace: false, batches of 1000)',
      variant: 'js',
      perOp: 1000,
      fn: () => {
        const m = js.monitor({ trace: false });
        for (let i = 0; i < 1000; i++) m.push('tok ', SCORES_1000[i]!);
        return m.end();
      },
    },
    {
      row: 'one boundary crossing (kernel.isActive getter)',
      variant: 'js',
      perOp: 1000,
      fn: () => {
        let n = 0;
        for (let i = 0; i < 1000; i++) if (js.isActive) n++;
        return n;
      },
    },
  ];
  if (native === null) {
    console.warn('native.bench: @backfire/native is not built — native columns stay empty');
    return out;
  }
  const rk = new native.RustStreamingKernel();
  // Same results before timing: a benchmark of two different computations proves nothing.
  const a = js.streamTokens(TOKENS_100, (_t, { index }) => SCORES_100[index]!);
  const b = rk.streamScores(TOKENS_100, SCORES_100);
  if (a.halted !== b.halted || a.tokenCount !== b.tokenCount) throw new Error('native/js mismatch');
  out.push(
    {
      row: 'streamTokens, 100 tokens, constant callback',
      variant: 'native',
      fn: () => rk.streamTokens(TOKENS_100, () => 0.9),
      target: 'native ≤ 100 µs (seed: 1.8 ms)',
    },
    {
      row: 'whole session, 100 precomputed scores',
      variant: 'native',
      fn: () => rk.streamScores(TOKENS_100, SCORES_100),
    },
    {
      row: 'StreamMonitor.push, per token (trace: false)',
      variant: 'native',
      perOp: 1000,
      fn: () => {
        const m = rk.monitor({ trace: false });
        for (let i = 0; i < 1000; i++) m.push('tok ', 0.9);
        return m.end();
      },
    },
    {
      row: 'StreamMonitor.pushMany, per token (trace: false, batches of 1000)',
      variant: 'native',
      perOp: 1000,
      fn: () => {
        const m = rk.monitor({ trace: false });
        m.pushMany(SCORES_1000);
        return m.end();
      },
    },
    {
      row: 'one boundary crossing (kernel.isActive getter)',
      variant: 'native',
      perOp: 1000,
      fn: () => {
        let n = 0;
        for (let i = 0; i < 1000; i++) if (rk.isActive) n++;
        return n;
      },
    },
  );
  return out;
}
