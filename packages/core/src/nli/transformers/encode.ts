import { BackfireBackendError } from '../../errors/errors.js';
import { messageOf } from './failures.js';
import type { TfEncoding, TfTokenizer } from './library.js';
import type { ReadyModel } from './ready.js';
import { truncatePair } from './truncate.js';

/** One (premise, hypothesis) pair as token ids, unpadded. */
export interface EncodedRow {
  ids: number[];
  mask: number[];
  types: number[] | undefined;
}

/** Tokenizes each pair as a text pair; a pair over `maxLength` is shortened longest-first. */
export function encodePairs(
  ready: ReadyModel,
  pairs: ReadonlyArray<readonly [string, string]>,
  backend: string,
): EncodedRow[] {
  const { tokenizer } = ready.loaded;
  const premises = pairs.map((p) => p[0]);
  const hypotheses = pairs.map((p) => p[1]);
  const encoded = callTokenizer(tokenizer, premises, hypotheses, true, backend);
  const rows: EncodedRow[] = encoded.input_ids.map((ids, i) => ({
    ids,
    mask: encoded.attention_mask[i]!,
    types: encoded.token_type_ids?.[i],
  }));
  const maxLength = ready.info.maxLength;
  const tooLong = rows.flatMap((row, i) => (row.ids.length > maxLength ? [i] : []));
  if (tooLong.length > 0) {
    // Cutting the pair encoding at the end would drop the hypothesis — the very text being
    // judged — so the two texts are encoded alone to find them and shortened longest-first.
    const alonePremises = callTokenizer(
      tokenizer,
      tooLong.map((i) => premises[i]!),
      null,
      false,
      backend,
    );
    const aloneHypotheses = callTokenizer(
      tokenizer,
      tooLong.map((i) => hypotheses[i]!),
      null,
      false,
      backend,
    );
    tooLong.forEach((rowIndex, k) => {
      rows[rowIndex] = truncatePair(
        rows[rowIndex]!,
        alonePremises.input_ids[k]!,
        aloneHypotheses.input_ids[k]!,
        maxLength,
        backend,
      );
    });
  }
  return rows;
}

function callTokenizer(
  tokenizer: TfTokenizer,
  texts: string[],
  pairs: string[] | null,
  addSpecialTokens: boolean,
  backend: string,
): TfEncoding {
  let out: unknown;
  try {
    out = tokenizer(texts, {
      text_pair: pairs,
      add_special_tokens: addSpecialTokens,
      padding: false,
      truncation: false,
      return_tensor: false,
    });
  } catch (error) {
    throw new BackfireBackendError(backend, `the tokenizer failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const encoding = out as Partial<TfEncoding> | null;
  const ids = encoding?.input_ids;
  const mask = encoding?.attention_mask;
  if (
    !Array.isArray(ids) ||
    !Array.isArray(mask) ||
    ids.length !== texts.length ||
    mask.length !== texts.length
  ) {
    throw new BackfireBackendError(backend, 'the tokenizer returned no input_ids/attention_mask');
  }
  return encoding as TfEncoding;
}
