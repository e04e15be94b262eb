/**
 * `@backfire/core/record` (Node only): write traces of guarded calls to a JSONL file and read them
 * back for `backfire replay`. The `record` option itself is part of every adapter's options; this
 * subpath only adds file helpers, so browser and edge bundles never pull `node:fs`.
 */

export {
  type BackfireTrace,
  evidenceChunks,
  TRACE_VERSION,
  type TraceChunk,
  type TraceDelta,
  type TraceHalt,
  type TraceRecordFn,
  type TraceSegment,
} from '../guard/trace.js';
export {
  type JsonlRecorder,
  type JsonlRecorderOptions,
  jsonlRecorder,
  readTraceFile,
} from './jsonl.js';
export {
  formatReplayDiff,
  parseTraceJsonl,
  parseTraceLine,
  type ReplayChange,
  type ReplayDiff,
  type ReplayHaltPoint,
  replayDiff,
  type TraceLine,
  traceItems,
} from './replay.js';
