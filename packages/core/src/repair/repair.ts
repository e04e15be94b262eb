import { BackfireError } from '../errors/errors.js';
import type { Guard } from '../guard/guard.js';
import { type BackfireHaltRecord, keptText, publicHaltRecord } from '../guard/halt-record.js';
import type { GuardHalt, GuardResume } from '../guard/types.js';
import { correctionNote, type ResolvedRepair } from './options.js';

/** One repair, as adapters report it (`providerMetadata.backfire.repairs`, LangChain's too). */
export type BackfireRepair = {
  /** 1 for the first repair of the answer, 2 for the next, … */
  readonly attempt: number;
  /** The halt that was repaired, client-safe (no offending sentence). */
  readonly halt: BackfireHaltRecord;
  /** Characters of the answer the continuation starts after (the verified prefix). */
  readonly keptChars: number;
  /**
   * Released text the repair withdraws, as character offsets in the text the client received
   * (that text block): the shown part of the halted sentence (and whatever followed it) in
   * `optimistic` mode, an empty range in `verified` mode, where it was never shown.
   */
  readonly withdrawn: { readonly start: number; readonly end: number };
};

/** What an adapter needs to continue a halted answer. */
export interface RepairPlan {
  /** Start the continuation's guard with this (`createGuard({ ..., resume })`). */
  readonly resume: GuardResume;
  /** The verified prefix: the assistant's text so far in the repair prompt. */
  readonly kept: string;
  /** The correction note for the model (never for the client). */
  readonly note: string;
  /** Characters released beyond `kept` (shown, now withdrawn): 0 in verified mode. */
  readonly withdrawnChars: number;
  readonly halt: GuardHalt;
}

/**
 * The resume point of a halted guard: the verified part of its answer (`keptText`) and the
 * segments scored within it.
 */
export function guardResume(guard: Guard): GuardResume {
  const halt = guard.halt;
  if (halt === null) {
    throw new BackfireError('BACKFIRE_INPUT', 'guardResume: the guard has not halted');
  }
  const text = keptText(guard.releasedText, halt);
  const segments = guard.segments.filter((s) => s.charEnd <= text.length && s.status !== 'failed');
  return { text, segments };
}

/** Plans the repair of a halted guard's answer: where to resume and what to tell the model. */
export function planRepair(guard: Guard, repair: ResolvedRepair): RepairPlan {
  const resume = guardResume(guard);
  const halt = guard.halt as GuardHalt;
  return {
    resume,
    kept: resume.text,
    note: correctionNote(repair, halt),
    withdrawnChars: Math.max(0, guard.releasedText.length - resume.text.length),
    halt,
  };
}

export function repairRecord(
  attempt: number,
  plan: RepairPlan,
  withdrawn: { start: number; end: number },
): BackfireRepair {
  return {
    attempt,
    halt: publicHaltRecord(plan.halt),
    keptChars: plan.kept.length,
    withdrawn: { start: withdrawn.start, end: withdrawn.end },
  };
}
