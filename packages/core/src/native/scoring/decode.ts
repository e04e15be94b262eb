// The addon returns scores and retrievals as flat arrays (array elements cross the boundary far
// cheaper than objects with named keys); these rebuild core's objects from them. Layouts:
// crates/backfire-napi/src/{knowledge,scoring}.rs.
import type { EvidenceChunk } from '../../knowledge/types.js';
import type { NliCue, NliCueKind } from '../../nli/types.js';
import type { CoherenceScore, ScoreFailure } from '../../scoring/types.js';

/** Bits of a score's `flags`. */
const FLAG_APPROVED = 1;
const FLAG_WARNING = 2;

/** `[id, text, score, source, …]` from `raw[from]` on → `count` chunk objects. */
export function chunksFrom(
  raw: ReadonlyArray<string | number | null>,
  from: number,
  count: number,
): EvidenceChunk[] {
  const out: EvidenceChunk[] = new Array(count);
  for (let i = 0, j = from; i < count; i++, j += 4) {
    out[i] = {
      id: raw[j] as string,
      text: raw[j + 1] as string,
      score: raw[j + 2] as number,
      source: raw[j + 3] as string,
    };
  }
  return out;
}

/** The cue at `raw[at]` (kind, strength, hypothesis, premise, detail); `[cue, next index]`. */
export function cueFrom(
  raw: ReadonlyArray<string | number | null>,
  at: number,
): [NliCue | null, number] {
  const kind = raw[at];
  if (kind === null || kind === undefined) return [null, at + 1];
  return [
    {
      kind: kind as NliCueKind,
      strength: raw[at + 1] as number,
      hypothesisSentence: raw[at + 2] as string,
      premiseSentence: raw[at + 3] as string,
      detail: raw[at + 4] as string,
    },
    at + 5,
  ];
}

/**
 * Scores, one after another: `score, hLogical, hFactual, flags, failure, reason, sentence,
 * chunkCount`, then `[id, text, score, source]` per chunk, then the cue → `CoherenceScore`s (core's
 * shape and key order).
 */
export function scoresFrom(raw: ReadonlyArray<string | number | null>): CoherenceScore[] {
  const out: CoherenceScore[] = [];
  let at = 0;
  while (at < raw.length) {
    const flags = raw[at + 3] as number;
    const count = raw[at + 7] as number;
    const chunks = chunksFrom(raw, at + 8, count);
    const [contradiction, next] = cueFrom(raw, at + 8 + 4 * count);
    out.push({
      score: raw[at] as number,
      approved: (flags & FLAG_APPROVED) !== 0,
      hLogical: raw[at + 1] as number,
      hFactual: raw[at + 2] as number,
      warning: (flags & FLAG_WARNING) !== 0,
      evidence: { chunks, sentence: raw[at + 6] as string, contradiction },
      failure: raw[at + 4] as ScoreFailure | null,
      reason: raw[at + 5] as string,
    });
    at = next;
  }
  return out;
}
