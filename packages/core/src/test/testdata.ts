// The golden vectors in testdata/ as the TypeScript suites and the addon suites read them: one
// reader and one type per format (formats: testdata/nli/README.md, testdata/kernel/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackfireConfigInit } from '../config/config.js';

export const testdataDir = fileURLToPath(new URL('../../../../testdata/', import.meta.url));

/** Reads a testdata JSON file (`nli/tokenizer.json`). */
export function readTestdata<T>(path: string): T {
  return JSON.parse(readFileSync(join(testdataDir, path), 'utf8')) as T;
}

export interface NliCase {
  name: string;
  premise: string;
  hypothesis: string;
  context?: string;
  question?: string;
  answers?: boolean;
  grounding?: 'contradiction' | 'strict';
  /** The cue's explanation, pinned for question-aware cases. */
  detail?: string | null;
  divergence: number;
  contradiction: number;
  unsupported: number;
  cue: string | null;
}

/** Every testdata/nli pair file (not the tokenizer's), with its cases. */
export function nliGolden(): { file: string; cases: NliCase[] }[] {
  return readdirSync(join(testdataDir, 'nli'))
    .filter((f) => f.endsWith('.json') && f !== 'tokenizer.json')
    .map((file) => ({ file, cases: readTestdata<{ cases: NliCase[] }>(`nli/${file}`).cases }));
}

export interface TokenizerCase {
  text: string;
  tokens: string[];
  terms: string[];
  sentences: string[];
}

/** testdata/nli/tokenizer.json: the tokenizer's, the term extractor's and the splitter's cases. */
export function tokenizerGolden(): TokenizerCase[] {
  return readTestdata<{ cases: TokenizerCase[] }>('nli/tokenizer.json').cases;
}

/** A kernel score as JSON can hold it, or what the callback does instead of returning one. */
export type KernelScoreEntry = number | 'NaN' | 'Infinity' | '-Infinity' | 'throw' | 'string';

export interface KernelCase {
  name: string;
  note?: string;
  config: BackfireConfigInit;
  tokens: string[];
  scores: KernelScoreEntry[];
  stopBefore?: number;
  expected: {
    halted: boolean;
    softHalted: boolean;
    haltIndex: number;
    haltKind: string | null;
    haltReason: string;
    output: string;
    warningCount: number;
    tokenCount: number;
    coherence: number[];
    avgCoherence: number;
    minCoherence: number;
  };
}

/** Every testdata/kernel file, with its cases. */
export function kernelGolden(): { file: string; cases: KernelCase[] }[] {
  return readdirSync(join(testdataDir, 'kernel'))
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({
      file,
      cases: readTestdata<{ cases: KernelCase[] }>(`kernel/${file}`).cases,
    }));
}
