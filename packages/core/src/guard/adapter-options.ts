import { check, checkObject, checkText } from '../internal/check.js';
import { optionKeys } from '../internal/options.js';
import { InMemoryKnowledge, type KnowledgeDocument } from '../knowledge/in-memory.js';
import type { KnowledgeSource } from '../knowledge/types.js';
import { backend } from '../native/index.js';
import type { Grounding, NliBackend } from '../nli/types.js';
import type { RepairOption } from '../repair/options.js';
import { CoherenceScorer } from '../scoring/scorer.js';
import type {
  GuardEvent,
  GuardHalt,
  GuardOptions,
  GuardOutput,
  SegmentScoreFn,
  SegmentScorer,
} from './types.js';

/** Facts as `{ key: value }`, documents, or any `KnowledgeSource`. */
export type KnowledgeInput =
  | KnowledgeSource
  | Readonly<Record<string, string>>
  | readonly KnowledgeDocument[];

/** The guard settings an adapter passes through to `createGuard` unchanged (one list). */
const GUARD_SETTINGS = [
  'config',
  'kernel',
  'release',
  'maxUnverifiedWords',
  'maxUnverifiedTokens',
  'maxSegmentWords',
  'scoreTimeoutMs',
  'onTimeout',
  'maxConcurrentChecks',
  'tenant',
  'record',
  'telemetry',
] as const satisfies readonly (keyof GuardOptions)[];

/**
 * The options every adapter (AI SDK middleware, LangChain handler, …) accepts. One definition, so
 * the same object configures Backfire wherever it runs: the guard's own settings (documented on
 * `GuardOptions`) plus what the default scorer is built from.
 */
export interface BackfireOptions extends Pick<GuardOptions, (typeof GUARD_SETTINGS)[number]> {
  /** What the answer is checked against. Default: nothing (hFactual 0.5). */
  knowledge?: KnowledgeInput;
  /** A custom scorer; default: a `CoherenceScorer` over `knowledge` and `nli`. */
  scorer?: SegmentScorer | SegmentScoreFn;
  /** The NLI backend of the default scorer. Default: the embedded heuristic. */
  nli?: NliBackend;
  /**
   * What the default scorer halts on. `'contradiction'` (default): what the evidence contradicts —
   * for open chat with a knowledge base of guard-rail facts. `'strict'`: also, with halt kind
   * `unsupported`, specific claims the retrieved evidence does not support — for support bots and
   * RAG over your own documents. Ignored by a custom `scorer` (build it with the same option).
   */
  grounding?: Grounding;
  /**
   * On a halt, ask the same model to continue the answer from its verified part, with the
   * contradicted fact in hand, in the same response: `false` (default) or `{ attempts?: number
   * (default 1), instructions?: (halt) => string }`. Adapters that cannot continue an answer (the
   * LangChain callback handler) reject it. See `resolveRepairOptions`.
   */
  repair?: RepairOption;
}

/**
 * Every key of `BackfireOptions`. For adapters: an adapter's own key list is this plus what its
 * options type adds, checked with `assertKnownKeys` where the options enter.
 */
export const BACKFIRE_OPTION_KEYS = optionKeys<BackfireOptions>()([
  ...GUARD_SETTINGS,
  'knowledge',
  'scorer',
  'nli',
  'grounding',
  'repair',
]);

/** What only the adapter knows, per stream. */
export interface GuardContext {
  prompt?: string;
  signal?: AbortSignal;
  onHalt?: (halt: GuardHalt) => void;
  onEvent?: (event: GuardEvent) => void;
  onOutput?: (output: GuardOutput) => void;
}

const scorerCache = new WeakMap<object, SegmentScoreFn>();

/**
 * Turns adapter options into `createGuard` options: builds (once per options object) the default
 * `CoherenceScorer` from `knowledge` / `nli` / `config` and maps its verdicts onto the guard's.
 * Keys it does not read are ignored here, so an adapter can pass its whole options object: each
 * adapter rejects unknown keys where its options enter (`assertKnownKeys`).
 */
export function resolveGuardOptions(
  options: BackfireOptions,
  context: GuardContext = {},
): GuardOptions {
  checkObject('options', options, { rule: 'must be an object' });
  let scorer = options.scorer ?? scorerCache.get(options);
  if (scorer === undefined) {
    scorer = coherenceScoreFn(
      new CoherenceScorer({
        ...(options.config !== undefined ? { config: options.config } : {}),
        ...(options.knowledge !== undefined
          ? { knowledge: toKnowledgeSource(options.knowledge) }
          : {}),
        ...(options.nli !== undefined ? { nli: options.nli } : {}),
        ...(options.grounding !== undefined ? { grounding: options.grounding } : {}),
      }),
    );
    scorerCache.set(options, scorer);
  }
  const out: GuardOptions = { scorer };
  for (const key of GUARD_SETTINGS) {
    if (options[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = options[key];
  }
  // The span names the scorer, its grounding and where it runs, which the guard does not know.
  const telemetry = options.telemetry;
  const telemetryOk =
    telemetry === undefined ||
    typeof telemetry === 'boolean' ||
    (telemetry !== null && typeof telemetry === 'object');
  check(telemetryOk, 'telemetry', telemetry, 'must be a boolean or a settings object');
  if (telemetry !== undefined && telemetry !== false) {
    const settings = telemetry === true ? {} : telemetry;
    out.telemetry = {
      ...settings,
      attributes: {
        'backfire.scorer': options.scorer !== undefined ? 'custom' : 'coherence',
        'backfire.grounding': options.grounding ?? 'contradiction',
        'backfire.backend': backend,
        ...(settings.attributes ?? {}),
      },
    };
  }
  // The trace names the default scorer's grounding, which the guard itself does not know.
  const record = options.record;
  if (typeof record === 'function' && options.grounding !== undefined) {
    const grounding = options.grounding;
    out.record = (trace) => record({ ...trace, grounding });
  }
  if (context.prompt !== undefined) out.prompt = context.prompt;
  if (context.signal !== undefined) out.signal = context.signal;
  if (context.onHalt !== undefined) out.onHalt = context.onHalt;
  if (context.onEvent !== undefined) out.onEvent = context.onEvent;
  if (context.onOutput !== undefined) out.onOutput = context.onOutput;
  return out;
}

/** `{ key: value }` facts or documents become an `InMemoryKnowledge`; a source is used as is. */
export function toKnowledgeSource(input: KnowledgeInput): KnowledgeSource {
  if (
    input !== null &&
    typeof input === 'object' &&
    typeof (input as KnowledgeSource).retrieve === 'function'
  ) {
    return input as KnowledgeSource;
  }
  const kb = new InMemoryKnowledge();
  if (Array.isArray(input)) {
    kb.addDocuments(input as readonly KnowledgeDocument[]);
    return kb;
  }
  if (input !== null && typeof input === 'object') {
    for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
      kb.addFact(key, checkText(`knowledge.${key}`, value, { rule: 'must be a string fact' }));
    }
    return kb;
  }
  check(
    false,
    'knowledge',
    input,
    'must be a KnowledgeSource, a { key: fact } object or an array of documents',
  );
}

/**
 * The guard's view of a `CoherenceScorer`: one segment, with the answer so far as context. A
 * segment with no words (emoji, symbols) has nothing to check and passes unscored; a backend
 * failure becomes a thrown error, which the guard reports as `callback_error` (fail closed) with
 * the scorer's reason attached.
 */
export function coherenceScoreFn(scorer: CoherenceScorer): SegmentScoreFn {
  // A CoherenceScore is a SegmentVerdict: the guard reads its score, evidence and failure.
  return (req) => scorer.scoreSegment(req);
}
