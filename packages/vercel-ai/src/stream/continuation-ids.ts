import type { StreamPart } from '../ai-types.js';

type IdPart = Extract<StreamPart, { id: string }>;

/**
 * The block ids of a repaired response as the client sees them. A repair call's parts join the
 * same response: its first text block continues the halted one (no second `text-start`), ids
 * this response already used are made unique, and its `stream-start` is dropped.
 */
export class ContinuationIds {
  readonly #map = new Map<string, string>();
  readonly #used = new Set<string>();
  #continueInto: string | null = null;

  /** Notes a text or reasoning block id the client has been sent. */
  use(id: string): void {
    this.#used.add(id);
  }

  /** A repair call starts: its first text block continues `blockId`. */
  restart(blockId: string): void {
    this.#map.clear();
    this.#continueInto = blockId;
  }

  /**
   * The halted block, when the repair call has not continued it (yet): the caller ends it. Null
   * once a text block continued it.
   */
  takeOpenBlock(): string | null {
    const id = this.#continueInto;
    this.#continueInto = null;
    return id;
  }

  /** The part as the client sees it, or null for a part it must not see. `attempt` names ids. */
  remap(part: StreamPart, attempt: number): StreamPart | null {
    if (part.type === 'stream-start') return null;
    if (!hasBlockId(part)) return part;
    let id = this.#map.get(part.id);
    if (id === undefined) {
      if (this.#continueInto !== null && part.type.startsWith('text-')) {
        id = this.#continueInto;
        this.#continueInto = null;
        this.#map.set(part.id, id);
        if (part.type === 'text-start') return null;
      } else {
        id = this.#used.has(part.id) ? `${part.id}-repair-${attempt}` : part.id;
        this.#map.set(part.id, id);
      }
    }
    return id === part.id ? part : ({ ...part, id } as StreamPart);
  }
}

// Text and reasoning blocks: the ids a repair continues or keeps apart. Tool-input ids are the
// tool calls' own ids and pass unchanged.
function hasBlockId(part: StreamPart): part is IdPart {
  return part.type.startsWith('text-') || part.type.startsWith('reasoning-');
}
