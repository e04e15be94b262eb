import { BackfireBackendError } from '../../errors/errors.js';
import { messageOf } from './failures.js';
import type { TransformersDevice, TransformersDtype } from './options.js';

// The parts of Transformers.js this backend uses, typed structurally so that core's public types
// never mention the optional package. The default importer is checked against the real
// declarations at build time.

export interface TfTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: ArrayLike<number | bigint>;
  to(type: 'float32'): TfTensor;
}

export interface TfEncoding {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids?: number[][];
}

export interface TfTokenizer {
  (
    text: string[],
    options: {
      text_pair?: string[] | null;
      add_special_tokens: boolean;
      padding: false;
      truncation: false;
      return_tensor: false;
    },
  ): unknown;
  readonly model_max_length: number;
  readonly pad_token_id: number | null | undefined;
  readonly padding_side: string;
}

export type TfModel = (inputs: Record<string, TfTensor>) => Promise<unknown>;

export interface TfLoadOptions {
  local_files_only: boolean;
  dtype?: TransformersDtype;
  device?: TransformersDevice;
}

export interface TransformersModule {
  AutoConfig: { from_pretrained(model: string, options: TfLoadOptions): Promise<unknown> };
  AutoTokenizer: { from_pretrained(model: string, options: TfLoadOptions): Promise<TfTokenizer> };
  AutoModelForSequenceClassification: {
    from_pretrained(model: string, options: TfLoadOptions): Promise<TfModel>;
  };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => TfTensor;
}

const PACKAGE = '@huggingface/transformers';

export const importTransformersPackage = (): Promise<TransformersModule> =>
  // The comments keep bundlers from resolving the optional package at build time.
  import(/* webpackIgnore: true */ /* @vite-ignore */ '@huggingface/transformers');

/**
 * Runs the importer and checks that what it returns has the parts this backend calls, so that a
 * missing or wrong package is a `BackfireBackendError` saying how to install it.
 */
export async function importModule(
  importer: () => Promise<unknown>,
  backend: string,
): Promise<TransformersModule> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (error) {
    if (isModuleNotFound(error)) {
      throw new BackfireBackendError(
        backend,
        `the optional peer dependency ${PACKAGE} is not installed. Install it with ` +
          `\`ONNXRUNTIME_NODE_INSTALL=skip npm install ${PACKAGE}@^4.3.1\` ` +
          '(the variable skips onnxruntime-node’s CUDA download; the CPU runtime ships in the package)',
        { cause: error },
      );
    }
    throw new BackfireBackendError(backend, `could not load ${PACKAGE}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const candidate = mod as Partial<Record<keyof TransformersModule, unknown>> | null;
  for (const name of [
    'AutoConfig',
    'AutoTokenizer',
    'AutoModelForSequenceClassification',
  ] as const) {
    const part = candidate?.[name] as { from_pretrained?: unknown } | undefined;
    if (typeof part?.from_pretrained !== 'function') {
      throw new BackfireBackendError(
        backend,
        `the imported module is not ${PACKAGE}: ${name}.from_pretrained is missing`,
      );
    }
  }
  if (typeof candidate?.Tensor !== 'function') {
    throw new BackfireBackendError(
      backend,
      `the imported module is not ${PACKAGE}: Tensor is missing`,
    );
  }
  return mod as TransformersModule;
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return /cannot find (module|package)/i.test(messageOf(error));
}
