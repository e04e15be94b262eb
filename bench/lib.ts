/**
 * The benchmark contract: every `*.bench.ts` file in this folder exports
 * `cases(): BenchCase[] | Promise<BenchCase[]>`. The runner measures them all in one process with
 * mitata, prints them side by side (native / js / unguarded) and rewrites BENCHMARKS.md.
 */
export interface BenchCase {
  /** Row title, e.g. "StreamMonitor.push, per token". Cases sharing a row are compared. */
  row: string;
  /** Column: 'native', 'js', 'unguarded', or another label. */
  variant: string;
  /** One measured operation. */
  fn: () => unknown;
  /** The operation covers this many units (tokens, steps): results are divided by it. */
  perOp?: number;
  /** The target for this row, shown in the table (e.g. "≤ 50 ns"). */
  target?: string;
}

/** A memory measurement: returns bytes. */
export interface MemoryCase {
  row: string;
  variant: string;
  measureBytes: () => Promise<number> | number;
  target?: string;
}

export type AnyCase = BenchCase | MemoryCase;

export function isMemoryCase(c: AnyCase): c is MemoryCase {
  return 'measureBytes' in c;
}

/** Heap growth caused by `build`, measured around forced GCs (needs `node --expose-gc`). */
export async function heapDelta(build: () => unknown): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep = build();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  (globalThis as { __keep?: unknown }).__keep = keep;
  (globalThis as { __keep?: unknown }).__keep = undefined;
  return after - before;
}

/**
 * The default scorer pinned to one backend: `js` keeps the knowledge index and the scoring in
 * TypeScript; `native` is what core picks on its own (Rust when the addon is loaded). Benches use
 * it so a row labelled `js` never silently runs native.
 */
export async function scorerOn(
  backend: 'js' | 'native',
  facts: Readonly<Record<string, string>>,
): Promise<import('@backfire/core').CoherenceScorer> {
  const { CoherenceScorer, InMemoryKnowledge } = await import('@backfire/core');
  const native = backend === 'native';
  const knowledge = new InMemoryKnowledge({ native });
  for (const [k, v] of Object.entries(facts)) knowledge.addFact(k, v);
  const scorer = new CoherenceScorer({ knowledge, native });
  if (scorer.backend !== backend) throw new Error(`bench: scorer did not run on ${backend}`);
  return scorer;
}

export async function nativeLoaded(): Promise<boolean> {
  return (await import('@backfire/core')).backend === 'native';
}
