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

/** What the addon returns for a session: scalars plus typed arrays (one copy, no per-token objects). */
export interface RawSession {
  halted: boolean;
  softHalted: boolean;
  haltIndex: number;
  haltReason: string;
  haltKind?: HaltKind;
  warningCount: number;
  tokenCount: number;
  outputLen: number;
  avgCoherence: number;
  minCoherence: number;
  durationMs: number;
  traced: boolean;
  coherence: Float64Array;
  timestamps: Float64Array;
  flags: Uint8Array;
  interrupt?: string;
}

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
  streamTokens(tokens: unknown, callback: unknown, sourceError?: unknown): RawSession;
  streamScores(tokens: unknown, scores: Float64Array, sourceError?: unknown): RawSession;
}

export interface RawSafetyKernel {
  readonly hardLimit: number;
  readonly isActive: boolean;
  emergencyStop(): void;
  reactivate(): void;
  streamTokens(tokens: unknown, callback: unknown, sourceError?: unknown): RawSession;
  streamScores(tokens: unknown, scores: Float64Array, sourceError?: unknown): RawSession;
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
