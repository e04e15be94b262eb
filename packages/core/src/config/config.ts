import { BackfireConfigError } from '../errors/errors.js';
import {
  check,
  checkFiniteNumber,
  checkInteger,
  checkObject,
  checkOneOf,
  checkPositive,
} from '../internal/check.js';
import { findUnknownKey } from '../internal/options.js';

/** How a window or trend halt ends the stream: at once, or after the current sentence. */
export type HaltMode = 'hard' | 'soft';

const HALT_MODES: readonly HaltMode[] = ['hard', 'soft'];

/** Every rule of the config is a configuration error. */
const error = BackfireConfigError;

/** Every field of a Backfire configuration, as plain data (what `toJSON()` returns). */
export interface BackfireConfigFields {
  /** A review is approved iff its coherence ≥ this. [0,1]. */
  coherenceThreshold: number;
  /** A token halts the stream iff its score < this. [0,1]. */
  hardLimit: number;
  /** A score < this (and not halting) marks a warning. [0,1], ≥ hardLimit. */
  softLimit: number;
  /** Weight of the logical divergence (response vs prompt). [0,1]; wLogic + wFact = 1. */
  wLogic: number;
  /** Weight of the factual divergence (response vs knowledge). [0,1]; wLogic + wFact = 1. */
  wFact: number;
  /** Number of scores in the sliding window. Integer ≥ 1. */
  windowSize: number;
  /** A full window whose mean < this halts. [0,1]. */
  windowThreshold: number;
  /** Number of recent scores the trend line is fitted through. Integer ≥ 2. */
  trendWindow: number;
  /** A least-squares drop over the trend window > this halts. Finite, > 0. */
  trendThreshold: number;
  /** How many approved responses the scorer remembers. Integer ≥ 0. */
  historyWindow: number;
  /** `hard` halts at the offending token; `soft` finishes the sentence first. */
  haltMode: HaltMode;
  /** In soft mode, at most this many tokens after the trigger. Integer ≥ 1. */
  softHaltCap: number;
  /** Score every Nth token; the others carry the last score. Integer ≥ 1. */
  scoreEveryN: number;
}

/** What `new BackfireConfig(...)` accepts: any subset of the fields; the rest take defaults. */
export type BackfireConfigInit = Partial<BackfireConfigFields>;

/** The names of the built-in presets. */
export type BackfirePresetName = 'default' | 'medical' | 'finance' | 'creative';

export const DEFAULT_CONFIG: Readonly<BackfireConfigFields> = Object.freeze({
  coherenceThreshold: 0.6,
  hardLimit: 0.5,
  softLimit: 0.7,
  wLogic: 0.6,
  wFact: 0.4,
  windowSize: 10,
  windowThreshold: 0.55,
  trendWindow: 5,
  trendThreshold: 0.15,
  historyWindow: 5,
  haltMode: 'hard',
  softHaltCap: 50,
  scoreEveryN: 1,
});

const PRESETS: Readonly<Record<BackfirePresetName, BackfireConfigInit>> = Object.freeze({
  default: {},
  // Stricter drift detection: a medical answer that starts to wander is stopped sooner.
  medical: { hardLimit: 0.5, windowThreshold: 0.6, trendThreshold: 0.1 },
  // Approve only well-grounded reviews and watch drift a little more closely than the default.
  finance: {
    coherenceThreshold: 0.65,
    hardLimit: 0.5,
    windowThreshold: 0.58,
    trendThreshold: 0.12,
  },
  // Loose: creative writing is allowed to leave the knowledge base behind.
  creative: { hardLimit: 0.3, windowThreshold: 0.4, trendThreshold: 0.2 },
});

const FIELD_NAMES = Object.keys(DEFAULT_CONFIG) as (keyof BackfireConfigFields)[];
const WEIGHT_TOLERANCE = 1e-9;

/**
 * A validated, immutable Backfire configuration. Every field is checked when the object is built,
 * so a kernel or scorer holding one never meets NaN, ±Infinity or an out-of-range value.
 */
export class BackfireConfig implements Readonly<BackfireConfigFields> {
  readonly coherenceThreshold: number;
  readonly hardLimit: number;
  readonly softLimit: number;
  readonly wLogic: number;
  readonly wFact: number;
  readonly windowSize: number;
  readonly windowThreshold: number;
  readonly trendWindow: number;
  readonly trendThreshold: number;
  readonly historyWindow: number;
  readonly haltMode: HaltMode;
  readonly softHaltCap: number;
  readonly scoreEveryN: number;

  constructor(init: BackfireConfigInit = {}) {
    checkObject('config', init, {
      error,
      arrays: 'rejected',
      rule: 'must be an object of config fields',
    });
    rejectUnknownKeys(init);
    const f = { ...DEFAULT_CONFIG, ...stripUndefined(init) };
    this.coherenceThreshold = unit('coherenceThreshold', f.coherenceThreshold);
    this.hardLimit = unit('hardLimit', f.hardLimit);
    this.softLimit = unit('softLimit', f.softLimit);
    const softAboveHard = this.softLimit >= this.hardLimit;
    check(
      softAboveHard,
      'softLimit',
      this.softLimit,
      `must be >= hardLimit (${this.hardLimit})`,
      error,
    );
    this.wLogic = unit('wLogic', f.wLogic);
    this.wFact = unit('wFact', f.wFact);
    const sum = this.wLogic + this.wFact;
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
      throw new BackfireConfigError(
        'wLogic + wFact',
        sum,
        `must equal 1 (wLogic ${this.wLogic} + wFact ${this.wFact})`,
      );
    }
    this.windowSize = integer('windowSize', f.windowSize, 1);
    this.windowThreshold = unit('windowThreshold', f.windowThreshold);
    this.trendWindow = integer('trendWindow', f.trendWindow, 2);
    this.trendThreshold = positive('trendThreshold', f.trendThreshold);
    this.historyWindow = integer('historyWindow', f.historyWindow, 0);
    this.haltMode = checkOneOf('haltMode', f.haltMode, HALT_MODES, {
      error,
      rule: `must be 'hard' or 'soft'`,
    });
    this.softHaltCap = integer('softHaltCap', f.softHaltCap, 1);
    this.scoreEveryN = integer('scoreEveryN', f.scoreEveryN, 1);
    Object.freeze(this);
  }

  /** A built-in preset, optionally with some fields overridden. */
  static preset(name: BackfirePresetName, overrides: BackfireConfigInit = {}): BackfireConfig {
    const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
    const known = `must be one of ${Object.keys(PRESETS).join(', ')}`;
    check(preset !== undefined, 'preset', name, known, error);
    return new BackfireConfig({ ...preset, ...overrides });
  }

  /** Accepts a config, a fields object or nothing; always returns a validated config. */
  static from(input?: BackfireConfig | BackfireConfigInit): BackfireConfig {
    if (input instanceof BackfireConfig) return input;
    return new BackfireConfig(input ?? {});
  }

  /**
   * Parses the output of `toJSON()` (a string or an object). Unknown keys are rejected so a typo
   * never silently falls back to a default; missing keys take their defaults.
   */
  static fromJSON(json: string | BackfireConfigInit): BackfireConfig {
    let data: unknown = json;
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json);
      } catch (err) {
        throw new BackfireConfigError(
          'json',
          json,
          `must be valid JSON (${(err as Error).message})`,
        );
      }
    }
    return new BackfireConfig(data as BackfireConfigInit);
  }

  /** A copy with some fields changed (validated again). */
  with(overrides: BackfireConfigInit): BackfireConfig {
    return new BackfireConfig({ ...this.toJSON(), ...overrides });
  }

  toJSON(): BackfireConfigFields {
    const out = {} as Record<string, unknown>;
    for (const key of FIELD_NAMES) out[key] = this[key];
    return out as unknown as BackfireConfigFields;
  }
}

function rejectUnknownKeys(init: object): void {
  const unknown = findUnknownKey(init, FIELD_NAMES);
  if (unknown === undefined) return;
  const { key, suggestion } = unknown;
  throw new BackfireConfigError(
    key,
    (init as Record<string, unknown>)[key],
    suggestion !== undefined
      ? `is not a config field (did you mean "${suggestion}"?)`
      : `is not a config field (known: ${FIELD_NAMES.join(', ')})`,
  );
}

function stripUndefined(init: BackfireConfigInit): BackfireConfigInit {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(init)) if (v !== undefined) out[k] = v;
  return out as BackfireConfigInit;
}

// Every config field is a finite number first, so NaN and ±Infinity are named as such before any
// range rule reads them.

function unit(field: string, value: unknown): number {
  const v = checkFiniteNumber(field, value, { error });
  check(v >= 0 && v <= 1, field, value, 'must be in [0, 1]', error);
  return v === 0 ? 0 : v; // normalise -0
}

function positive(field: string, value: unknown): number {
  return checkPositive(field, checkFiniteNumber(field, value, { error }), { error });
}

function integer(field: string, value: unknown, min: number): number {
  const v = checkInteger(field, checkFiniteNumber(field, value, { error }), min, { error });
  // Integer fields cross to the native kernel as 32-bit integers.
  check(v <= 0x7fffffff, field, value, 'must be <= 2147483647', error);
  return v;
}
