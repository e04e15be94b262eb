import { BackfireConfig } from '../config/config.js';
import { BackfireInputError } from '../errors/errors.js';
import {
  BACKFIRE_OPTION_KEYS,
  type BackfireOptions,
  resolveGuardOptions,
} from '../guard/adapter-options.js';
import { guardTextStream } from '../guard/stream.js';
import type { GuardEvent, GuardHalt, GuardResult } from '../guard/types.js';
import { checkInteger, checkObject, checkText } from '../internal/check.js';
import { assertKnownKeys, optionKeys } from '../internal/options.js';
import {
  type Backend,
  type Backends,
  backend,
  backends,
  nativeAvailable,
} from '../native/index.js';
import { type AgentModel, checkModel, modelText } from './model.js';

export interface CoherenceAgentOptions extends BackfireOptions {
  /**
   * An AI SDK `LanguageModel` or a text generator function. Needed by `process()` and `stream()`;
   * an agent without one (`new CoherenceAgent()`) still reports `backend` and `nativeAvailable`.
   */
  model?: AgentModel;
  /** How many candidates `process()` may generate. Integer ≥ 1. Default 3. */
  candidates?: number;
}

const AGENT_OPTION_KEYS = optionKeys<CoherenceAgentOptions>()([
  ...BACKFIRE_OPTION_KEYS,
  'model',
  'candidates',
]);

/** One generated candidate and its verdict. */
export interface AgentCandidate {
  readonly index: number;
  /** The text that passed (the whole candidate when it was not halted). */
  readonly text: string;
  readonly approved: boolean;
  /** The weakest sentence's score (0 when nothing was scored). */
  readonly score: number;
  readonly halt: GuardHalt | null;
  readonly result: GuardResult;
}

/** What `process()` returns. */
export interface AgentResult {
  /** The chosen answer; '' when every candidate was rejected. */
  readonly output: string;
  readonly approved: boolean;
  readonly score: number;
  readonly candidatesEvaluated: number;
  readonly candidates: readonly AgentCandidate[];
  /** Set when no candidate was approved: why, with the best candidate's evidence. */
  readonly rejection: {
    readonly reason: 'all_candidates_rejected';
    readonly best: AgentCandidate;
    readonly suggestedAction: string;
  } | null;
}

/**
 * A model plus the Backfire guard. `process(prompt)` generates candidates until one is approved
 * (every sentence passes the kernel and the weakest scores ≥ coherenceThreshold) and returns the
 * best; `stream(prompt)` is a guarded stream of release / score / halt events. `new
 * CoherenceAgent()` (no model) only reports where Backfire runs, as the reference implementation's
 * auto-detection did.
 */
export class CoherenceAgent {
  readonly config: BackfireConfig;
  readonly #model: AgentModel | undefined;
  readonly #options: BackfireOptions;
  readonly #candidates: number;

  constructor(options: CoherenceAgentOptions = {}) {
    checkObject('options', options, { rule: 'must be an object, e.g. { model }' });
    assertKnownKeys('CoherenceAgent', options, AGENT_OPTION_KEYS);
    this.#model = options.model === undefined ? undefined : checkModel(options.model);
    this.#candidates = checkInteger('candidates', options.candidates ?? 3, 1);
    this.config = BackfireConfig.from(options.config);
    const { model: _model, candidates: _n, ...rest } = options;
    this.#options = { ...rest, config: this.config };
    resolveGuardOptions(this.#options); // validate once, up front
  }

  /** True when the Rust addon (`@backfire/native`) is loaded. */
  get nativeAvailable(): boolean {
    return nativeAvailable;
  }

  /**
   * The scoring backend: `'native'` when the Rust addon scores sentences and retrieves evidence,
   * `'js'` when TypeScript does. The per-token kernel is always TypeScript: see `backends`.
   */
  get backend(): Backend {
    return backend;
  }

  /** Where each part runs: `{ scoring: 'native' | 'js', kernel: 'js' }`. */
  get backends(): Backends {
    return backends;
  }

  /** A guarded stream; its return value is the `GuardResult`. */
  stream(
    prompt: string,
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<GuardEvent, GuardResult, undefined> {
    const model = this.#requireModel('stream');
    checkPrompt(prompt);
    const ac = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, ac.signal]) : ac.signal;
    const guard = resolveGuardOptions(this.#options, { prompt, signal });
    return guardTextStream(modelText(model, prompt, signal, 0), guard);
  }

  /** Generates candidates and returns the best approved one, or a rejection with evidence. */
  async process(prompt: string, options: { signal?: AbortSignal } = {}): Promise<AgentResult> {
    const model = this.#requireModel('process');
    checkPrompt(prompt);
    const candidates: AgentCandidate[] = [];
    for (let i = 0; i < this.#candidates; i++) {
      if (options.signal?.aborted) break;
      const ac = new AbortController();
      const signal = options.signal ? AbortSignal.any([options.signal, ac.signal]) : ac.signal;
      const it = guardTextStream(modelText(model, prompt, signal, i), {
        ...resolveGuardOptions(this.#options, { prompt, signal }),
        release: 'verified',
      });
      let step = await it.next();
      while (!step.done) step = await it.next();
      const result = step.value;
      const score = result.segments.length === 0 ? 0 : result.minScore;
      const approved = !result.halted && score >= this.config.coherenceThreshold;
      candidates.push({ index: i, text: result.text, approved, score, halt: result.halt, result });
      // A clean pass (approved, no warning) ends the search early.
      if (approved && score >= this.config.softLimit) break;
    }
    const approved = candidates.filter((c) => c.approved);
    const pool = approved.length > 0 ? approved : candidates;
    const best = pool.reduce<AgentCandidate | null>(
      (a, c) => (a === null || c.score > a.score ? c : a),
      null,
    );
    if (best?.approved) {
      return {
        output: best.text,
        approved: true,
        score: best.score,
        candidatesEvaluated: candidates.length,
        candidates,
        rejection: null,
      };
    }
    return {
      output: '',
      approved: false,
      score: best?.score ?? 0,
      candidatesEvaluated: candidates.length,
      candidates,
      rejection:
        best === null
          ? null
          : {
              reason: 'all_candidates_rejected',
              best,
              suggestedAction:
                best.halt?.suggestedAction ??
                'No candidate was grounded well enough. Rephrase the prompt or add the relevant facts to the knowledge base.',
            },
    };
  }

  #requireModel(call: 'process' | 'stream'): AgentModel {
    if (this.#model !== undefined) return this.#model;
    throw new BackfireInputError(
      'model',
      undefined,
      `is missing: ${call}() needs a model. Pass one to the constructor: new CoherenceAgent({ model }) with an AI SDK LanguageModel or a text generator function (prompt, { signal }) => text`,
    );
  }
}

function checkPrompt(prompt: unknown): void {
  checkText('prompt', prompt);
}
