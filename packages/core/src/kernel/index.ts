export { formatReason, isSentenceEnd } from './format.js';
export { StreamMonitor } from './monitor.js';
export { COHERENCE_INTERRUPT, SafetyKernel } from './safety-kernel.js';
export { invalidScoreOf, sanitizeScore } from './sanitize.js';
export { StreamSession, type StreamSessionJSON } from './session.js';
export {
  type KernelOptions,
  StreamingKernel,
  type StreamTokensAsyncOptions,
} from './streaming-kernel.js';
export type {
  AsyncScoreCallback,
  HaltKind,
  MonitorOptions,
  ScoreCallback,
  TokenContext,
  TokenEvent,
} from './types.js';
