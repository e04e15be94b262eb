import type { GuardHalt } from '../guard/types.js';
import { checkFunction, checkInteger, checkObject, checkText } from '../internal/check.js';
import { assertKnownKeys, optionKeys } from '../internal/options.js';
import { repairNote } from './note.js';

/**
 * `repair` in every adapter's options: `false` (default) ends a halted answer; an object makes the
 * adapter ask the same model to continue the answer from its verified part, with the contradicted
 * fact in hand, in the same response.
 */
export type RepairOption = false | RepairOptions;

export interface RepairOptions {
  /** How many repairs one answer may have; when they run out the last halt ends it. Default 1. */
  attempts?: number;
  /**
   * The correction note sent to the model with the verified part of the answer. Default:
   * `repairNote(halt)` — the withheld sentence, the fact it contradicted, and "continue the answer
   * from here, consistent with these facts". The note goes to the model only, never to the client.
   */
  instructions?: (halt: GuardHalt) => string;
}

const REPAIR_OPTION_KEYS = optionKeys<RepairOptions>()(['attempts', 'instructions']);

/** `repair` validated, with its defaults. */
export interface ResolvedRepair {
  readonly attempts: number;
  readonly instructions: (halt: GuardHalt) => string;
}

/**
 * Validates the `repair` option where the adapter's options enter: `undefined` and `false` mean no
 * repair (null); an object needs an integer `attempts` ≥ 1 and a function `instructions`, and no
 * other key. Errors are `BackfireInputError`s naming the field (`repair.attempts`).
 */
export function resolveRepairOptions(value: unknown): ResolvedRepair | null {
  if (value === undefined || value === false) return null;
  checkObject('repair', value, {
    arrays: 'rejected',
    rule: 'must be false or { attempts?, instructions? }',
  });
  assertKnownKeys('repair', value, REPAIR_OPTION_KEYS);
  const { attempts = 1, instructions = repairNote } = value as RepairOptions;
  checkInteger('repair.attempts', attempts, 1);
  checkFunction('repair.instructions', instructions);
  return { attempts, instructions };
}

/**
 * Whether a halt can be repaired: the answer said something wrong (a contradiction, an
 * unsupported claim, a drift). A failed or late scorer, a failed model stream and an emergency stop
 * end the answer as before — asking the model again would not fix them, and an emergency stop
 * must stop.
 */
export function isRepairable(halt: GuardHalt): boolean {
  switch (halt.kind) {
    case 'hard_limit':
    case 'unsupported':
    case 'window_avg':
    case 'downward_trend':
      return true;
    default:
      return false;
  }
}

/** The correction note for `halt`: the caller's `instructions`, checked to return a string. */
export function correctionNote(repair: ResolvedRepair, halt: GuardHalt): string {
  const note = repair.instructions(halt);
  return checkText('repair.instructions(halt)', note, { rule: 'must return a string' });
}
