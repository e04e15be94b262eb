import { stem } from '../text/terms.js';

/**
 * Word lists of the heuristic NLI. The Rust port ships the same lists; the golden vectors in
 * testdata/nli/ depend on them. They are general English, not tuned to any test set.
 */

/** Number words read as quantities. "one" is left out ("one of the…"), except before a fraction. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['thirteen', 13],
  ['fourteen', 14],
  ['fifteen', 15],
  ['sixteen', 16],
  ['seventeen', 17],
  ['eighteen', 18],
  ['nineteen', 19],
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
]);

/** Words that multiply the number before them ("7 million"). */
export const SCALE_WORDS: ReadonlyMap<string, number> = new Map([
  ['hundred', 100],
  ['thousand', 1e3],
  ['million', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
]);

/** Words that divide the number before them ("one fifth", "two thirds"). */
export const FRACTION_WORDS: ReadonlyMap<string, number> = new Map([
  ['half', 2],
  ['halves', 2],
  ['third', 3],
  ['thirds', 3],
  ['quarter', 4],
  ['quarters', 4],
  ['fifth', 5],
  ['fifths', 5],
  ['sixth', 6],
  ['sixths', 6],
  ['tenth', 10],
  ['tenths', 10],
]);

/** Words before a number that make it approximate (a 10% tolerance applies). */
export const APPROXIMATORS: ReadonlySet<string> = new Set([
  'about',
  'around',
  'approximately',
  'roughly',
  'nearly',
  'almost',
  'circa',
  'some',
  'over',
  'under',
  'than',
  'up',
  'to',
  'near',
  'approx',
  'estimated',
]);

export const MONTHS: ReadonlySet<string> = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);

/** Ordinal suffixes of "1st", "22nd", "3rd", "19th". */
export const ORDINAL_SUFFIXES: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th']);

/**
 * Antonym pairs, as written. Matching compares stems (see `stem`), so "increases" meets
 * "increase". Comparatives and superlatives are listed separately because the stemmer does not
 * touch "-er" / "-est".
 */
export const ANTONYM_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['above', 'below'],
  ['absent', 'present'],
  ['absorb', 'emit'],
  ['absorb', 'release'],
  ['absorb', 'reflect'],
  ['accept', 'reject'],
  ['accept', 'decline'],
  ['add', 'remove'],
  ['after', 'before'],
  ['ahead', 'behind'],
  ['alive', 'dead'],
  ['allow', 'forbid'],
  ['allow', 'prohibit'],
  ['allowed', 'forbidden'],
  ['ancient', 'modern'],
  ['approve', 'reject'],
  ['arrive', 'depart'],
  ['ascend', 'descend'],
  ['asleep', 'awake'],
  ['best', 'worst'],
  ['better', 'worse'],
  ['big', 'small'],
  ['bigger', 'smaller'],
  ['biggest', 'smallest'],
  ['bottom', 'top'],
  ['buy', 'sell'],
  ['cheap', 'expensive'],
  ['cheaper', 'dearer'],
  ['clean', 'dirty'],
  ['closed', 'open'],
  ['cold', 'hot'],
  ['colder', 'warmer'],
  ['coldest', 'warmest'],
  ['contract', 'expand'],
  ['correct', 'incorrect'],
  ['deep', 'shallow'],
  ['decrease', 'increase'],
  ['dry', 'wet'],
  ['dynamic', 'static'],
  ['dynamically', 'statically'],
  ['early', 'late'],
  ['earlier', 'later'],
  ['earliest', 'latest'],
  ['east', 'west'],
  ['eastern', 'western'],
  ['eastward', 'westward'],
  ['empty', 'full'],
  ['enter', 'exit'],
  ['even', 'odd'],
  ['expand', 'shrink'],
  ['export', 'import'],
  ['external', 'internal'],
  ['fail', 'succeed'],
  ['failure', 'success'],
  ['false', 'true'],
  ['fast', 'slow'],
  ['faster', 'slower'],
  ['fastest', 'slowest'],
  ['female', 'male'],
  ['fewer', 'more'],
  ['first', 'last'],
  ['gain', 'lose'],
  ['gain', 'loss'],
  ['good', 'bad'],
  ['grow', 'shrink'],
  ['hard', 'soft'],
  ['heavy', 'light'],
  ['heavier', 'lighter'],
  ['heaviest', 'lightest'],
  ['high', 'low'],
  ['higher', 'lower'],
  ['highest', 'lowest'],
  ['include', 'exclude'],
  ['inner', 'outer'],
  ['input', 'output'],
  ['inside', 'outside'],
  ['large', 'small'],
  ['larger', 'smaller'],
  ['largest', 'smallest'],
  ['least', 'most'],
  ['left', 'right'],
  ['legal', 'illegal'],
  ['less', 'more'],
  ['long', 'short'],
  ['longer', 'shorter'],
  ['longest', 'shortest'],
  ['loud', 'quiet'],
  ['major', 'minor'],
  ['mandatory', 'optional'],
  ['max', 'min'],
  ['maximum', 'minimum'],
  ['minus', 'plus'],
  ['negative', 'positive'],
  ['new', 'old'],
  ['newer', 'older'],
  ['newest', 'oldest'],
  ['north', 'south'],
  ['northern', 'southern'],
  ['northward', 'southward'],
  ['optional', 'required'],
  ['over', 'under'],
  ['permanent', 'temporary'],
  ['poor', 'rich'],
  ['private', 'public'],
  ['pull', 'push'],
  ['raise', 'lower'],
  ['rise', 'fall'],
  ['safe', 'dangerous'],
  ['same', 'different'],
  ['strong', 'weak'],
  ['stronger', 'weaker'],
  ['strongest', 'weakest'],
  ['sunrise', 'sunset'],
  ['tall', 'short'],
  ['taller', 'shorter'],
  ['tallest', 'shortest'],
  ['thick', 'thin'],
  ['thicker', 'thinner'],
  ['thickest', 'thinnest'],
  ['upper', 'lower'],
  ['visible', 'invisible'],
  ['warm', 'cool'],
  ['wide', 'narrow'],
  ['wider', 'narrower'],
  ['widest', 'narrowest'],
  ['win', 'lose'],
  ['won', 'lost'],
  ['winner', 'loser'],
  ['young', 'old'],
  ['younger', 'older'],
  ['youngest', 'oldest'],
  ['summer', 'winter'],
];

/** Stem → the stems of its antonyms. */
export const ANTONYMS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    let set = map.get(a);
    if (set === undefined) {
      set = new Set();
      map.set(a, set);
    }
    set.add(b);
  };
  for (const [a, b] of ANTONYM_PAIRS) {
    link(stem(a), stem(b));
    link(stem(b), stem(a));
  }
  return map;
})();
