import type { StreamPart } from '../ai-types.js';

/**
 * The guarded response as its reader gets it: the parts sent so far (a pull that sent nothing is
 * not called again, so the read loop counts them) and whether the response is over. Once it is,
 * nothing more goes out: a verdict that lands late is dropped.
 */
export class Output {
  #controller!: ReadableStreamDefaultController<StreamPart>;
  #done = false;
  #emitted = 0;
  readonly #decorate: (part: StreamPart) => StreamPart;

  /** `decorate` sees every part `emit` sends (the withdrawn ranges of a repair ride on them). */
  constructor(decorate: (part: StreamPart) => StreamPart) {
    this.#decorate = decorate;
  }

  start(controller: ReadableStreamDefaultController<StreamPart>): void {
    this.#controller = controller;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Parts sent so far. */
  get emitted(): number {
    return this.#emitted;
  }

  emit(part: StreamPart): void {
    if (this.#done) return;
    this.#controller.enqueue(this.#decorate(part));
    this.#emitted++;
  }

  /** Sends the last parts as they are and closes the response. */
  close(last: readonly StreamPart[]): void {
    for (const part of last) this.#controller.enqueue(part);
    this.#done = true;
    this.#controller.close();
  }

  /** Ends the response without closing it (it is cancelled, or about to error); false if over. */
  stop(): boolean {
    if (this.#done) return false;
    this.#done = true;
    return true;
  }

  /** Errors the response (after `stop`). */
  error(error: unknown): void {
    this.#controller.error(error);
  }
}
