import { createWriteStream, type WriteStream } from 'node:fs';
import { readJsonlFile } from '../eval/formats.js';
import type { BackfireTrace, TraceRecordFn } from '../guard/trace.js';
import { parseTraceJsonl, type TraceLine } from './replay.js';

/** A `record` callback that appends each trace to a JSONL file, plus a way to close the file. */
export interface JsonlRecorder extends TraceRecordFn {
  /** Resolves once every trace so far is written and the file is closed. */
  close(): Promise<void>;
}

export interface JsonlRecorderOptions {
  /** Called on a write error (once per error); default: one console.warn for the first. */
  onError?: (error: Error) => void;
}

/**
 * `record: jsonlRecorder('traces.jsonl')`: every guarded call becomes one JSON line of `path`
 * (appended; the file is opened on the first trace). Node only — import it from
 * `@backfire/core/record`. The file holds user content (prompts and answers): keep it where you
 * keep conversations, and out of version control.
 */
export function jsonlRecorder(path: string, options: JsonlRecorderOptions = {}): JsonlRecorder {
  let stream: WriteStream | null = null;
  let warned = false;
  const onError =
    options.onError ??
    ((error: Error) => {
      if (warned) return;
      warned = true;
      console.warn(`backfire: cannot write traces to ${path}: ${error.message}`);
    });
  const record = ((trace: BackfireTrace) => {
    if (stream === null) {
      stream = createWriteStream(path, { flags: 'a', encoding: 'utf8' });
      stream.on('error', onError);
    }
    stream.write(`${JSON.stringify(trace)}\n`);
  }) as JsonlRecorder;
  record.close = () =>
    new Promise<void>((resolve) => {
      if (stream === null) {
        resolve();
        return;
      }
      const s = stream;
      stream = null;
      s.end(() => resolve());
      s.once('error', () => resolve());
    });
  return record;
}

/** Reads a JSONL trace file; a problem throws an `EvalInputError` naming the file (and line). */
export function readTraceFile(file: string): TraceLine[] {
  return parseTraceJsonl(readJsonlFile(file), file);
}
