/**
 * Whether Rust can take these strings as they are: none holds a lone surrogate. Strings cross
 * into Rust as UTF-8, where a lone surrogate becomes U+FFFD; text that does not fit stays on the
 * TypeScript engine so every id and sentence comes back exactly as given. `undefined` (an absent
 * option) always fits. The one rule behind "leaving native" (see `leave-native.ts`).
 */
export function fitsRust(...texts: readonly (string | undefined)[]): boolean {
  for (const t of texts) if (t !== undefined && !isWellFormed(t)) return false;
  return true;
}

function isWellFormed(s: string): boolean {
  const f = (s as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof f === 'function' ? f.call(s) : !/\p{Cs}/u.test(s);
}
