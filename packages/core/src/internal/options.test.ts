import { thrown } from '@backfire/test-support/errors';
import { describe, expect, it } from 'vitest';
import { CoherenceAgent } from '../agent/agent.js';
import { BackfireConfig } from '../config/config.js';
import { BackfireConfigError, BackfireInputError } from '../errors/errors.js';
import { createGuard } from '../guard/guard.js';
import { guardTextStream } from '../guard/stream.js';
import { InMemoryKnowledge } from '../knowledge/in-memory.js';
import { HeuristicNli } from '../nli/heuristic.js';
import { LlmJudgeNli } from '../nli/llm-judge.js';
import { TransformersNli } from '../nli/transformers.js';
import { CoherenceScorer } from '../scoring/scorer.js';
import { assertKnownKeys, closestKey } from './options.js';

/** Runs `fn`, expects a `BackfireInputError` and returns it. */
const rejects = (fn: () => unknown) => thrown(fn, BackfireInputError);

const score = () => 0.9;
const judgeModel = {
  specificationVersion: 'v3' as const,
  provider: 'test',
  modelId: 'judge',
  doGenerate: async () => {
    throw new Error('not called');
  },
};

describe('closestKey', () => {
  const keys = ['knowledge', 'release', 'scoreTimeoutMs', 'tenant', 'k', 'onTimeout'];

  it.each([
    ['relase', 'release'], // a letter left out
    ['relaese', 'release'], // two letters swapped
    ['knowlege', 'knowledge'],
    ['scoreTimeoutMS', 'scoreTimeoutMs'], // case only
    ['ScoreTimeoutMs', 'scoreTimeoutMs'],
    ['scoreTimeout', 'scoreTimeoutMs'],
    ['tennant', 'tenant'],
    ['K', 'k'],
    ['ontimeout', 'onTimeout'],
  ])('%s → %s', (typo, meant) => {
    expect(closestKey(typo, keys)).toBe(meant);
  });

  it.each(['banana', 'x', 'prompt', 'maxUnverifiedTokens', ''])('%s → nothing', (far) => {
    expect(closestKey(far, keys)).toBeUndefined();
  });
});

describe('assertKnownKeys', () => {
  const allowed = ['release', 'knowledge'];

  it('names the key, the entry point and the key probably meant', () => {
    const err = rejects(() => assertKnownKeys('thing', { relase: 'verified' }, allowed));
    expect(err.message).toBe('unknown option "relase" in thing options — did you mean "release"?');
    expect(err.code).toBe('BACKFIRE_INPUT');
    expect(err.field).toBe('relase');
    expect(err.value).toBe('verified');
  });

  it('lists the known keys when none is close', () => {
    const err = rejects(() => assertKnownKeys('thing', { colour: 'red' }, allowed));
    expect(err.message).toBe(
      'unknown option "colour" in thing options (known: release, knowledge)',
    );
    expect(err.field).toBe('colour');
  });

  it('accepts known keys, undefined ones included, and only looks at own string keys', () => {
    expect(() => assertKnownKeys('thing', {}, allowed)).not.toThrow();
    expect(() =>
      assertKnownKeys('thing', { release: undefined, knowledge: undefined }, allowed),
    ).not.toThrow();
    const inherited = Object.create({ relase: 'verified' }) as object;
    expect(() => assertKnownKeys('thing', inherited, allowed)).not.toThrow();
    expect(() => assertKnownKeys('thing', { [Symbol('x')]: 1 }, allowed)).not.toThrow();
    // Not an object: the caller's type check reports it.
    expect(() => assertKnownKeys('thing', undefined, allowed)).not.toThrow();
  });

  it('rejects an unknown key even when its value is undefined', () => {
    expect(rejects(() => assertKnownKeys('thing', { relase: undefined }, allowed)).field).toBe(
      'relase',
    );
  });
});

describe('core entry points reject unknown option keys', () => {
  it('createGuard', () => {
    expect(rejects(() => createGuard({ scorer: score, relase: 'verified' } as never)).message).toBe(
      'unknown option "relase" in createGuard options — did you mean "release"?',
    );
    expect(
      rejects(() => createGuard({ scorer: score, scoreTimeoutMS: 50 } as never)).message,
    ).toContain('did you mean "scoreTimeoutMs"?');
    const far = rejects(() => createGuard({ scorer: score, knowledge: {} } as never));
    expect(far.field).toBe('knowledge');
    expect(far.message).toMatch(/^unknown option "knowledge" in createGuard options \(known: /);
    // Known keys set to undefined are fine, and the guard works.
    const guard = createGuard({ scorer: score, release: undefined, tenant: undefined });
    expect(guard.release).toBe('optimistic');
    guard.cancel();
  });

  it('guardTextStream (onEvent belongs to createGuard: the stream supplies its own)', async () => {
    const typo = guardTextStream(['Hi. '], { scorer: score, relase: 'verified' } as never);
    await expect(typo.next()).rejects.toThrow(
      'unknown option "relase" in guardTextStream options — did you mean "release"?',
    );
    const other = guardTextStream(['Hi. '], { scorer: score, onEvent: () => {} } as never);
    await expect(other.next()).rejects.toThrow(/unknown option "onEvent" in guardTextStream/);
    const ok = guardTextStream(['The sky is blue. '], { scorer: score, release: 'verified' });
    let step = await ok.next();
    while (step.done !== true) step = await ok.next();
    expect(step.value.text).toBe('The sky is blue. ');
  });

  it('CoherenceScorer and its review options', async () => {
    const kb = new InMemoryKnowledge().addFact('sky', 'The sky is blue.');
    expect(rejects(() => new CoherenceScorer({ knowlege: kb } as never)).message).toBe(
      'unknown option "knowlege" in CoherenceScorer options — did you mean "knowledge"?',
    );
    // An adapter-level key is not a scorer option.
    expect(rejects(() => new CoherenceScorer({ release: 'verified' } as never)).field).toBe(
      'release',
    );
    const scorer = new CoherenceScorer({ knowledge: kb, evidenceK: undefined });
    const prompt = 'What colour is the sky?';
    expect(rejects(() => scorer.review(prompt, 'Blue.', { tenat: 'a' } as never)).message).toBe(
      'unknown option "tenat" in review options — did you mean "tenant"?',
    );
    expect(
      rejects(() => scorer.reviewSegment(prompt, 'Blue.', { previus: '' } as never)).message,
    ).toContain('did you mean "previous"?');
    await expect(scorer.reviewAsync(prompt, 'Blue.', { timeoutMS: 10 } as never)).rejects.toThrow(
      'did you mean "timeoutMs"?',
    );
    await expect(
      scorer.reviewSegmentAsync(prompt, 'Blue.', { signl: undefined } as never),
    ).rejects.toThrow('unknown option "signl" in reviewSegmentAsync options');
    expect(scorer.review(prompt, 'The sky is blue.', { tenant: undefined }).approved).toBe(true);
  });

  it('InMemoryKnowledge: constructor, retrieve and tenant options', () => {
    expect(rejects(() => new InMemoryKnowledge({ Native: false } as never)).message).toBe(
      'unknown option "Native" in InMemoryKnowledge options — did you mean "native"?',
    );
    const kb = new InMemoryKnowledge({ native: false });
    kb.addFact('sky', 'The sky is blue.', { tenant: 'a' });
    kb.addFact('grass', 'Grass is green.');
    expect(rejects(() => kb.retrieve('sky', { K: 1 } as never)).message).toBe(
      'unknown option "K" in retrieve options — did you mean "k"?',
    );
    expect(rejects(() => kb.retrieve('sky', { limit: 1 } as never)).message).toBe(
      'unknown option "limit" in retrieve options (known: k, tenant)',
    );
    // A misspelt tenant used to store the fact for everyone, and to clear every tenant.
    expect(
      rejects(() => kb.addFact('sea', 'The sea is blue.', { tenat: 'a' } as never)).field,
    ).toBe('tenat');
    expect(rejects(() => kb.clear({ tenat: 'a' } as never)).field).toBe('tenat');
    expect(rejects(() => kb.remove('sky', { tenat: 'a' } as never)).field).toBe('tenat');
    expect(rejects(() => kb.passageCount({ tenat: 'a' } as never)).field).toBe('tenat');
    expect(kb.size).toBe(2);
    expect(kb.retrieve('sky', { k: 1, tenant: 'a' }).map((c) => c.id)).toEqual(['sky']);
  });

  it('CoherenceAgent', () => {
    const model = async () => 'The sky is blue.';
    expect(rejects(() => new CoherenceAgent({ model, candidate: 2 } as never)).message).toBe(
      'unknown option "candidate" in CoherenceAgent options — did you mean "candidates"?',
    );
    expect(rejects(() => new CoherenceAgent({ model, relase: 'verified' } as never)).field).toBe(
      'relase',
    );
    expect(new CoherenceAgent({ model, candidates: 2, release: 'verified' })).toBeInstanceOf(
      CoherenceAgent,
    );
  });

  it('the NLI backends', () => {
    expect(rejects(() => new HeuristicNli({ specific: false } as never)).message).toBe(
      'unknown option "specific" in HeuristicNli options — did you mean "specifics"?',
    );
    expect(new HeuristicNli({ specifics: false }).specifics).toBe(false);
    expect(
      rejects(() => new LlmJudgeNli({ model: judgeModel, retries: 3 } as never)).message,
    ).toMatch(/^unknown option "retries" in LlmJudgeNli options \(known: model, /);
    expect(
      rejects(() => new LlmJudgeNli({ model: judgeModel, maxConcurency: 2 } as never)).message,
    ).toContain('did you mean "maxConcurrency"?');
    expect(new LlmJudgeNli({ model: judgeModel, maxConcurrency: 2 }).name).toBe(
      'llm-judge:test/judge',
    );
    expect(
      rejects(() => new TransformersNli({ model: './m', allowRemoteModel: true } as never)).message,
    ).toBe(
      'unknown option "allowRemoteModel" in TransformersNli options — did you mean "allowRemoteModels"?',
    );
    expect(new TransformersNli({ model: './m', batchSize: 4 })).toBeInstanceOf(TransformersNli);
  });

  it('config options share the check, and suggest too', () => {
    const config = thrown(
      () => new BackfireConfig({ hardlimit: 0.4 } as never),
      BackfireConfigError,
    );
    expect(config.field).toBe('hardlimit');
    expect(config.message).toBe(
      'hardlimit is not a config field (did you mean "hardLimit"?), got 0.4',
    );
  });
});
