/**
 * Native (Rust addon) vs TypeScript kernel, in one process: whole sessions, per-token pushes,
 * batches, and the bare cost of one boundary crossing. Rows shared with kernel.bench.ts line up
 * in the same table. Without a built addon only the JS side is reported (and a note is printed).
 */
import {
  CoherenceScorer,
  HeuristicNli,
  InMemoryKnowledge,
  type KnowledgeDocument,
  nativeAvailable,
  StreamingKernel,
} from '@backfire/core';
import * as rust from '@backfire/core/native';
import type { AnyCase } from './lib.js';

/** The Rust classes as core exposes them. */
type NativeModule = typeof rust;

/**
 * The Rust classes with core's types and errors (`@backfire/core/native`, which wraps
 * `@backfire/native`'s generated binding); null when core runs without the addon.
 */
export function loadNativeForBench(): NativeModule | null {
  return nativeAvailable ? rust : null;
}

const TOKENS_100 = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? 'end. ' : 'word '));
const SCORES_100 = Float64Array.from({ length: 100 }, (_, i) => 0.8 + 0.15 * Math.sin(i / 3));
const SCORES_1000 = Float64Array.from({ length: 1000 }, (_, i) => 0.8 + 0.15 * Math.sin(i / 3));

/** Deterministic pseudo-random numbers (LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `n` passages over a skewed 5,000-word vocabulary plus the facts the query is about (the same
 * store as scoring.bench.ts builds).
 */
function documents(n: number): KnowledgeDocument[] {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tor', 'va', 'sel', 'du', 'pra', 'quin', 'zo', 'bel'];
  const stop = ['the', 'of', 'and', 'in', 'was', 'is', 'to', 'a', 'by', 'for'];
  const next = lcg(42);
  const vocab = Array.from({ length: 5000 }, (_, i) => {
    let w = '';
    let x = i + 7;
    do {
      w += syllables[x % syllables.length];
      x = Math.floor(x / syllables.length);
    } while (x > 0);
    return w;
  });
  const docs: KnowledgeDocument[] = [];
  for (let i = 0; i < n - 2; i++) {
    const words: string[] = [];
    const len = 25 + Math.floor(next() * 20);
    for (let j = 0; j < len; j++) {
      words.push(
        next() < 0.35
          ? stop[Math.floor(next() * stop.length)]!
          : vocab[Math.floor(vocab.length * next() ** 3)]!,
      );
      if (next() < 0.05) words.push(String(1800 + Math.floor(next() * 220)));
    }
    docs.push({ id: `p${i}`, text: `${words.join(' ')}.` });
  }
  docs.push({
    id: 'eiffel',
    text: 'The Eiffel Tower was completed in March 1889 as the entrance arch to the 1889 World Fair.',
  });
  docs.push({
    id: 'eiffel-height',
    text: 'The Eiffel Tower is 330 metres tall including its antennas.',
  });
  return docs;
}

const PROMPT = 'When was the Eiffel Tower completed, and how tall is it?';
const SENTENCE = 'The Eiffel Tower was completed in March 1899 for the World Fair.';
const ANSWER = [
  'The Eiffel Tower stands in Paris.',
  'It was completed in March 1889 for the World Fair.',
  'It is 330 metres tall including its antennas.',
  'Millions of people visit it.',
  'It is repainted often.',
];

/** A sentence no cache has seen: the same claim about a new (made-up) fair each call. */
function freshSentences(): () => string {
  let i = 0;
  return () =>
    `${SENTENCE.slice(0, -1)} of ${(i++).toString(36).replace(/[0-9]/g, (d) => 'qwxyzjvbkf'[Number(d)]!)}.`;
}

/**
 * Scoring through @backfire/core: `native` is what core picks on its own when the addon is loaded
 * (InMemoryKnowledge in Rust, CoherenceScorer scoring in Rust — crossings and object building
 * included); `js` is the same classes kept on TypeScript with `native: false`.
 */
function scoringCases(native: NativeModule | null): AnyCase[] {
  const docs = documents(10_000);
  const tsKb = new InMemoryKnowledge({ native: false }).addDocuments(docs);
  const tsScorer = new CoherenceScorer({ knowledge: tsKb, native: false });
  const tsNli = new HeuristicNli();
  const evidence = tsKb
    .retrieve(SENTENCE)
    .map((c) => c.text)
    .join('\n');
  const tsFresh = freshSentences();
  const previous = ANSWER.map((_, i) => (i === 0 ? '' : ANSWER[i - 1]!));
  const out: AnyCase[] = [
    {
      row: 'review, one sentence, 10,000-passage KB',
      variant: 'js',
      fn: () => tsScorer.review(PROMPT, SENTENCE),
    },
    {
      row: 'review, a new sentence each call, 10,000-passage KB',
      variant: 'js',
      fn: () => tsScorer.review(PROMPT, tsFresh()),
    },
    {
      row: 'review, 5-sentence answer, 10,000-passage KB',
      variant: 'js',
      fn: () => tsScorer.review(PROMPT, ANSWER.join(' ')),
    },
    {
      row: '5 segments of one answer (native: reviewSegments, one crossing)',
      variant: 'js',
      fn: () => ANSWER.map((s, i) => tsScorer.reviewSegment(PROMPT, s, { previous: previous[i]! })),
    },
    {
      row: 'InMemoryKnowledge.retrieve, k = 3, 10,000 passages',
      variant: 'js',
      fn: () => tsKb.retrieve(SENTENCE),
    },
    {
      row: 'HeuristicNli.explain, one sentence vs 3 passages',
      variant: 'js',
      fn: () => tsNli.explain(evidence, SENTENCE),
    },
    {
      row: 'InMemoryKnowledge.addDocuments, 1,000 documents',
      variant: 'js',
      fn: () => new InMemoryKnowledge({ native: false }).addDocuments(docs.slice(0, 1000)),
    },
  ];
  if (native?.RustCoherenceScorer === undefined || native.RustKnowledge === undefined) return out;
  const kb = new InMemoryKnowledge().addDocuments(docs);
  const scorer = new CoherenceScorer({ knowledge: kb });
  if (kb.backend !== 'native' || scorer.backend !== 'native') {
    console.warn('native.bench: core did not pick the native scorer — scoring rows stay js only');
    return out;
  }
  const rustKb = new native.RustKnowledge();
  rustKb.addDocuments(docs);
  const batch = new native.RustCoherenceScorer({ knowledge: rustKb });
  const rustNli = new native.RustHeuristicNli!();
  const fresh = freshSentences();
  // Same results before timing.
  const same = (a: unknown, b: unknown, what: string) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`native/js mismatch: ${what}`);
  };
  same(scorer.review(PROMPT, SENTENCE), tsScorer.review(PROMPT, SENTENCE), 'review');
  same(
    scorer.review(PROMPT, ANSWER.join(' ')),
    tsScorer.review(PROMPT, ANSWER.join(' ')),
    'answer',
  );
  same(kb.retrieve(SENTENCE), tsKb.retrieve(SENTENCE), 'retrieve');
  same(rustNli.explain(evidence, SENTENCE), tsNli.explain(evidence, SENTENCE), 'explain');
  same(
    batch.reviewSegments(PROMPT, ANSWER, previous),
    ANSWER.map((s, i) => tsScorer.reviewSegment(PROMPT, s, { previous: previous[i]! })),
    'reviewSegments',
  );
  out.push(
    {
      row: 'review, one sentence, 10,000-passage KB',
      variant: 'native',
      fn: () => scorer.review(PROMPT, SENTENCE),
      target: 'native ≥ 3× faster than TS',
    },
    {
      row: 'review, a new sentence each call, 10,000-passage KB',
      variant: 'native',
      fn: () => scorer.review(PROMPT, fresh()),
    },
    {
      row: 'review, 5-sentence answer, 10,000-passage KB',
      variant: 'native',
      fn: () => scorer.review(PROMPT, ANSWER.join(' ')),
    },
    {
      row: '5 segments of one answer (native: reviewSegments, one crossing)',
      variant: 'native',
      fn: () => batch.reviewSegments(PROMPT, ANSWER, previous),
    },
    {
      row: 'InMemoryKnowledge.retrieve, k = 3, 10,000 passages',
      variant: 'native',
      fn: () => kb.retrieve(SENTENCE),
    },
    {
      row: 'HeuristicNli.explain, one sentence vs 3 passages',
      variant: 'native',
      fn: () => rustNli.explain(evidence, SENTENCE),
    },
    {
      row: 'InMemoryKnowledge.addDocuments, 1,000 documents',
      variant: 'native',
      fn: () => new InMemoryKnowledge().addDocuments(docs.slice(0, 1000)),
    },
  );
  return out;
}

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
    return [...out, ...scoringCases(null)];
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
  return [...out, ...scoringCases(native)];
}
