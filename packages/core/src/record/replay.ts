/**
 * Replay: recorded traces back through a fresh guard under another config, offline. Each trace
 * becomes an evaluation item — its recorded deltas, in order, and as knowledge the evidence chunks
 * its scorer retrieved — so `evaluate()` runs it and the eval report and HTML describe the run.
 * In that report a recorded halt counts as `unfaithful`: "caught" reads "still halts", a "false
 * halt" is a call that would now halt, a "miss" one that would no longer halt.
 */
import type { ItemOutcome } from '../eval/engine.js';
import { EvalInputError, type EvalItem, jsonlLines, parseJsonObject } from '../eval/formats.js';
import { type BackfireTrace, TRACE_VERSION, type TraceHalt } from '../guard/trace.js';

/** A trace and the line it was read from. */
export interface TraceLine {
  readonly trace: BackfireTrace;
  readonly line: number;
}

/** Parses JSONL traces (`file` names the input in errors: `<file>:<line>: <what>`). */
export function parseTraceJsonl(text: string, file: string): TraceLine[] {
  const out: TraceLine[] = [];
  for (const { raw, line } of jsonlLines(text)) {
    out.push({ trace: parseTraceLine(raw, file, line), line });
  }
  if (out.length === 0) throw new EvalInputError(file, null, 'no traces (the file is empty)');
  return out;
}

/** One trace line, its shape checked; a bad line throws an `EvalInputError` naming it. */
export function parseTraceLine(raw: string, file: string, line: number): BackfireTrace {
  const fail = (what: string): never => {
    throw new EvalInputError(file, line, what);
  };
  const t = parseJsonObject(raw, file, line, () => 'a trace must be a JSON object');
  if (t['version'] !== TRACE_VERSION) {
    fail(
      `not a Backfire trace of version ${TRACE_VERSION} (version: ${JSON.stringify(t['version'])})`,
    );
  }
  if (typeof t['prompt'] !== 'string') fail('"prompt" must be a string');
  if (t['config'] === null || typeof t['config'] !== 'object' || Array.isArray(t['config'])) {
    fail('"config" must be an object of BackfireConfig fields');
  }
  const deltas = t['deltas'];
  if (!Array.isArray(deltas)) return fail('"deltas" must be an array');
  deltas.forEach((d, i) => {
    const delta = d as { t?: unknown; text?: unknown } | null;
    if (delta === null || typeof delta !== 'object' || typeof delta.text !== 'string') {
      fail(`deltas[${i}] must be { t, text } with a string text`);
    }
    if (typeof delta!.t !== 'number') fail(`deltas[${i}].t must be a number`);
  });
  const segments = t['segments'];
  if (!Array.isArray(segments)) return fail('"segments" must be an array');
  segments.forEach((s, i) => {
    const seg = s as { chunks?: unknown } | null;
    if (seg === null || typeof seg !== 'object' || !Array.isArray(seg.chunks)) {
      fail(`segments[${i}] must be an object with a "chunks" array`);
    }
  });
  const halt = t['halt'];
  if (halt !== null) {
    const h = halt as Partial<TraceHalt> | undefined;
    if (
      h === undefined ||
      typeof h !== 'object' ||
      typeof h.reason !== 'string' ||
      typeof h.charOffset !== 'number' ||
      typeof h.segment !== 'string'
    ) {
      fail('"halt" must be null or { kind, reason, charOffset, segment, … }');
    }
  }
  if (typeof t['id'] !== 'string' || t['id'] === '') fail('"id" must be a non-empty string');
  return t as unknown as BackfireTrace;
}

/**
 * The traces as evaluation items: the recorded deltas (replayed as the model sent them), the
 * evidence chunks retrieved for any segment as knowledge (one document each, deduplicated), the
 * recorded halt as the label.
 */
export function traceItems(traces: readonly TraceLine[]): EvalItem[] {
  return traces.map(({ trace, line }) => {
    const seen = new Set<string>();
    const knowledge: string[] = [];
    for (const segment of trace.segments) {
      for (const chunk of segment.chunks) {
        if (seen.has(chunk.text)) continue;
        seen.add(chunk.text);
        knowledge.push(chunk.text);
      }
    }
    const deltas = trace.deltas.map((d) => d.text);
    return {
      id: trace.id,
      kind: null,
      label: trace.halt !== null ? 'unfaithful' : 'faithful',
      prompt: trace.prompt,
      answer: deltas.join(''),
      knowledge,
      line,
      format: 'trace',
      deltas,
    };
  });
}

/** Where a call halted (or `null` for a call that did not). */
export interface ReplayHaltPoint {
  readonly reason: string;
  /** The sentence that halted the call. */
  readonly sentence: string;
  /** Word index of its first word. */
  readonly tokenIndex: number;
}

/** One call whose verdict changed under the replay config. */
export interface ReplayChange {
  readonly id: string;
  readonly line: number;
  readonly recorded: ReplayHaltPoint | null;
  readonly replayed: ReplayHaltPoint | null;
}

/** What changed: calls that would now halt, would no longer halt, or halt elsewhere. */
export interface ReplayDiff {
  readonly nowHalt: readonly ReplayChange[];
  readonly noLongerHalt: readonly ReplayChange[];
  readonly moved: readonly ReplayChange[];
  readonly unchangedHalted: number;
  readonly unchangedPassed: number;
}

export function replayDiff(
  traces: readonly TraceLine[],
  outcomes: readonly ItemOutcome[],
): ReplayDiff {
  const nowHalt: ReplayChange[] = [];
  const noLongerHalt: ReplayChange[] = [];
  const moved: ReplayChange[] = [];
  let unchangedHalted = 0;
  let unchangedPassed = 0;
  traces.forEach(({ trace, line }, i) => {
    const outcome = outcomes[i]!;
    const recorded: ReplayHaltPoint | null =
      trace.halt === null
        ? null
        : {
            reason: trace.halt.reason,
            sentence: trace.halt.segment.trim(),
            tokenIndex: trace.halt.tokenIndex,
          };
    const replayed: ReplayHaltPoint | null =
      outcome.halt === null
        ? null
        : {
            reason: outcome.halt.reason,
            sentence: outcome.halt.sentence,
            tokenIndex: outcome.halt.tokenIndex,
          };
    const change = { id: trace.id, line, recorded, replayed };
    if (recorded === null && replayed === null) unchangedPassed++;
    else if (recorded === null) nowHalt.push(change);
    else if (replayed === null) noLongerHalt.push(change);
    else if (recorded.tokenIndex !== replayed.tokenIndex) moved.push(change);
    else unchangedHalted++;
  });
  return { nowHalt, noLongerHalt, moved, unchangedHalted, unchangedPassed };
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function where(point: ReplayHaltPoint): string {
  return `at word ${point.tokenIndex}, "${clip(point.sentence, 60)}" — ${point.reason}`;
}

/** The diff as text: what `backfire replay` prints first. */
export function formatReplayDiff(diff: ReplayDiff, maxListed = 20): string {
  const out: string[] = [];
  const list = (
    title: string,
    changes: readonly ReplayChange[],
    line: (c: ReplayChange) => string,
  ) => {
    out.push(`${title}: ${changes.length}`);
    for (const c of changes.slice(0, maxListed)) out.push(`  ${c.id} (line ${c.line})  ${line(c)}`);
    if (changes.length > maxListed) out.push(`  … and ${changes.length - maxListed} more`);
  };
  list('would now halt', diff.nowHalt, (c) => where(c.replayed!));
  list('would no longer halt', diff.noLongerHalt, (c) => `recorded ${where(c.recorded!)}`);
  list(
    'would halt elsewhere',
    diff.moved,
    (c) => `${where(c.replayed!)} (recorded at word ${c.recorded!.tokenIndex})`,
  );
  out.push(
    `unchanged: ${diff.unchangedHalted} still halt where they did, ${diff.unchangedPassed} still pass`,
  );
  return `${out.join('\n')}\n`;
}
