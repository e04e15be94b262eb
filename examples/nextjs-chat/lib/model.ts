import type { LanguageModelV3 } from '@ai-sdk/provider';
import { createScriptedModel } from './scripted-model';

export interface ChatModel {
  readonly model: LanguageModelV3;
  /** Shown on the page: `scripted` or `openai:<model id>`. */
  readonly name: string;
}

let loaded: Promise<ChatModel> | undefined;

/**
 * The model the chat talks to. With `OPENAI_API_KEY` set it is OpenAI (`OPENAI_MODEL`, default
 * gpt-4.1-mini), imported on demand so the example needs no key to build or run; without a key it
 * is the scripted model. `SCRIPTED_FIRST_TOKEN_MS` / `SCRIPTED_TOKEN_MS` change the scripted
 * model's pace.
 */
export function chatModel(): Promise<ChatModel> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<ChatModel> {
  const apiKey = process.env.OPENAI_API_KEY;
  if (apiKey) {
    const { createOpenAI } = await import('@ai-sdk/openai');
    const id = process.env.OPENAI_MODEL || 'gpt-4.1-mini';
    return { model: createOpenAI({ apiKey })(id), name: `openai:${id}` };
  }
  return {
    model: createScriptedModel({
      firstTokenMs: envMs('SCRIPTED_FIRST_TOKEN_MS'),
      tokenMs: envMs('SCRIPTED_TOKEN_MS'),
    }),
    name: 'scripted',
  };
}

function envMs(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`${name} must be a number of ms ≥ 0, got ${raw}`);
  return ms;
}
