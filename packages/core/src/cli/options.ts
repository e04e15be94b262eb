/**
 * The flags that choose what answers run under — config, release, NLI, grounding — shared by every
 * command that runs the guard (`eval` now, `replay` later), and their conversion to engine options.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import {
  BackfireConfig,
  type BackfireConfigInit,
  type BackfirePresetName,
} from '../config/config.js';
import { BackfireConfigError } from '../errors/errors.js';
import type { EvalEngineOptions, Grounding } from '../eval/engine.js';
import type { NliBackend } from '../nli/types.js';
import { CliError } from './errors.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export const GUARD_FLAGS = {
  preset: { type: 'string' },
  'hard-limit': { type: 'string' },
  config: { type: 'string' },
  grounding: { type: 'string' },
  release: { type: 'string' },
  nli: { type: 'string' },
  'nli-model': { type: 'string' },
} as const satisfies OptionSpec;

export const GUARD_FLAGS_HELP = `  --preset <name>          config preset: default, medical, finance, creative
  --config <file.json>     BackfireConfig fields as JSON (on top of the preset)
  --hard-limit <x>         halt when a sentence scores below x, in [0, 1] (softLimit follows)
  --grounding <mode>       contradiction | strict (the scorer's grounding option)
  --release <policy>       verified (default) | optimistic
  --nli <backend>          heuristic (default) | transformers
  --nli-model <dir>        a local Transformers.js NLI model folder (implies --nli transformers;
                           needs the optional peer @huggingface/transformers)`;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

/** A number in [0, 1] from a flag, or a one-line error naming the flag. */
export function unitFlag(flag: string, raw: string): number {
  const v = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new CliError(`${flag}: must be a number in [0, 1], got ${JSON.stringify(raw)}`);
  }
  return v;
}

const PRESETS: readonly BackfirePresetName[] = ['default', 'medical', 'finance', 'creative'];

/** The config the flags describe: preset, then the config file, then --hard-limit. */
export function configFromFlags(values: Values): { config: BackfireConfig; source: string } {
  const sources: string[] = [];
  const preset = str(values, 'preset');
  if (preset !== undefined && !(PRESETS as readonly string[]).includes(preset)) {
    throw new CliError(
      `--preset: must be one of ${PRESETS.join(', ')}, got ${JSON.stringify(preset)}`,
    );
  }
  if (preset !== undefined) sources.push(`preset ${preset}`);
  let fields: BackfireConfigInit = {};
  const file = str(values, 'config');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(`${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new CliError(`${file}: malformed JSON (${(err as Error).message})`);
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new CliError(`${file}: must be a JSON object of BackfireConfig fields`);
    }
    fields = data as BackfireConfigInit;
    sources.push(file);
  }
  const hard = str(values, 'hard-limit');
  const hardLimit = hard === undefined ? undefined : unitFlag('--hard-limit', hard);
  let config: BackfireConfig;
  try {
    config = BackfireConfig.preset((preset ?? 'default') as BackfirePresetName, fields);
  } catch (err) {
    if (err instanceof BackfireConfigError)
      throw new CliError(`${file ?? '--preset'}: ${err.message}`);
    throw err;
  }
  if (hardLimit !== undefined) {
    // softLimit only marks warnings; it must not be below the hard limit.
    config = config.with({ hardLimit, softLimit: Math.max(config.softLimit, hardLimit) });
    sources.push(`--hard-limit ${hard}`);
  }
  return { config, source: sources.length === 0 ? 'defaults' : sources.join(' + ') };
}

/** What the guard flags amount to, with the NLI backend built (and a model loaded). */
export interface GuardSetup {
  readonly engine: EvalEngineOptions;
  readonly configSource: string;
}

export async function guardSetupFromFlags(values: Values): Promise<GuardSetup> {
  const { config, source } = configFromFlags(values);
  const release = str(values, 'release') ?? 'verified';
  if (release !== 'verified' && release !== 'optimistic') {
    throw new CliError(`--release: must be verified or optimistic, got ${JSON.stringify(release)}`);
  }
  const groundingRaw = str(values, 'grounding');
  let grounding: Grounding | undefined;
  if (groundingRaw !== undefined) {
    if (groundingRaw !== 'contradiction' && groundingRaw !== 'strict') {
      throw new CliError(
        `--grounding: must be contradiction or strict, got ${JSON.stringify(groundingRaw)}`,
      );
    }
    grounding = groundingRaw;
  }
  const nli = await nliFromFlags(values);
  return {
    engine: {
      config,
      release,
      ...(grounding !== undefined ? { grounding } : {}),
      ...(nli !== undefined ? { nli } : {}),
    },
    configSource: source,
  };
}

async function nliFromFlags(values: Values): Promise<NliBackend | undefined> {
  const model = str(values, 'nli-model');
  const name = str(values, 'nli') ?? (model !== undefined ? 'transformers' : 'heuristic');
  if (name === 'heuristic') {
    if (model !== undefined) throw new CliError('--nli-model: only with --nli transformers');
    return undefined;
  }
  if (name === 'judge' || name === 'llm-judge') {
    throw new CliError(
      `--nli ${name}: an LLM judge needs a model to call; run it through the API ` +
        `(evaluate() from @backfire/core/eval with an LlmJudgeNli from @backfire/core/nli/llm-judge)`,
    );
  }
  if (name !== 'transformers') {
    throw new CliError(`--nli: must be heuristic or transformers, got ${JSON.stringify(name)}`);
  }
  if (model === undefined) {
    throw new CliError('--nli transformers: needs --nli-model <dir> (a local model folder)');
  }
  // Loaded only here: the optional peer is never touched by a heuristic run.
  const { TransformersNli } = await import('../nli/transformers.js');
  const nli = new TransformersNli({ model: resolve(model) });
  try {
    await nli.load();
  } catch (err) {
    throw new CliError(`--nli-model ${model}: ${(err as Error).message.split('\n')[0]}`);
  }
  return nli;
}
