/**
 * Which knowledge base a request belongs to: a random id in an HTTP-only cookie. The first
 * request without one gets a new id and the response sets the cookie.
 */

export const SESSION_COOKIE = 'backfire-session';

const VALID = /^[A-Za-z0-9-]{16,64}$/;

export interface Session {
  readonly id: string;
  /** Set when the response must store a new id in the browser. */
  readonly setCookie: string | null;
}

export function sessionOf(req: Request): Session {
  const cookies = req.headers.get('cookie') ?? '';
  for (const pair of cookies.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(eq + 1).trim();
    if (VALID.test(value)) return { id: value, setCookie: null };
  }
  const id = crypto.randomUUID();
  return {
    id,
    setCookie: `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`,
  };
}

/** Headers that store the session id when it is new. */
export function sessionHeaders(session: Session): Record<string, string> {
  return session.setCookie === null ? {} : { 'set-cookie': session.setCookie };
}
