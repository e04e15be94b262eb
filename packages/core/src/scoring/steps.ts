import type { NliOutcome, Step, StepResult } from '../engine/index.js';
import { describeValue } from '../errors/errors.js';
import { isPromiseLike } from '../internal/async.js';
import type { EvidenceChunk, KnowledgeSource } from '../knowledge/types.js';
import type { ExplainingNliBackend, ExplainOptions, NliBackend } from '../nli/types.js';
import type { ScoreFailure } from './types.js';

/** What a plan's steps run on: the scorer's own knowledge source and NLI backend. */
export interface StepBackends {
  readonly knowledge: KnowledgeSource | undefined;
  readonly nli: NliBackend;
}

/** A backend misbehaved: the review fails closed with this failure and reason. */
export class StepFailure extends Error {
  constructor(
    readonly failure: ScoreFailure,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return describeValue(err);
}

function validChunks(value: unknown): readonly EvidenceChunk[] {
  if (!Array.isArray(value)) {
    throw new StepFailure(
      'knowledge_error',
      `knowledge source returned ${describeValue(value)} instead of an array of chunks`,
    );
  }
  for (const [i, c] of value.entries()) {
    if (typeof c !== 'object' || c === null || typeof (c as EvidenceChunk).text !== 'string') {
      throw new StepFailure(
        'knowledge_error',
        `knowledge source returned a chunk without text at index ${i}: ${describeValue(c)}`,
      );
    }
  }
  return value as EvidenceChunk[];
}

/** Runs one step; returns its result or a Promise of it. Throws StepFailure on bad output. */
export function runStep(
  step: Step,
  backends: StepBackends,
  signal?: AbortSignal,
): StepResult | Promise<StepResult> {
  if (step.kind === 'retrieve') {
    let out: unknown;
    try {
      out = backends.knowledge!.retrieve(step.query, step.options);
    } catch (err) {
      throw new StepFailure('knowledge_error', `knowledge source threw: ${errorText(err)}`);
    }
    if (isPromiseLike(out)) {
      return Promise.resolve(out).then(validChunks, (err: unknown) => {
        throw new StepFailure('knowledge_error', `knowledge source rejected: ${errorText(err)}`);
      });
    }
    return validChunks(out);
  }
  return runNli(backends.nli, step.pairs, step.context, step.answer, signal);
}

function runNli(
  nli: NliBackend,
  pairs: ReadonlyArray<readonly [string, string]>,
  context: string,
  answer: ExplainOptions,
  signal?: AbortSignal,
): StepResult | Promise<StepResult> {
  const name = typeof nli.name === 'string' ? nli.name : 'nli';
  const check = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new StepFailure(
        'nli_invalid',
        `NLI backend "${name}" returned ${describeValue(value)}; a divergence must be a number in [0, 1]`,
      );
    }
    return value;
  };
  const fail = (err: unknown, verb: string): never => {
    if (err instanceof StepFailure) throw err;
    throw new StepFailure('nli_error', `NLI backend "${name}" ${verb}: ${errorText(err)}`);
  };
  try {
    const explainer = nli as Partial<ExplainingNliBackend>;
    if (typeof explainer.explain === 'function') {
      return pairs.map(([p, h], i) => {
        // Pair 0 is the prompt: an answer is expected to add details the prompt lacks.
        const e = explainer.explain!(p, h, context, i === 0 ? { specifics: false } : answer);
        if (typeof e !== 'object' || e === null) return { divergence: check(e), cue: null };
        return { divergence: check(e.divergence), cue: e.cue ?? null };
      });
    }
    let raw: unknown;
    // Only async reviews carry a signal; sync backends are called exactly as before.
    const callOptions = signal === undefined ? undefined : { signal };
    if (pairs.length > 1 && typeof nli.divergenceBatch === 'function') {
      raw =
        callOptions === undefined
          ? nli.divergenceBatch(pairs)
          : nli.divergenceBatch(pairs, callOptions);
    } else {
      const values = pairs.map(([p, h]) =>
        callOptions === undefined ? nli.divergence(p, h) : nli.divergence(p, h, callOptions),
      );
      raw = values.some(isPromiseLike) ? Promise.all(values) : values;
    }
    const finish = (values: unknown): NliOutcome[] => {
      if (!Array.isArray(values) || values.length !== pairs.length) {
        throw new StepFailure(
          'nli_invalid',
          `NLI backend "${name}" returned ${describeValue(values)} for ${pairs.length} pairs`,
        );
      }
      return values.map((v) => ({ divergence: check(v), cue: null }));
    };
    if (isPromiseLike(raw)) {
      return Promise.resolve(raw).then(finish, (err: unknown) => fail(err, 'rejected'));
    }
    return finish(raw);
  } catch (err) {
    return fail(err, 'threw');
  }
}
