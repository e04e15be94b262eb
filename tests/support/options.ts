/**
 * Misspellings of the options every adapter shares (core's `BackfireOptions`), each with the key
 * the error must suggest. One table, so every entry point of every adapter is held to the same
 * typos; each adapter's suite adds the misspellings of its own options.
 */
export const SHARED_OPTION_TYPOS: readonly (readonly [typo: string, meant: string])[] = [
  ['relase', 'release'],
  ['knowlege', 'knowledge'],
  ['scoreTimeoutMS', 'scoreTimeoutMs'],
  ['maxUnverifiedWord', 'maxUnverifiedWords'],
];
