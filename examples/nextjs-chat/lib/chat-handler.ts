import type { LanguageModelV3 } from '@ai-sdk/provider';
import {
  CoherenceScorer,
  coherenceScoreFn,
  type SegmentScoreFn,
  type TelemetryOption,
} from '@backfire/core';
import {
  type BackfireMetadata,
  backfireMessageMetadata,
  backfireMiddleware,
  type MetadataPart,
  readBackfireMetadata,
} from '@backfire/vercel-ai';
import { withdrawnRanges } from '@backfire/vercel-ai/ui';
import {
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  safeValidateUIMessages,
  streamText,
  wrapLanguageModel,
} from 'ai';
import type { ChatMessage, ChatMetadata, Contradiction, Correction } from './chat-types';
import { type KnowledgeStore, knowledgeStore } from './knowledge-store';
import { type ChatModel, chatModel } from './model';
import { otelDebug } from './otel-debug';
import { sessionHeaders, sessionOf } from './session';

export interface ChatHandlerOptions {
  /** Run the answer through Backfire. False only for the test-only unguarded route. Default true. */
  guard?: boolean;
  /** Default: the process-wide store. */
  store?: KnowledgeStore;
  /** Default: OpenAI with a key, the scripted model without. */
  model?: () => Promise<ChatModel>;
  /**
   * Backfire's `telemetry` option (a `backfire.guard` span per answer), and the AI SDK's
   * `experimental_telemetry` with it. Default: on with `OTEL_DEBUG=1` (see instrumentation.ts),
   * off otherwise.
   */
  telemetry?: TelemetryOption;
}

const MAX_MESSAGES = 100;

/** Repairs one answer may have when the client asks for them (`repair: true` in the body). */
export const REPAIR_ATTEMPTS = 1;

// One scorer per store: it holds the BM25 statistics and NLI tables, so it is built once and every
// request scores against its own tenant.
const scorers = new WeakMap<KnowledgeStore, CoherenceScorer>();

function scorerFor(store: KnowledgeStore): CoherenceScorer {
  let scorer = scorers.get(store);
  if (scorer === undefined) {
    scorer = new CoherenceScorer({ knowledge: store.knowledge });
    scorers.set(store, scorer);
  }
  return scorer;
}

function badRequest(message: string): Response {
  return Response.json({ error: message }, { status: 400 });
}

/**
 * POST /api/chat: `useChat`'s request in, a UI message stream out. The answer streams through a
 * model wrapped with `backfireMiddleware`; when Backfire halts it, the stream ends normally
 * (finish reason `content-filter`) and the halt — reason, suggested action, the contradicted fact,
 * every sentence score — rides in the message metadata. With `repair: true` in the body, a halt
 * does not end the answer: the model is asked again with the contradicted fact and its
 * continuation streams into the same message (`corrections` in the metadata says what was fixed).
 * `req.signal` is forwarded, so a client that stops reading (the Stop button, a closed tab) aborts
 * the model call — the repair call too.
 */
export async function handleChat(
  req: Request,
  options: ChatHandlerOptions = {},
): Promise<Response> {
  const guard = options.guard ?? true;
  const telemetry = options.telemetry ?? otelDebug();
  const store = options.store ?? knowledgeStore();

  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return badRequest('the body must be JSON: { "messages": UIMessage[] }');
  }
  const raw = (body as { messages?: unknown } | null)?.messages;
  const repairOption = (body as { repair?: unknown } | null)?.repair ?? false;
  if (typeof repairOption !== 'boolean') return badRequest('repair must be true or false');
  if (!Array.isArray(raw) || raw.length === 0) {
    return badRequest('messages must be a non-empty array of UI messages');
  }
  if (raw.length > MAX_MESSAGES) {
    return badRequest(`messages must hold at most ${MAX_MESSAGES} messages`);
  }
  const checked = await safeValidateUIMessages<ChatMessage>({ messages: raw });
  if (!checked.success) return badRequest(`invalid messages: ${checked.error.message}`);

  const session = sessionOf(req);
  const tenant = store.tenant(session.id);
  const { model, name } = await (options.model ?? chatModel)();
  const scorer = scorerFor(store);
  const modelMessages = await convertToModelMessages(withoutWithdrawnText(checked.data), {
    ignoreIncompleteToolCalls: true,
  });

  const stream = createUIMessageStream<ChatMessage>({
    execute: ({ writer }) => {
      // Sentence scores as they come in, so the sparkline grows while the answer streams. The
      // final, authoritative list (with each sentence's status) arrives in the metadata.
      const live: number[] = [];
      const score = coherenceScoreFn(scorer);
      const reportingScorer: SegmentScoreFn = async (request) => {
        const verdict = await score(request);
        const value = typeof verdict === 'number' ? verdict : verdict.skip ? null : verdict.score;
        if (value !== null) {
          live.push(value);
          try {
            writer.write({ type: 'data-scores', id: 'scores', data: { scores: [...live] } });
          } catch {
            // The response already ended (a halt or the client left): nothing left to draw.
          }
        }
        return verdict;
      };

      const result = streamText({
        model: guard
          ? guardedModel(model, reportingScorer, { tenant, req, repair: repairOption, telemetry })
          : model,
        messages: modelMessages,
        abortSignal: req.signal,
        // The AI SDK's own spans (ai.streamText, ai.streamText.doStream): Backfire's span is a
        // child of the latter. Without the prompt and the answer text, as Backfire's by default.
        ...(telemetry !== false
          ? {
              experimental_telemetry: {
                isEnabled: true,
                functionId: 'nextjs-chat',
                recordInputs: false,
                recordOutputs: false,
              },
            }
          : {}),
      });
      writer.merge(
        result.toUIMessageStream({
          messageMetadata: messageMetadata({
            // Where this scorer really scores (the addon, or TypeScript when it is not built).
            backend: scorer.backend,
            model: name,
            guarded: guard,
            hardLimit: scorer.config.hardLimit,
          }),
        }),
      );
    },
    onError: (error) => {
      console.error('[chat] stream failed:', error);
      return 'The answer could not be generated.';
    },
  });
  return createUIMessageStreamResponse({ stream, headers: sessionHeaders(session) });
}

// Built per request because the scorer reports to this request's stream; with no per-request
// callback you would build the middleware once at module level and pass the tenant through
// `providerOptions: { backfire: { tenant } }`.
function guardedModel(
  model: LanguageModelV3,
  scorer: SegmentScoreFn,
  {
    tenant,
    req,
    repair,
    telemetry,
  }: { tenant: string; req: Request; repair: boolean; telemetry: TelemetryOption },
): LanguageModelV3 {
  return wrapLanguageModel({
    model,
    middleware: backfireMiddleware({
      scorer,
      tenant,
      repair: repair ? { attempts: REPAIR_ATTEMPTS } : false,
      // Only when asked: `telemetry: false` imports and does nothing.
      ...(telemetry !== false ? { telemetry } : {}),
      onHalt: (halt, context) => {
        console.info(
          `[backfire] halted ${new URL(req.url).pathname}: ${halt.reason} at word ${halt.tokenIndex}` +
            ` (${halt.wordsWithheld} withheld) — ${JSON.stringify(context.prompt.slice(0, 80))}`,
        );
      },
    }),
  });
}

/**
 * Earlier answers that Backfire halted go back to the model only up to the halt, and repaired ones
 * without the text the repair withdrew: the offending sentence (shown struck out on the page) must
 * not become context the model builds on.
 */
export function withoutWithdrawnText(messages: ChatMessage[]): ChatMessage[] {
  return messages.map((message) => {
    if (message.role !== 'assistant') return message;
    const halt = message.metadata?.backfire;
    const cut =
      halt?.halted === true && typeof halt.charOffset === 'number'
        ? Math.max(0, halt.charOffset)
        : Number.POSITIVE_INFINITY;
    const withdrawn = message.parts.some((p) => withdrawnRanges(p).length > 0);
    if (cut === Number.POSITIVE_INFINITY && !withdrawn) return message;
    let left = cut;
    const parts: ChatMessage['parts'] = [];
    for (const part of message.parts) {
      if (part.type !== 'text') {
        parts.push(part);
        continue;
      }
      const kept = part.text.slice(0, left);
      left -= kept.length;
      // The repair's withdrawn ranges, from the end so earlier offsets stay valid.
      let text = kept;
      for (const r of withdrawnRanges(part).sort((a, b) => b.start - a.start)) {
        text = text.slice(0, r.start) + text.slice(r.end);
      }
      if (text !== '') {
        const { providerMetadata: _withdrawnMarks, ...rest } = part;
        parts.push({ ...rest, text });
      }
    }
    return { ...message, parts };
  });
}

type Extras = Omit<ChatMetadata, 'backfire'>;

function messageMetadata(start: Extras) {
  return backfireMessageMetadata<Extras>({
    extend: ({ part }: { part: MetadataPart }) => {
      if (part.type === 'start') return start;
      if (part.type !== 'finish-step') return undefined;
      const meta = readBackfireMetadata(part.providerMetadata);
      if (meta === undefined) return undefined;
      const corrections = correctionsOf(meta);
      return {
        segments: meta.segments.map((s) => ({ score: s.score, status: s.status })),
        ...(meta.halted ? { contradiction: contradictionOf(meta) } : {}),
        ...(corrections.length > 0 ? { corrections } : {}),
      };
    },
  });
}

/**
 * The fact a halted answer contradicted, from the default scorer's evidence: the cue's premise
 * sentence when the heuristic found one, else the best retrieved chunk. Facts are stored as
 * `<id>: <text>`, so the id prefix is split off for display.
 */
export function contradictionOf(meta: BackfireMetadata): Contradiction | undefined {
  if (!meta.halted) return undefined;
  return contradictionIn(meta.evidence);
}

/**
 * What each repair of an answer corrected: why its halt fired and the fact it contradicted (the
 * repair's client-safe halt record carries the scorer's evidence, never the withdrawn sentence).
 */
export function correctionsOf(meta: BackfireMetadata): Correction[] {
  return (meta.repairs ?? []).map((r) => ({
    attempt: r.attempt,
    kind: r.halt.kind,
    reason: r.halt.reason,
    contradiction: contradictionIn(r.halt.evidence) ?? null,
  }));
}

function contradictionIn(raw: unknown): Contradiction | undefined {
  const evidence = asRecord(raw);
  const chunks = Array.isArray(evidence?.['chunks']) ? evidence['chunks'].map(asRecord) : [];
  const cue = asRecord(evidence?.['contradiction']);
  const premise = typeof cue?.['premiseSentence'] === 'string' ? cue['premiseSentence'] : '';
  const chunk =
    chunks.find(
      (c) => premise !== '' && typeof c?.['text'] === 'string' && c['text'].includes(premise),
    ) ?? chunks[0];
  const factId = typeof chunk?.['id'] === 'string' ? chunk['id'] : null;
  let fact = premise || (typeof chunk?.['text'] === 'string' ? chunk['text'] : '');
  if (factId !== null && fact.startsWith(`${factId}: `)) fact = fact.slice(factId.length + 2);
  if (fact === '') return undefined;
  return {
    factId,
    fact,
    cue: typeof cue?.['kind'] === 'string' ? cue['kind'] : null,
    detail: typeof cue?.['detail'] === 'string' ? cue['detail'] : null,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
