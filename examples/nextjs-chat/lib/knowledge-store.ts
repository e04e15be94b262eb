import { InMemoryKnowledge } from '@backfire/core';
import { DEFAULT_FACTS, type Fact } from './script';

/**
 * The knowledge base the chat is checked against, one per browser session. All sessions share a
 * single `InMemoryKnowledge` and each gets its own tenant (a separate BM25 namespace), so the
 * middleware is built once per process and every request just names its tenant. Editing a fact
 * in one browser never changes the answers another browser gets.
 */

/** Thrown for a bad fact id or text; the API routes turn it into a 400. */
export class FactInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field} ${message}`);
    this.name = 'FactInputError';
    this.field = field;
  }
}

export const LIMITS = {
  /** Sessions kept in memory; the least recently used one is dropped beyond this. */
  sessions: 500,
  factsPerSession: 100,
  idLength: 64,
  textLength: 400,
} as const;

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export class KnowledgeStore {
  readonly knowledge = new InMemoryKnowledge();
  // Insertion order doubles as recency: a touched session is re-inserted at the end.
  readonly #sessions = new Map<string, Map<string, string>>();

  /** The tenant that holds a session's facts. */
  tenant(session: string): string {
    this.#facts(session);
    return `session:${session}`;
  }

  /** A session's facts in the order they were added (seeded with the defaults on first use). */
  list(session: string): Fact[] {
    return [...this.#facts(session)].map(([id, text]) => ({ id, text }));
  }

  /** Adds a fact or replaces the text of an existing one. */
  upsert(session: string, id: unknown, text: unknown): Fact[] {
    const facts = this.#facts(session);
    const cleanId = validId(id);
    const cleanText = validText(text);
    if (!facts.has(cleanId) && facts.size >= LIMITS.factsPerSession) {
      throw new FactInputError('id', `cannot be added: at most ${LIMITS.factsPerSession} facts`);
    }
    facts.set(cleanId, cleanText);
    this.knowledge.addFact(cleanId, cleanText, { tenant: this.#tenantOf(session) });
    return this.list(session);
  }

  /** Removes a fact; removing one that does not exist is not an error (the result is the same). */
  remove(session: string, id: unknown): Fact[] {
    const facts = this.#facts(session);
    const cleanId = validId(id);
    if (facts.delete(cleanId)) this.knowledge.remove(cleanId, { tenant: this.#tenantOf(session) });
    return this.list(session);
  }

  /** Puts the default facts back. */
  reset(session: string): Fact[] {
    this.#drop(session);
    return this.list(session);
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  #tenantOf(session: string): string {
    return `session:${session}`;
  }

  #facts(session: string): Map<string, string> {
    let facts = this.#sessions.get(session);
    if (facts !== undefined) {
      this.#sessions.delete(session);
      this.#sessions.set(session, facts);
      return facts;
    }
    facts = new Map(DEFAULT_FACTS.map((f) => [f.id, f.text]));
    const tenant = this.#tenantOf(session);
    for (const [id, text] of facts) this.knowledge.addFact(id, text, { tenant });
    this.#sessions.set(session, facts);
    while (this.#sessions.size > LIMITS.sessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#drop(oldest);
    }
    return facts;
  }

  #drop(session: string): void {
    this.#sessions.delete(session);
    this.knowledge.clear({ tenant: this.#tenantOf(session) });
  }
}

function validId(id: unknown): string {
  if (typeof id !== 'string') throw new FactInputError('id', 'must be a string');
  const clean = id.trim().toLowerCase();
  if (clean.length === 0 || clean.length > LIMITS.idLength || !ID_PATTERN.test(clean)) {
    throw new FactInputError(
      'id',
      `must be 1–${LIMITS.idLength} lower-case letters, digits or dashes (got ${JSON.stringify(id)})`,
    );
  }
  return clean;
}

function validText(text: unknown): string {
  if (typeof text !== 'string') throw new FactInputError('text', 'must be a string');
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length === 0) throw new FactInputError('text', 'must not be empty');
  if (clean.length > LIMITS.textLength) {
    throw new FactInputError('text', `must be at most ${LIMITS.textLength} characters`);
  }
  return clean;
}

// Route handlers are compiled into separate bundles; the store lives on globalThis so the chat
// route and the knowledge routes see the same facts.
const STORE_KEY = Symbol.for('backfire.nextjs-chat.knowledge-store');

/** The process-wide store. */
export function knowledgeStore(): KnowledgeStore {
  const g = globalThis as { [STORE_KEY]?: KnowledgeStore };
  g[STORE_KEY] ??= new KnowledgeStore();
  return g[STORE_KEY];
}
