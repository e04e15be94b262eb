import { type HaltMode, native, type RawConfig } from './binding.js';
import { typed } from './errors.js';

/** Every field of a Backfire configuration (what `toJSON()` returns). */
export interface BackfireConfigFields {
  coherenceThreshold: number;
  hardLimit: number;
  softLimit: number;
  wLogic: number;
  wFact: number;
  windowSize: number;
  windowThreshold: number;
  trendWindow: number;
  trendThreshold: number;
  historyWindow: number;
  haltMode: HaltMode;
  softHaltCap: number;
  scoreEveryN: number;
}

/** What `new BackfireConfig(...)` accepts: any subset of the fields. */
export type BackfireConfigInit = Partial<BackfireConfigFields>;

export type BackfirePresetName = 'default' | 'medical' | 'finance' | 'creative';

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw typed(err);
  }
}

/**
 * A validated, immutable configuration, validated in Rust with the same rules and messages as
 * @backfire/core's `BackfireConfig` (`BackfireConfigError`, code `BACKFIRE_CONFIG`).
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
  /** @internal */
  declare readonly _raw: RawConfig;

  constructor(init: BackfireConfigInit = {}) {
    const raw = call(() => new native.BackfireConfig(init));
    Object.defineProperty(this, '_raw', { value: raw, enumerable: false });
    this.coherenceThreshold = raw.coherenceThreshold;
    this.hardLimit = raw.hardLimit;
    this.softLimit = raw.softLimit;
    this.wLogic = raw.wLogic;
    this.wFact = raw.wFact;
    this.windowSize = raw.windowSize;
    this.windowThreshold = raw.windowThreshold;
    this.trendWindow = raw.trendWindow;
    this.trendThreshold = raw.trendThreshold;
    this.historyWindow = raw.historyWindow;
    this.haltMode = raw.haltMode;
    this.softHaltCap = raw.softHaltCap;
    this.scoreEveryN = raw.scoreEveryN;
    Object.freeze(this);
  }

  /** A built-in preset, optionally with some fields overridden. */
  static preset(name: BackfirePresetName, overrides: BackfireConfigInit = {}): BackfireConfig {
    const raw = call(() => native.BackfireConfig.preset(name, overrides));
    return new BackfireConfig(raw.toJSON() as BackfireConfigInit);
  }

  /** Accepts a config, a fields object or nothing; always returns a validated config. */
  static from(input?: BackfireConfig | BackfireConfigInit | null): BackfireConfig {
    if (input instanceof BackfireConfig) return input;
    return new BackfireConfig(input ?? {});
  }

  /** Parses the output of `toJSON()` (a string or an object); unknown keys are rejected. */
  static fromJSON(json: string | BackfireConfigInit): BackfireConfig {
    const raw = call(() => native.BackfireConfig.fromJSON(json));
    return new BackfireConfig(raw.toJSON() as BackfireConfigInit);
  }

  /** A copy with some fields changed (validated again). */
  with(overrides: BackfireConfigInit): BackfireConfig {
    const raw = call(() => this._raw.with(overrides));
    return new BackfireConfig(raw.toJSON() as BackfireConfigInit);
  }

  toJSON(): BackfireConfigFields {
    return this._raw.toJSON() as unknown as BackfireConfigFields;
  }
}
