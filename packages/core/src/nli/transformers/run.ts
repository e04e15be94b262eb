import { BackfireBackendError } from '../../errors/errors.js';
import type { EncodedRow } from './encode.js';
import { messageOf } from './failures.js';
import type { TfTensor } from './library.js';
import type { ReadyModel } from './ready.js';

/** Pads the rows into one batch, runs the model and returns one row of logits per pair. */
export async function runModel(
  ready: ReadyModel,
  rows: readonly EncodedRow[],
  backend: string,
): Promise<number[][]> {
  const { tokenizer, model, Tensor, inputNames } = ready.loaded;
  const width = Math.max(...rows.map((r) => r.ids.length));
  const pad = tokenizer.pad_token_id ?? 0;
  const left = tokenizer.padding_side === 'left';
  const dims = [rows.length, width];
  const ids = new BigInt64Array(rows.length * width);
  const mask = new BigInt64Array(rows.length * width);
  const withTypes =
    rows.every((r) => r.types !== undefined) &&
    (inputNames === undefined || inputNames.includes('token_type_ids'));
  const types = withTypes ? new BigInt64Array(rows.length * width) : undefined;
  rows.forEach((row, r) => {
    const offset = r * width + (left ? width - row.ids.length : 0);
    ids.fill(BigInt(pad), r * width, (r + 1) * width);
    row.ids.forEach((v, i) => {
      ids[offset + i] = BigInt(v);
      mask[offset + i] = BigInt(row.mask[i] ?? 1);
      if (types) types[offset + i] = BigInt(row.types![i] ?? 0);
    });
  });
  const inputs: Record<string, TfTensor> = {
    input_ids: new Tensor('int64', ids, dims),
    attention_mask: new Tensor('int64', mask, dims),
  };
  if (types) inputs['token_type_ids'] = new Tensor('int64', types, dims);

  let output: unknown;
  try {
    output = await model(inputs);
  } catch (error) {
    throw new BackfireBackendError(backend, `the model run failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
  let logits = (output as { logits?: TfTensor } | null)?.logits;
  const classes = ready.info.labels.length;
  if (!logits || !Array.isArray(logits.dims)) {
    throw new BackfireBackendError(backend, 'the model returned no logits');
  }
  if (logits.dims.length !== 2 || logits.dims[0] !== rows.length || logits.dims[1] !== classes) {
    throw new BackfireBackendError(
      backend,
      `the model returned logits of shape [${logits.dims.join(', ')}], expected ` +
        `[${rows.length}, ${classes}] (one per label: ${ready.info.labels.join(', ')})`,
    );
  }
  if (logits.type !== 'float32' && logits.type !== 'float64') logits = logits.to('float32');
  const data = logits.data;
  return rows.map((_, r) =>
    Array.from({ length: classes }, (_, c) => Number(data[r * classes + c])),
  );
}
