import type { BackfireConfig as AddonConfig } from '@backfire/native';
import type {
  BackfireConfigFields,
  BackfireConfigInit,
  BackfirePresetName,
  HaltMode,
} from '../../config/index.js';
import { addon } from '../addon.js';
import { callAddon as call } from '../errors.js';

/**
 * A validated, immutable configuration, validated in Rust with the same rules and messages as
 * core's TypeScript `BackfireConfig` (`BackfireConfigError`, code `BACKFIRE_CONFIG`). It keeps the
 * reference implementation's name on `@backfire/core/native`; the kernels there take either one.
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
  declare readonly _raw: AddonConfig;

  constructor(init: BackfireConfigInit = {}) {
    const raw = call(() => new (addon().BackfireConfig)(init as Record<string, unknown>));
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
    const raw = call(() =>
      addon().BackfireConfig.preset(name, overrides as Record<string, unknown>),
    );
    return new BackfireConfig(raw.toJSON() as BackfireConfigInit);
  }

  /** Accepts a config, a fields object or nothing; always returns a validated config. */
  static from(input?: BackfireConfig | BackfireConfigInit | null): BackfireConfig {
    if (input instanceof BackfireConfig) return input;
    return new BackfireConfig(input ?? {});
  }

  /** Parses the output of `toJSON()` (a string or an object); unknown keys are rejected. */
  static fromJSON(json: string | BackfireConfigInit): BackfireConfig {
    const raw = call(() =>
      addon().BackfireConfig.fromJSON(json as string | Record<string, unknown>),
    );
    return new BackfireConfig(raw.toJSON() as BackfireConfigInit);
  }

  /** A copy with some fields changed (validated again). */
  with(overrides: BackfireConfigInit): BackfireConfig {
    const raw = call(() => this._raw.with(overrides as Record<string, unknown>));
    return new BackfireConfig(raw.toJSON() as BackfireConfigInit);
  }

  toJSON(): BackfireConfigFields {
    return this._raw.toJSON() as unknown as BackfireConfigFields;
  }
}
