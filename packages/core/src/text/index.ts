export { ABBREVIATIONS, type SentenceSpan, splitSentences } from './sentences.js';
export { isNegation, isStopWord, NEGATION_WORDS, STOP_WORDS } from './stopwords.js';
export { contentTerms, isContentToken, isNumberToken, stem, termOf } from './terms.js';
export { normalizeText, tokenize, type WordToken, wordTokens } from './tokenize.js';
