import { describe, expect, it } from 'vitest';
import { BackfireInputError } from '../errors/errors.js';
import { coherenceScoreFn } from '../guard/adapter-options.js';
import { createGuard } from '../guard/guard.js';
import type { GuardHalt, SegmentScoreRequest } from '../guard/types.js';
import { StreamingKernel } from '../kernel/streaming-kernel.js';
import { InMemoryKnowledge } from '../knowledge/in-memory.js';
import { CoherenceScorer } from '../scoring/scorer.js';
import { repairNote } from './note.js';
import { isRepairable, resolveRepairOptions } from './options.js';
import { guardResume, planRepair, repairRecord } from './repair.js';

const scorer = (req: SegmentScoreRequest) => {
  if (req.segment.includes('WRONG')) {
    return { score: 0.1, evidence: { text: 'The sky is blue by day.' } };
  }
  return 0.9;
};
const BAD = 'The sky is blue. It is WRONG green. Sunsets look red. ';
const byWords = (t: string) => t.match(/\S+\s*/gu) ?? [];

async function halted(release: 'optimistic' | 'verified') {
  const guard = createGuard({ scorer, prompt: 'What colour is the sky?', release });
  for (const w of byWords(BAD)) await guard.write(w);
  await guard.end();
  return guard;
}

describe('resolveRepairOptions', () => {
  it('false and undefined mean no repair; an object gets its defaults', () => {
    expect(resolveRepairOptions(undefined)).toBeNull();
    expect(resolveRepairOptions(false)).toBeNull();
    const r = resolveRepairOptions({});
    expect(r?.attempts).toBe(1);
    expect(r?.instructions).toBe(repairNote);
    const custom = () => 'fix it';
    expect(resolveRepairOptions({ attempts: 3, instructions: custom })).toEqual({
      attempts: 3,
      instructions: custom,
    });
  });

  it('rejects bad values and unknown keys, naming the field', () => {
    for (const bad of [true, null, 1, 'yes', []]) {
      expect(() => resolveRepairOptions(bad)).toThrow(BackfireInputError);
    }
    for (const attempts of [0, -1, 1.5, Number.NaN, '2']) {
      expect(() => resolveRepairOptions({ attempts })).toThrow(/repair\.attempts/);
    }
    expect(() => resolveRepairOptions({ instructions: 'text' })).toThrow(/repair\.instructions/);
    expect(() => resolveRepairOptions({ attempt: 2 })).toThrow(/did you mean "attempts"/);
  });
});

describe('repairNote', () => {
  it('names the withheld sentence, the contradicted fact and says to continue', async () => {
    const kb = new InMemoryKnowledge();
    kb.addFact('eiffel height', 'The Eiffel Tower is 330 metres tall.');
    kb.addFact('eiffel completion', 'The Eiffel Tower was completed in 1889.');
    const guard = createGuard({
      scorer: coherenceScoreFn(new CoherenceScorer({ knowledge: kb })),
      prompt: 'How tall is the Eiffel Tower?',
    });
    for (const w of byWords(
      'The Eiffel Tower was completed in 1889. The Eiffel Tower is 120 metres tall. It is popular. ',
    )) {
      await guard.write(w);
    }
    await guard.end();
    const halt = guard.halt as GuardHalt;
    expect(halt.kind).toBe('hard_limit');
    const note = repairNote(halt);
    expect(note).toContain('"The Eiffel Tower is 120 metres tall."');
    expect(note).toContain('330 metres tall');
    expect(note).toContain('Continue the answer from here, consistent with these facts.');
  });

  it("falls back to a custom scorer's evidence text", async () => {
    const note = repairNote((await halted('verified')).halt as GuardHalt);
    expect(note).toContain('It is WRONG green.');
    expect(note).toContain('- The sky is blue by day.');
  });

  it('only content halts are repairable', () => {
    const base = (await_kind: GuardHalt['kind']) => ({ kind: await_kind }) as GuardHalt;
    expect(isRepairable(base('hard_limit'))).toBe(true);
    expect(isRepairable(base('unsupported'))).toBe(true);
    expect(isRepairable(base('window_avg'))).toBe(true);
    expect(isRepairable(base('kernel_inactive'))).toBe(false);
    expect(isRepairable(base('callback_error'))).toBe(false);
    expect(isRepairable(base('timeout'))).toBe(false);
  });
});

describe('guard resume', () => {
  for (const release of ['optimistic', 'verified'] as const) {
    it(`${release}: the plan keeps the verified prefix and counts what was shown beyond it`, async () => {
      const guard = await halted(release);
      const plan = planRepair(guard, resolveRepairOptions({})!);
      expect(plan.kept).toBe('The sky is blue. ');
      expect(plan.resume.segments.map((s) => s.text)).toEqual(['The sky is blue. ']);
      expect(plan.withdrawnChars).toBe(guard.releasedText.length - plan.kept.length);
      if (release === 'verified') expect(plan.withdrawnChars).toBe(0);
      else expect(plan.withdrawnChars).toBeGreaterThan(0);
      const record = repairRecord(1, plan, { start: 17, end: 17 + plan.withdrawnChars });
      expect(record).toMatchObject({ attempt: 1, keptChars: 17, halt: { kind: 'hard_limit' } });
      expect(JSON.stringify(record)).not.toContain('WRONG');
    });
  }

  it('a resumed guard continues the answer: offsets, context, released text and segments', async () => {
    const first = await halted('verified');
    const requests: SegmentScoreRequest[] = [];
    const released: { text: string; offset: number }[] = [];
    const guard = createGuard({
      scorer: (req) => {
        requests.push(req);
        return scorer(req);
      },
      release: 'verified',
      resume: guardResume(first),
      onEvent: (e) => {
        if (e.type === 'release') released.push({ text: e.text, offset: e.offset });
      },
    });
    for (const w of byWords('It is blue at noon. Sunsets look red.')) await guard.write(w);
    const result = await guard.end();
    expect(result.halted).toBe(false);
    expect(result.text).toBe('The sky is blue. It is blue at noon. Sunsets look red.');
    expect(released[0]).toEqual({ text: 'It is blue at noon. ', offset: 17 });
    expect(requests[0]?.previous).toBe('The sky is blue. ');
    expect(result.segments.map((s) => [s.index, s.charStart, s.tokenStart])).toEqual([
      [0, 0, 0],
      [1, 17, 4],
      [2, 37, 9],
    ]);
    expect(result.tokensGenerated).toBe(12);
  });

  it("the kernel's window continues from the kept scores", async () => {
    // Window of 3, threshold 0.55: kept 0.5, 0.5 then 0.6 gives a mean below it — a fresh window
    // would not be full yet.
    const kernel = new StreamingKernel({
      hardLimit: 0.4,
      windowSize: 3,
      windowThreshold: 0.55,
      trendWindow: 10,
    });
    const low = (req: SegmentScoreRequest) => (req.segment.startsWith('C') ? 0.6 : 0.5);
    const resume = {
      text: 'A one. B two. ',
      segments: [
        { index: 0, text: 'A one. ', charStart: 0, charEnd: 7, tokenStart: 0, tokenEnd: 2 },
        { index: 1, text: 'B two. ', charStart: 7, charEnd: 14, tokenStart: 2, tokenEnd: 4 },
      ].map((s) => ({
        ...s,
        kind: 'sentence' as const,
        status: 'passed' as const,
        score: 0.5,
        evidence: null,
        durationMs: 0,
      })),
    };
    const guard = createGuard({ scorer: low, kernel, resume });
    await guard.write('C three. ');
    const result = await guard.end();
    expect(result.halt?.kind).toBe('window_avg');
    expect(result.halt?.charOffset).toBe(14);
  });

  it('rejects a malformed resume', () => {
    expect(() => createGuard({ scorer, resume: 'x' as never })).toThrow(/resume/);
    expect(() => createGuard({ scorer, resume: { text: '', segments: 1 as never } })).toThrow(
      /resume\.segments/,
    );
  });
});
