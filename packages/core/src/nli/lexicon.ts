import { stem } from '../text/terms.js';

/**
 * Word lists of the heuristic NLI, all in this one module: numbers and dates, antonyms, names,
 * negation, the reading of a question, clause joins, and the asking words of the prompt kind
 * (scoring/prompt.ts). Text-level lists (stop words, abbreviations) live in text/. The Rust port
 * ships the same lists; the golden vectors in testdata/nli/ depend on them. They are general
 * English, not tuned to any test set.
 */

/**
 * The words of a whitespace-separated list. The long lists are written this way rather than as
 * arrays of string literals: it keeps core's minified root entry within its budget.
 */
function wordList(text: string): string[] {
  return text.trim().split(/\s+/u);
}

/** Pairs of words, one pair a line ("above below"). */
function pairList(text: string): (readonly [string, string])[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [a, b] = wordList(line) as [string, string];
      return [a, b] as const;
    });
}

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
export const APPROXIMATORS: ReadonlySet<string> = new Set(
  wordList(`
about around approximately roughly nearly almost circa some over under than up to near approx
estimated
`),
);

export const MONTHS: ReadonlySet<string> = new Set(
  wordList(`
january february march april may june july august september october november december
`),
);

/** Ordinal suffixes of "1st", "22nd", "3rd", "19th". */
export const ORDINAL_SUFFIXES: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th']);

/**
 * Antonym pairs, as written. Matching compares stems (see `stem`), so "increases" meets
 * "increase". Comparatives and superlatives are listed separately because the stemmer does not
 * touch "-er" / "-est". Superlatives of size across dimensions point opposite ways too ("the
 * tallest volcano" vs "the smallest volcano").
 */
export const ANTONYM_PAIRS: ReadonlyArray<readonly [string, string]> = pairList(`
above below
absent present
absorb emit
absorb release
absorb reflect
accept reject
accept decline
add remove
after before
ahead behind
alive dead
allow forbid
allow prohibit
allowed forbidden
ancient modern
approve reject
arrive depart
ascend descend
asleep awake
best worst
better worse
big small
bigger smaller
biggest smallest
biggest shortest
greatest least
greatest smallest
highest smallest
largest shortest
longest smallest
tallest smallest
bottom top
buy sell
cheap expensive
cheaper dearer
clean dirty
closed open
cold hot
colder warmer
coldest warmest
contract expand
correct incorrect
deep shallow
decrease increase
dry wet
dynamic static
dynamically statically
early late
earlier later
earliest latest
east west
eastern western
eastward westward
empty full
enter exit
even odd
expand shrink
export import
external internal
fail succeed
failure success
false true
fast slow
faster slower
fastest slowest
female male
fewer more
first last
gain lose
gain loss
good bad
grow shrink
hard soft
heavy light
heavier lighter
heaviest lightest
high low
higher lower
highest lowest
include exclude
inner outer
input output
inside outside
large small
larger smaller
largest smallest
least most
left right
legal illegal
less more
long short
longer shorter
longest shortest
loud quiet
major minor
mandatory optional
max min
maximum minimum
minus plus
negative positive
new old
newer older
newest oldest
north south
northern southern
northward southward
optional required
over under
permanent temporary
poor rich
private public
pull push
raise lower
rise fall
safe dangerous
same different
strong weak
stronger weaker
strongest weakest
sunrise sunset
tall short
taller shorter
tallest shortest
thick thin
thicker thinner
thickest thinnest
upper lower
visible invisible
warm cool
wide narrow
wider narrower
widest narrowest
win lose
won lost
winner loser
young old
younger older
youngest oldest
summer winter
`);

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

/** Words that ask which of two came earlier ("which was founded first, A or B?"). */
export const EARLIER_WORDS: ReadonlySet<string> = new Set([
  'first',
  'earlier',
  'earliest',
  'older',
  'oldest',
  'before',
  'sooner',
]);

/** Words that ask which of two came later. */
export const LATER_WORDS: ReadonlySet<string> = new Set([
  'last',
  'later',
  'latest',
  'younger',
  'youngest',
  'newer',
  'newest',
  'after',
  'recently',
]);

/**
 * Nationality and origin adjectives (stemmed like every term): the attribute a "swap" ties to the
 * wrong entity ("Yukio Mishima is Chilean"). General English, not tuned to any test set.
 */
export const DEMONYMS: ReadonlySet<string> = new Set(
  wordList(`
afghan albanian algerian american andorran angolan argentine argentinian armenian australian
austrian azerbaijani bahamian bahraini bangladeshi barbadian belarusian belgian belizean beninese
bhutanese bolivian bosnian brazilian british bruneian bulgarian burmese burundian cambodian
cameroonian canadian chadian chilean chinese colombian congolese croatian cuban cypriot czech
danish dominican dutch ecuadorian egyptian emirati english eritrean estonian ethiopian fijian
filipino finnish french gabonese gambian georgian german ghanaian greek guatemalan guinean haitian
honduran hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian
jamaican japanese jordanian kazakh kenyan korean kosovar kuwaiti kyrgyz lao latvian lebanese
liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian malian
maltese mauritanian mauritian mexican moldovan monegasque mongolian montenegrin moroccan
mozambican namibian nepalese nepali nicaraguan nigerian nigerien norwegian omani pakistani
palestinian panamanian paraguayan persian peruvian polish portuguese qatari romanian russian
rwandan salvadoran samoan saudi scottish senegalese serbian singaporean slovak slovenian somali
spanish sudanese surinamese swazi swedish swiss syrian taiwanese tajik tanzanian thai togolese
tongan tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh
yemeni zambian zimbabwean soviet yugoslav prussian bavarian flemish catalan basque quebecois
hawaiian texan californian
`).map(stem),
);

/**
 * Verbs that open a yes/no question ("Is…", "Did…") and make a clause of a short answer ("It is…").
 * One list for both rules (nli/question.ts, nli/analyze.ts).
 */
export const AUXILIARIES: readonly string[] = wordList(`
is are was were do does did can could has have had will would should
`);

/**
 * Words that open a request ("Tell me about…", "List the…"): like a question, it asserts nothing.
 * The heuristic's sentence analysis and the scorer's prompt reading share them.
 */
export const REQUEST_WORDS: readonly string[] = wordList(`
tell explain describe list give show define summarize summarise compare write find please outline
`);

/**
 * Words a sentence opens with when it goes on about the name before it ("It stands…", "Its chief
 * engineer…", "She won…").
 */
export const PRONOUNS: ReadonlySet<string> = new Set([
  'it',
  'its',
  'he',
  'his',
  'she',
  'her',
  'they',
  'their',
]);

/** Words that make a clause of a short answer ("It is…", "Everest has…"). */
export const CLAUSE_VERBS: ReadonlySet<string> = new Set([
  ...AUXILIARIES,
  'be',
  'been',
  'being',
  'am',
  'may',
  'might',
  'must',
  'shall',
  "it's",
  "that's",
  "there's",
]);

/** Lower-case words that may join the capitalised words of a name ("First for Women"). */
export const NAME_JOINERS: ReadonlySet<string> = new Set([
  'of',
  'for',
  'the',
  'de',
  'la',
  'von',
  'van',
  'del',
]);

/**
 * Comparatives that turn a negation into a superlative: "no volcano is taller", "nothing is more
 * important". The comparatives of the antonym list, plus more / less / better / worse.
 */
export const COMPARATIVES: ReadonlySet<string> = new Set(
  wordList(`
more less better worse fewer taller shorter larger smaller bigger higher lower longer heavier
lighter older newer younger faster slower stronger weaker wider narrower deeper greater earlier
later
`),
);

/**
 * Words right after a negation that make it an idiom of uniqueness, not a denial: "no other
 * river", "nothing else", "no one before her" (= the first).
 */
export const NEGATION_IDIOMS: ReadonlySet<string> = new Set(['other', 'else', 'before']);

/** Words after "how" that ask for a number ("how many", "how tall"). */
export const NUMBER_AFTER_HOW: ReadonlySet<string> = new Set(
  wordList(`
many much old tall long far high big large deep wide heavy
`),
);

/** Measures a "what is the … of" question asks for ("what is the length of the river"). */
export const MEASURE_NOUNS: ReadonlySet<string> = new Set(
  wordList(`
length population height age number size area distance weight capacity elevation depth width speed
duration cost price
`),
);

/** Words after "what" / "which" that ask for a date ("what year"). */
export const DATE_NOUNS: ReadonlySet<string> = new Set([
  'year',
  'date',
  'decade',
  'century',
  'month',
]);

/** Words after "what" / "which" that ask for a nationality ("which country"). */
export const NATIONALITY_NOUNS: ReadonlySet<string> = new Set([
  'nationality',
  'country',
  'citizenship',
]);

/** Words that make a question compare amounts ("more", "fewest"). */
export const GRADED: ReadonlySet<string> = new Set([
  'more',
  'most',
  'less',
  'least',
  'fewer',
  'fewest',
]);

/** First words that open a chatty answer rather than fill the question's slot. */
export const DISCOURSE_MARKERS: ReadonlySet<string> = new Set(
  wordList(`
sure certainly yes no well okay ok absolutely indeed actually
`),
);

/** What joins two clauses: a comma and a conjunction, or a semicolon. Lower case, ASCII. */
export const CLAUSE_JOINS: readonly string[] = [', and ', ', but ', ', when ', ', while ', '; '];

/** First words that make a sentence a question or a request rather than a claim. */
export const ASKING_WORDS: ReadonlySet<string> = new Set([
  'what',
  'who',
  'whom',
  'whose',
  'when',
  'where',
  'why',
  'how',
  'which',
  ...AUXILIARIES,
  'shall',
  'may',
  'might',
  "isn't",
  "aren't",
  "doesn't",
  "don't",
  "didn't",
  "can't",
  ...REQUEST_WORDS,
  'name',
  'help',
  'say',
]);
