import { StreamingKernel } from '@backfire/core';
import { type AnyCase, heapDelta } from './lib.js';

const TOKENS_100 = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? 'end. ' : 'word '));

export function cases(): AnyCase[] {
  const kernel = new StreamingKernel();
  const traced = () => {
    const m = kernel.monitor();
    for (let i = 0; i < 1000; i++) m.push('tok ', 0.9);
    return m.session.tokenCount;
  };
  const untraced = () => {
    const m = kernel.monitor({ trace: false });
    for (let i = 0; i < 1000; i++) m.push('tok ', 0.9);
    return m.session.tokenCount;
  };
  return [
    {
      row: 'StreamMonitor.push, per token (trace: false)',
      variant: 'js',
      fn: untraced,
      perOp: 1000,
      target: '≤ 50 ns',
    },
    { row: 'StreamMonitor.push, per token (trace: true)', variant: 'js', fn: traced, perOp: 1000 },
    {
      row: 'streamTokens, 100 tokens, constant callback',
      variant: 'js',
      fn: () => kernel.streamTokens(TOKENS_100, () => 0.9),
      target: '≤ 20 µs (seed: Python 15 ms, Rust 1.8 ms)',
    },
    {
      row: '10,000 live monitors (trace: false, 100 tokens each)',
      variant: 'js',
      target: '≤ 50 MB',
      measureBytes: () =>
        heapDelta(() => {
          const monitors = [];
          for (let i = 0; i < 10_000; i++) {
            const m = kernel.monitor({ trace: false });
            for (let t = 0; t < 100; t++) m.push('tok ', 0.9);
            monitors.push(m);
          }
          return monitors;
        }),
    },
  ];
}
