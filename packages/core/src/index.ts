export * from './agent/index.js';
export * from './config/index.js';
export * from './errors/index.js';
export * from './guard/index.js';
export type {
  BackfireTrace,
  TraceChunk,
  TraceDelta,
  TraceHalt,
  TraceRecordFn,
  TraceSegment,
} from './guard/trace.js';
// For adapters and packages built on core: the one unknown-option check every entry point uses,
// and the value checks that keep their "must be …" messages the same as core's.
export {
  type CheckError,
  type CheckOptions,
  check,
  checkArray,
  checkBoolean,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkNonEmptyText,
  checkObject,
  checkOneOf,
  checkPositive,
  checkText,
  checkTextPairs,
} from './internal/check.js';
export {
  assertKnownKeys,
  findUnknownKey,
  type ListsEveryKey,
  optionKeys,
  type UnknownKey,
} from './internal/options.js';
export * from './kernel/index.js';
export * from './knowledge/index.js';
export {
  type Backend,
  type Backends,
  backend,
  backends,
  getNative,
  type NativeLoadStatus,
  nativeAvailable,
  nativeLoadError,
  nativeStatus,
} from './native/index.js';
export * from './nli/index.js';
// The repair runtime (planRepair, repairNote, …) is for adapters and custom notes:
// `@backfire/core/repair`. The root keeps only its types, so apps that never repair do not bundle it.
export type {
  BackfireRepair,
  RepairOption,
  RepairOptions,
  RepairPlan,
  ResolvedRepair,
} from './repair/index.js';
export * from './scoring/index.js';
export {
  activeTelemetryContext,
  loadTelemetry,
  type OtelSpan,
  type OtelTracer,
  type TelemetryOption,
  type TelemetrySettings,
} from './telemetry/index.js';
export * from './text/index.js';
