// The generated Node-API loader (`../index.js`, written by `napi build`) and the shape of what it
// exports. The shape is declared by hand so this package type-checks without a Rust build;
// test/binding.test.ts checks it against the generated `index.d.ts` when the addon is built.

export type HaltKind =
  | 'hard_limit'
  | 'window_avg'
  | 'downward_trend'
  | 'kernel_inactive'
  | 'callback_error'
  | 'timeout'
  | 'source_error';

export type HaltMode = 'hard' | 'soft';

/**
 * What the addon returns for a session: `[stats, haltReason, haltKind, trace, interrupt]`.
 * `stats` is indexed by `Stat`; `trace` holds 3·n numbers: the n scores, the n timestamps, the n
 * event flags. (Array elements and typed arrays cross far cheaper than an object with named keys.)
 */
export type RawSession = [
  stats: Float64Array,
  haltReason: string,
  haltKind: HaltKind | undefined,
  trace: Float64Array,
  interrupt: string | undefined,
];

/** Indexes into `RawSession`'s stats (crates/backfire-napi/src/session.rs, `stat`). */
export const Stat = {
  halted: 0,
  softHalted: 1,
  haltIndex: 2,
  warningCount: 3,
  tokenCount: 4,
  outputLen: 5,
  avgCoherence: 6,
  minCoherence: 7,
  durationMs: 8,
  traced: 9,
} as const;

export type RawCallback = (token: string, ctx: { index: number; text: string }) => number;

export interface RawConfig {
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
  with(overrides: object): RawConfig;
  toJSON(): Record<string, number | string>;
}

export interface RawConfigClass {
  new (init?: unknown): RawConfig;
  preset(name: unknown, overrides?: unknown): RawConfig;
  fromJSON(json: unknown): RawConfig;
}

export interface RawMonitor {
  push(token: unknown, score: number, out: Float64Array): number;
  pushValue(token: unknown, score: unknown, out: Float64Array): number;
  fail(token: unknown, kind: 'callback_error' | 'timeout', out: Float64Array): number;
  pushMany(scores: Float64Array, tokens?: readonly unknown[]): number;
  readonly halted: boolean;
  readonly haltPending: boolean;
  readonly nextIndex: number;
  readonly scoreDue: boolean;
  readonly ended: boolean;
  snapshot(): RawSession;
  end(): RawSession;
}

export interface RawStreamingKernel {
  readonly config: RawConfig;
  readonly isActive: boolean;
  emergencyStop(): void;
  reactivate(): void;
  monitor(trace?: boolean): RawMonitor;
  streamTokens(
    tokens: unknown,
    callback: unknown,
    sourceError: unknown,
    invoke?: Invoke,
    checked?: number,
  ): RawSession;
  streamScores(
    tokens: unknown,
    scores: Float64Array,
    sourceError?: unknown,
    checked?: number,
  ): RawSession;
}

/** Called by the addon for each due token; builds `{ index, text }` and calls the user's callback. */
export type Invoke = (index: number) => unknown;

export interface RawSafetyKernel {
  readonly hardLimit: number;
  readonly isActive: boolean;
  emergencyStop(): void;
  reactivate(): void;
  streamTokens(
    tokens: unknown,
    callback: unknown,
    sourceError: unknown,
    invoke?: Invoke,
    checked?: number,
  ): RawSession;
  streamScores(
    tokens: unknown,
    scores: Float64Array,
    sourceError?: unknown,
    checked?: number,
  ): RawSession;
}

export interface RawBinding {
  ABI_VERSION: number;
  nativeVersion(): string;
  BackfireConfig: RawConfigClass;
  RustStreamingKernel: new (config?: unknown, options?: unknown) => RawStreamingKernel;
  RustSafetyKernel: new (hardLimit?: unknown) => RawSafetyKernel;
}

/** Event flag bits (crates/backfire-napi/src/session.rs). */
export const FLAG_HALTED = 1;
export const FLAG_WARNING = 2;
export const FLAG_RECORDED = 4;

/**
 * The generated loader throws `Cannot find native binding` when no `.node` file matches this
 * platform (or the addon was never built); that error is rethrown with code `BACKFIRE_NATIVE`.
 */
function loadBinding(): RawBinding {
  try {
    return require('../index.js') as RawBinding;
  } catch (cause) {
    const err = new Error(
      '@backfire/native: the Rust addon is not available on this platform or was not built ' +
        '(run `pnpm build` with a Rust toolchain, or install a prebuilt @backfire/native-<platform> package). ' +
        '@backfire/core falls back to its TypeScript kernel on its own.',
      { cause },
    ) as Error & { code: string };
    err.name = 'BackfireError';
    err.code = 'BACKFIRE_NATIVE';
    throw err;
  }
}

/** The addon, loaded when this package is first imported (throws `BACKFIRE_NATIVE` when absent). */
export const native: RawBinding = loadBinding();
