/**
 * English function words that carry no claim of their own. They are skipped by BM25 and by the
 * heuristic NLI's coverage. Negations ("not", "no", "never", …) are deliberately absent: they are
 * the strongest contradiction cue there is and must never be thrown away. Number words ("two",
 * "three", …) are absent too: they are quantities.
 *
 * The Rust port ships this exact list; the golden vectors in testdata/ depend on it. Written as one
 * string rather than an array of literals: it keeps core's minified root entry small.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else ever few for
from further had has have having he her here hers herself him himself his how however i if in into
is it its itself just may me might more most must my myself of off on once one only or other our
ours ourselves out over own per quite rather same shall she should so some such than that the
their theirs them themselves then there these they this those through thus to too under until up
upon us very was we were what when where whether which while who whom whose why will with within
would yes yet you your yours yourself yourselves i'm i've i'd i'll you're you've you'd you'll he'd
he'll she'd she'll we're we've we'd we'll they're they've they'd they'll that'll there'd there'll
etc via among around toward towards onto across along beyond despite although though unless since
whereas indeed still even much many several every another something anything everything someone
anyone everyone somewhat really already often usually generally approximately roughly nearly
almost well now today
`
    .trim()
    .split(/\s+/u),
);

/**
 * Negation words: a token is a negation iff it is in this set or ends in "n't" (any contraction:
 * "doesn't", "isn't", "can't", "won't", …; the tokenizer keeps contractions whole and folds the
 * typographic apostrophe, so "doesn’t" counts too).
 */
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'nowhere',
  'cannot',
  'without',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'wont',
  'hasnt',
  'havent',
  'hadnt',
  'couldnt',
  'shouldnt',
  'wouldnt',
]);

/** Whether a normalised token (see `wordTokens`) is a negation. */
export function isNegation(token: string): boolean {
  return NEGATION_WORDS.has(token) || token.endsWith("n't");
}

/** Whether a normalised token is a stop word. */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}
