/**
 * The labelled JSONL formats `backfire eval` reads, detected line by line:
 *
 * - HaluEval QA: `{ knowledge, question, right_answer, hallucinated_answers[] }` — one faithful
 *   answer (right_answer) and one unfaithful answer per hallucinated answer, all of kind
 *   `halueval`, checked against that line's knowledge with the question as the prompt.
 * - Generic: `{ knowledge: string | string[], prompt, answer, label, kind?, id? }` with
 *   `label` `faithful` or `unfaithful`.
 *
 * Every problem is an `EvalInputError` naming the file and the 1-based line.
 */
import { readFileSync } from 'node:fs';
import { findUnknownKey } from '../internal/options.js';

export type EvalLabel = 'faithful' | 'unfaithful';

/** One labelled answer to run through the guard. */
export interface EvalItem {
  /** The `id` field, or one made from the line: `L12`, `L12:right`, `L12:hallucinated:1`. */
  readonly id: string;
  /** The kind of item (`halueval` for HaluEval lines); null when a generic line gives none. */
  readonly kind: string | null;
  readonly label: EvalLabel;
  readonly prompt: string;
  readonly answer: string;
  /** The knowledge this answer is checked against: one document per entry. */
  readonly knowledge: readonly string[];
  /** 1-based line of the input file. */
  readonly line: number;
  readonly format: 'halueval' | 'generic' | 'trace';
  /** The answer as the model streamed it (replayed traces); default: the answer word by word. */
  readonly deltas?: readonly string[];
}

/** A problem with the input: `<file>:<line>: <what>` (no line for file-level problems). */
export class EvalInputError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly detail: string;

  constructor(file: string, line: number | null, detail: string) {
    super(line === null ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
    this.name = 'EvalInputError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}

const HALUEVAL_FIELDS = ['knowledge', 'question', 'right_answer', 'hallucinated_answers'] as const;
const GENERIC_FIELDS = ['knowledge', 'prompt', 'answer', 'label', 'kind', 'id'] as const;
/** Fields that only one format has: they decide which format a line is. */
const HALUEVAL_MARKERS = ['question', 'right_answer', 'hallucinated_answers'];
const GENERIC_MARKERS = ['prompt', 'answer', 'label'];

export interface ParseOptions {
  /** Stop after this many answers (later lines are not read). */
  readonly limit?: number;
}

/** Reads and parses a JSONL file; a missing or unreadable file is an `EvalInputError`. */
export function readEvalFile(file: string, options: ParseOptions = {}): EvalItem[] {
  return parseEvalJsonl(readJsonlFile(file), file, options);
}

/**
 * The text of a JSONL input file. A missing, unreadable file or a directory is an
 * `EvalInputError` naming it (shared by `backfire eval` and `backfire replay`).
 */
export function readJsonlFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a JSONL file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read (${(err as Error).message})`;
    throw new EvalInputError(file, null, what);
  }
}

/** The non-blank lines of JSONL text with their 1-based numbers (a leading BOM dropped). */
export function* jsonlLines(text: string): Generator<{ raw: string; line: number }> {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim().length > 0) yield { raw: lines[i]!, line: i + 1 };
  }
}

/**
 * One JSONL line as a JSON object; malformed JSON, or any other value (`notObject` says what was
 * expected), is an `EvalInputError` naming the file and line.
 */
export function parseJsonObject(
  raw: string,
  file: string,
  line: number,
  notObject: (value: unknown) => string,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new EvalInputError(file, line, `malformed JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EvalInputError(file, line, notObject(value));
  }
  return value as Record<string, unknown>;
}

/** Parses JSONL text (`file` names it in errors). Blank lines are skipped. */
export function parseEvalJsonl(text: string, file: string, options: ParseOptions = {}): EvalItem[] {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const items: EvalItem[] = [];
  for (const { raw, line } of jsonlLines(text)) {
    if (items.length >= limit) break;
    for (const item of parseLine(raw, file, line)) {
      if (items.length >= limit) break;
      items.push(item);
    }
  }
  if (items.length === 0) {
    throw new EvalInputError(
      file,
      null,
      'no items: the file is empty (expected one JSON object a line)',
    );
  }
  return items;
}

/** The items of one non-blank line. */
export function parseLine(raw: string, file: string, line: number): EvalItem[] {
  const fail = (what: string): never => {
    throw new EvalInputError(file, line, what);
  };
  const record = parseJsonObject(
    raw,
    file,
    line,
    (value) =>
      `expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
  );
  const keys = Object.keys(record);
  const halu = keys.filter((k) => HALUEVAL_MARKERS.includes(k));
  const generic = keys.filter((k) => GENERIC_MARKERS.includes(k));
  if (halu.length > 0 && generic.length > 0) {
    return fail(
      `mixes HaluEval fields (${halu.join(', ')}) with generic fields (${generic.join(', ')})`,
    );
  }
  if (halu.length === 0 && generic.length === 0) {
    return fail(
      'matches neither format: expected HaluEval {knowledge, question, right_answer, ' +
        'hallucinated_answers} or {knowledge, prompt, answer, label, kind?, id?}',
    );
  }
  return halu.length > 0
    ? haluEvalItems(record, keys, fail, line)
    : [genericItem(record, keys, fail, line)];
}

type Fail = (what: string) => never;

function checkFields(
  record: Record<string, unknown>,
  keys: readonly string[],
  known: readonly string[],
  required: readonly string[],
  format: string,
  fail: Fail,
): void {
  // The same unknown-key check (with its "did you mean") as every options object in core.
  const unknown = findUnknownKey(record, known);
  if (unknown !== undefined) {
    const hint =
      unknown.suggestion !== undefined
        ? ` — did you mean "${unknown.suggestion}"?`
        : ` (${format} fields: ${known.join(', ')})`;
    fail(`unknown field ${JSON.stringify(unknown.key)}${hint}`);
  }
  const missing = required.filter((k) => !keys.includes(k));
  if (missing.length > 0) {
    fail(`missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${format} format)`);
  }
}

function text(value: unknown, field: string, fail: Fail): string {
  if (typeof value !== 'string') return fail(`${field} must be a string, got ${typeName(value)}`);
  if (value.trim().length === 0) return fail(`${field} must not be empty`);
  return value;
}

function knowledgeOf(value: unknown, fail: Fail): string[] {
  if (typeof value === 'string') return [text(value, 'knowledge', fail)];
  if (Array.isArray(value)) {
    return value.map((v, i) => text(v, `knowledge[${i}]`, fail));
  }
  return fail(`knowledge must be a string or an array of strings, got ${typeName(value)}`);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function haluEvalItems(
  record: Record<string, unknown>,
  keys: readonly string[],
  fail: Fail,
  line: number,
): EvalItem[] {
  checkFields(record, keys, HALUEVAL_FIELDS, HALUEVAL_FIELDS, 'HaluEval QA', fail);
  const knowledge = knowledgeOf(record['knowledge'], fail);
  const prompt = text(record['question'], 'question', fail);
  const right = text(record['right_answer'], 'right_answer', fail);
  const wrong = record['hallucinated_answers'];
  if (!Array.isArray(wrong)) {
    return fail(`hallucinated_answers must be an array of strings, got ${typeName(wrong)}`);
  }
  const base = { kind: 'halueval', prompt, knowledge, line, format: 'halueval' } as const;
  return [
    { ...base, id: `L${line}:right`, label: 'faithful', answer: right },
    ...wrong.map(
      (answer, i): EvalItem => ({
        ...base,
        id: `L${line}:hallucinated:${i + 1}`,
        label: 'unfaithful',
        answer: text(answer, `hallucinated_answers[${i}]`, fail),
      }),
    ),
  ];
}

function genericItem(
  record: Record<string, unknown>,
  keys: readonly string[],
  fail: Fail,
  line: number,
): EvalItem {
  checkFields(
    record,
    keys,
    GENERIC_FIELDS,
    ['knowledge', 'prompt', 'answer', 'label'],
    'generic',
    fail,
  );
  const label = record['label'];
  if (label !== 'faithful' && label !== 'unfaithful') {
    return fail(`label must be "faithful" or "unfaithful", got ${typeName(label)}`);
  }
  const kind = record['kind'] == null ? null : text(record['kind'], 'kind', fail);
  const id = record['id'] == null ? `L${line}` : text(record['id'], 'id', fail);
  return {
    id,
    kind,
    label,
    prompt: text(record['prompt'], 'prompt', fail),
    answer: text(record['answer'], 'answer', fail),
    knowledge: knowledgeOf(record['knowledge'], fail),
    line,
    format: 'generic',
  };
}
