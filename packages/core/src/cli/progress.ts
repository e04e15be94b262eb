/**
 * A progress bar on stderr while a long run goes on — only when stderr is a terminal, so logs and
 * pipes never see control characters. `cli-progress` is loaded only then (never by the library).
 */
import type { Writable } from 'node:stream';

export interface Progress {
  update(done: number, total: number, phase: string): void;
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

export async function createProgress(
  stream: Writable & { isTTY?: boolean },
  enabled: boolean,
): Promise<Progress> {
  if (!enabled || stream.isTTY !== true) return NONE;
  const mod = await import('cli-progress');
  // A CommonJS package: its exports object is the default export.
  const lib = mod.default;
  const bar = new lib.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format:
        'backfire {phase} |{bar}| {percentage}% · {value}/{total} answers · {duration_formatted}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      // Scoring keeps the event loop busy: redraw from update() rather than from a timer.
      synchronousUpdate: true,
      fps: 10,
    },
    lib.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, phase) {
      if (!started) {
        bar.start(total, done, { phase });
        started = true;
      } else bar.update(done, { phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
