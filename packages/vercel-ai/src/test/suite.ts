// The behaviour suite, run once per AI SDK major (middleware.ai6.test.ts, middleware.ai7.test.ts)
// against the real streamText / generateText / UI message stream of that version.
import {
  BackfireConfigError,
  BackfireHaltError,
  BackfireInputError,
  type GuardHalt,
  type SegmentScoreRequest,
  StreamingKernel,
} from '@backfire/core';
import { describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../ai-types.js';
import { backfireMessageMetadata, readBackfireMessageMetadata } from '../message-metadata.js';
import { type BackfireHaltMetadata, readBackfireMetadata } from '../metadata.js';
import { backfireMiddleware } from '../middleware.js';
import type { BackfireHaltContext, BackfireMiddlewareOptions } from '../options.js';
import {
  BAD,
  callParams,
  collect,
  FIRST,
  finishPart,
  GOOD,
  instrumentedModel,
  keywordScorer,
  type Sdk,
  simulatedModel,
  sleep,
  textParts,
  withoutBackfire,
  words,
} from './fixtures.js';

const QUESTION = 'What colour is the sky?';

export function defineMiddlewareSuite(sdk: Sdk): void {
  const guarded = (model: ReturnType<Sdk['mockModel']>, options: BackfireMiddlewareOptions = {}) =>
    sdk.wrapLanguageModel({
      model,
      middleware: backfireMiddleware({ scorer: keywordScorer, ...options }),
    });

  describe(`${sdk.name}: faithful answers`, () => {
    it('streamText output is the unguarded stream, part for part, plus providerMetadata.backfire', async () => {
      const parts = textParts(words(GOOD));
      const plain = await collect(
        sdk.streamText({ model: simulatedModel(sdk, parts), prompt: QUESTION }).fullStream,
      );
      const result = sdk.streamText({
        model: guarded(simulatedModel(sdk, parts)),
        prompt: QUESTION,
      });
      const parts2 = await collect(result.fullStream);
      expect(withoutBackfire(parts2)).toEqual(withoutBackfire(plain));
      expect(await result.text).toBe(GOOD);
      expect(await result.finishReason).toBe('stop');
      const meta = readBackfireMetadata(await result.providerMetadata);
      expect(meta?.halted).toBe(false);
      expect(meta?.segments.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
      expect(meta?.segments.every((s) => typeof s.score === 'number' && s.score >= 0.75)).toBe(
        true,
      );
      expect((await result.providerMetadata)?.['mock']).toEqual({ requestId: 'req-1' });
    });

    it('the model stream is byte-for-byte the provider stream; only the finish gains backfire', async () => {
      const parts = textParts(words(GOOD));
      const { model } = instrumentedModel(sdk, [parts]);
      const { stream } = await guarded(model).doStream(callParams(QUESTION));
      const out = await collect(stream);
      expect(out.slice(0, -1)).toStrictEqual(parts.slice(0, -1));
      const finish = out.at(-1) as Extract<StreamPart, { type: 'finish' }>;
      expect(finish.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
      expect(finish.usage).toEqual((parts.at(-1) as typeof finish).usage);
      expect(finish.providerMetadata?.['mock']).toEqual({ requestId: 'req-1' });
      expect(finish.providerMetadata?.['backfire']).toMatchObject({
        halted: false,
        tokensGenerated: 14,
        tokensReleased: 14,
      });
    });

    it('empty deltas and deltas without a text-start pass through as they came', async () => {
      const parts: StreamPart[] = [
        { type: 'text-delta', id: 'x', delta: 'The sky ' },
        { type: 'text-delta', id: 'x', delta: '' },
        { type: 'text-delta', id: 'x', delta: 'is blue.' },
        finishPart(),
      ];
      const { model } = instrumentedModel(sdk, [parts]);
      const out = await collect((await guarded(model).doStream(callParams(QUESTION))).stream);
      expect(out.slice(0, -1)).toStrictEqual(parts.slice(0, -1));
      const finish = out.at(-1) as Extract<StreamPart, { type: 'finish' }>;
      expect(readBackfireMetadata(finish.providerMetadata)?.segments).toHaveLength(1);
    });

    it('verified mode releases the same text, sentence by sentence, and still finishes with stop', async () => {
      const result = sdk.streamText({
        model: guarded(simulatedModel(sdk, textParts(words(GOOD))), { release: 'verified' }),
        prompt: QUESTION,
      });
      const chunks = await collect(result.textStream);
      expect(chunks.join('')).toBe(GOOD);
      expect(chunks[0]).toBe(FIRST);
      expect(await result.finishReason).toBe('stop');
    });
  });

  describe(`${sdk.name}: halting`, () => {
    for (const release of ['optimistic', 'verified'] as const) {
      it(`${release}: a contradiction in sentence 2 halts with content-filter, sentence 1 released`, async () => {
        const { model, upstream } = instrumentedModel(sdk, [textParts(words(BAD))]);
        const onFinish = vi.fn();
        const result = sdk.streamText({
          model: guarded(model, { release }),
          prompt: QUESTION,
          onFinish,
        });
        const deltas = await collect(result.textStream);
        const text = deltas.join('');
        expect(text.startsWith(FIRST)).toBe(true);
        expect(text).not.toContain('Sunsets');
        if (release === 'verified') {
          expect(text).toBe(FIRST);
          expect(text).not.toContain('WRONG');
        }
        expect(await result.finishReason).toBe('content-filter');
        expect(await result.rawFinishReason).toBe('backfire');
        const meta = readBackfireMetadata(await result.providerMetadata) as BackfireHaltMetadata;
        expect(meta).toMatchObject({
          halted: true,
          kind: 'hard_limit',
          reason: 'hard_limit (0.1000 < 0.5)',
          tokenIndex: 4,
          charOffset: 17,
          score: 0.1,
          evidence: { fact: 'sky-colour', text: 'The sky is blue by day.' },
          textId: 'txt-0',
        });
        expect(meta.suggestedAction).toMatch(/contradicts/);
        expect(meta.tokensReleased).toBe(release === 'verified' ? 4 : meta.tokensReleased);
        expect(meta.tokensGenerated).toBeGreaterThanOrEqual(9);
        // The offending sentence's text never travels in the metadata.
        expect(JSON.stringify(meta)).not.toContain('WRONG');
        expect(onFinish).toHaveBeenCalledTimes(1);
        expect(onFinish.mock.calls[0]?.[0]).toMatchObject({ finishReason: 'content-filter' });
        // The provider stopped: its stream was cancelled, its request aborted, little was read.
        await vi.waitFor(() => expect(upstream.cancelled).toBe(true));
        expect(upstream.aborted).toBe(true);
        expect(upstream.abortReason).toBeInstanceOf(BackfireHaltError);
        expect(upstream.cancelReason).toBeInstanceOf(BackfireHaltError);
        // stream-start, response-metadata, text-start, 10 words through "noon.", and the next
        // word, which tells the segmenter the sentence has ended.
        expect(upstream.pulled).toBeLessThanOrEqual(14);
        expect(upstream.pulled).toBeLessThan(textParts(words(BAD)).length);
      });
    }

    it('closes the open text block and emits one finish, then nothing (model-level parts)', async () => {
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const { stream } = await guarded(model, { release: 'verified' }).doStream(
        callParams(QUESTION),
      );
      const out = await collect(stream);
      const types = out.map((p) => p.type);
      expect(types.slice(0, 3)).toEqual(['stream-start', 'response-metadata', 'text-start']);
      expect(types.slice(-2)).toEqual(['text-end', 'finish']);
      expect(types.filter((t) => t === 'finish')).toHaveLength(1);
      const finish = out.at(-1) as Extract<StreamPart, { type: 'finish' }>;
      expect(finish.finishReason).toEqual({ unified: 'content-filter', raw: 'backfire' });
      expect(finish.usage.outputTokens.total).toBeUndefined();
      // JSON-serialisable as is.
      expect(JSON.parse(JSON.stringify(finish.providerMetadata))).toEqual(finish.providerMetadata);
    });

    it('onHalt gets the full record and the call context once', async () => {
      const onHalt = vi.fn<(halt: GuardHalt, context: BackfireHaltContext) => void>();
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const result = sdk.streamText({
        model: guarded(model, { onHalt, release: 'verified' }),
        messages: [
          { role: 'user', content: 'Earlier question' },
          { role: 'assistant', content: 'Earlier answer.' },
          { role: 'user', content: QUESTION },
        ],
      });
      await result.consumeStream();
      expect(onHalt).toHaveBeenCalledTimes(1);
      const [halt, context] = onHalt.mock.calls[0]!;
      expect(halt.segment).toBe('It is WRONG green at noon. ');
      expect(context).toMatchObject({
        type: 'stream',
        prompt: QUESTION,
        textId: 'txt-0',
        releasedText: FIRST,
      });
      expect(context.model.modelId).toBeTypeOf('string');
      expect(context.params.prompt.length).toBe(3);
    });

    it('a throwing or async-rejecting onHalt does not reopen the stream', async () => {
      for (const onHalt of [
        () => {
          throw new Error('boom');
        },
        async () => {
          throw new Error('boom');
        },
      ]) {
        const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
        const result = sdk.streamText({ model: guarded(model, { onHalt }), prompt: QUESTION });
        await result.consumeStream();
        expect(await result.finishReason).toBe('content-filter');
      }
    });

    it('a prompt extractor decides what the answer is scored against', async () => {
      const seen: string[] = [];
      const { model } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const result = sdk.streamText({
        model: guarded(model, {
          prompt: async (params) => `custom:${params.prompt.length}`,
          scorer: (req: SegmentScoreRequest) => {
            seen.push(req.prompt);
            return 0.9;
          },
        }),
        system: 'Be brief.',
        prompt: QUESTION,
      });
      await result.consumeStream();
      expect(seen).toEqual(['custom:2', 'custom:2', 'custom:2']);
    });
  });

  describe(`${sdk.name}: default scorer over a knowledge base`, () => {
    const knowledge = {
      height: 'The Eiffel Tower is 330 metres tall.',
      location: 'The Eiffel Tower is in Paris, France.',
    };
    const ask = 'How tall is the Eiffel Tower?';

    it('a faithful answer passes; one contradicting a stored fact halts with evidence', async () => {
      const run = async (answer: string) => {
        const { model } = instrumentedModel(sdk, [textParts(words(answer))]);
        const result = sdk.streamText({
          model: sdk.wrapLanguageModel({
            model,
            middleware: backfireMiddleware({ knowledge, release: 'verified' }),
          }),
          prompt: ask,
        });
        return {
          text: await result.text,
          finish: await result.finishReason,
          meta: readBackfireMetadata(await result.providerMetadata),
        };
      };
      const good = await run('The Eiffel Tower is in Paris. It is 330 metres tall.');
      expect(good.finish).toBe('stop');
      expect(good.text).toBe('The Eiffel Tower is in Paris. It is 330 metres tall.');
      const bad = await run(
        'The Eiffel Tower is in Paris. It is 120 metres tall. It opened in 1889.',
      );
      expect(bad.finish).toBe('content-filter');
      expect(bad.text).toBe('The Eiffel Tower is in Paris. ');
      expect(bad.meta).toMatchObject({ halted: true, kind: 'hard_limit', charOffset: 30 });
      expect(JSON.stringify(bad.meta?.halted ? bad.meta.evidence : null)).toContain('330 metres');
    });
  });

  describe(`${sdk.name}: a halt keeps the verified part, however the provider chunks`, () => {
    // Issue 11's example, plus the location fact: with the height fact alone the default scorer
    // currently rejects the (faithful) first sentence itself, which is a scoring matter.
    const knowledge = {
      height: 'The Eiffel Tower is 330 metres tall.',
      location: 'The Eiffel Tower is in Paris, France.',
    };
    const KEPT = 'The Eiffel Tower stands in Paris, France. ';
    const ANSWER = `${KEPT}The Eiffel Tower is 450 metres tall. It was completed in 1889.`;
    const cut = ANSWER.indexOf('450');
    const chunkings = {
      'one delta': [ANSWER],
      'two deltas': [ANSWER.slice(0, cut), ANSWER.slice(cut)],
    };
    for (const release of ['optimistic', 'verified'] as const) {
      for (const [name, deltas] of Object.entries(chunkings)) {
        it(`${release}, ${name}: the first sentence is released, the halt counts it`, async () => {
          const { model } = instrumentedModel(sdk, [textParts(deltas)]);
          const result = sdk.streamText({
            model: sdk.wrapLanguageModel({
              model,
              middleware: backfireMiddleware({ knowledge, release }),
            }),
            prompt: 'How tall is the Eiffel Tower?',
          });
          const shown = (await collect(result.textStream)).join('');
          expect(await result.finishReason).toBe('content-filter');
          const meta = readBackfireMetadata(await result.providerMetadata);
          if (release === 'verified' || name === 'one delta') expect(shown).toBe(KEPT);
          // Two deltas, optimistic: the lead of the offending sentence was shown while judged.
          else expect(shown).toBe(ANSWER.slice(0, cut));
          expect(meta).toMatchObject({
            halted: true,
            kind: 'hard_limit',
            charOffset: KEPT.length,
            tokensReleased: shown.split(' ').filter((w) => w !== '').length,
          });
        });
      }
    }
  });

  describe(`${sdk.name}: generateText`, () => {
    it('a faithful answer comes back whole, with the provider metadata and the scores', async () => {
      const { model, upstream } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const result = await sdk.generateText({ model: guarded(model), prompt: QUESTION });
      expect(result.text).toBe(GOOD);
      expect(result.finishReason).toBe('stop');
      expect(result.usage.outputTokens).toBe(40);
      expect(result.response.id).toBe('resp-1');
      expect(result.response.modelId).toBe('mock-model-id');
      expect(result.providerMetadata?.['mock']).toEqual({ requestId: 'req-1' });
      expect(readBackfireMetadata(result.providerMetadata)?.halted).toBe(false);
      // Streamed internally: the provider's doStream served the call.
      expect(upstream.calls).toHaveLength(1);
    });

    it('a contradiction stops the provider early and returns the verified text with content-filter', async () => {
      const { model, upstream } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const onHalt = vi.fn();
      const result = await sdk.generateText({
        model: guarded(model, { release: 'verified', onHalt }),
        prompt: QUESTION,
      });
      expect(result.text).toBe(FIRST);
      expect(result.finishReason).toBe('content-filter');
      expect(readBackfireMetadata(result.providerMetadata)).toMatchObject({
        halted: true,
        kind: 'hard_limit',
      });
      expect(onHalt.mock.calls[0]?.[1]).toMatchObject({ type: 'generate', releasedText: FIRST });
      await vi.waitFor(() => expect(upstream.cancelled).toBe(true));
      expect(upstream.aborted).toBe(true);
      expect(upstream.pulled).toBeLessThan(textParts(words(BAD)).length);
    });

    it('returns only verified text even when streaming is optimistic (nothing was shown yet)', async () => {
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const result = await sdk.generateText({
        model: guarded(model, { release: 'optimistic' }),
        prompt: QUESTION,
      });
      expect(result.finishReason).toBe('content-filter');
      expect(result.text).toBe(FIRST);
      expect(readBackfireMetadata(result.providerMetadata)).toMatchObject({ tokensReleased: 4 });
    });

    it('emitErrorOnHalt makes generateText reject with the BackfireHaltError', async () => {
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const error = await sdk
        .generateText({ model: guarded(model, { emitErrorOnHalt: true }), prompt: QUESTION })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(BackfireHaltError);
      expect((error as BackfireHaltError<GuardHalt>).halt.kind).toBe('hard_limit');
    });

    it('reasoning and tool calls come back as content, in order', async () => {
      const parts: StreamPart[] = [
        { type: 'reasoning-start', id: 'r1' },
        { type: 'reasoning-delta', id: 'r1', delta: 'Think WRONG thoughts. ' },
        { type: 'reasoning-end', id: 'r1' },
        ...textParts(words(GOOD), { finish: false, meta: false }),
        { type: 'tool-input-start', id: 'call-1', toolName: 'lookup' },
        { type: 'tool-input-delta', id: 'call-1', delta: '{"q":"sky"}' },
        { type: 'tool-input-end', id: 'call-1' },
        { type: 'tool-call', toolCallId: 'call-1', toolName: 'lookup', input: '{"q":"sky"}' },
        finishPart('tool-calls'),
      ];
      const { model } = instrumentedModel(sdk, [parts]);
      const result = await sdk.generateText({ model: guarded(model), prompt: QUESTION });
      expect(result.reasoningText).toBe('Think WRONG thoughts. ');
      expect(result.text).toBe(GOOD);
      expect(result.toolCalls.map((c) => [c.toolName, c.input])).toEqual([
        ['lookup', { q: 'sky' }],
      ]);
      // (ai adds a tool-error after them: the test declares no `lookup` tool.)
      expect(result.content.map((c) => c.type).slice(0, 3)).toEqual([
        'reasoning',
        'text',
        'tool-call',
      ]);
    });
  });

  describe(`${sdk.name}: other parts`, () => {
    const mixed = (text: string): StreamPart[] => [
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'resp-1', modelId: 'm', timestamp: new Date(0) },
      { type: 'reasoning-start', id: 'r1' },
      // Reasoning is not the answer: even a "contradiction" there passes untouched.
      { type: 'reasoning-delta', id: 'r1', delta: 'Is it WRONG? ' },
      { type: 'reasoning-delta', id: 'r1', delta: 'No.' },
      { type: 'reasoning-end', id: 'r1' },
      { type: 'tool-input-start', id: 'call-1', toolName: 'lookup' },
      { type: 'tool-input-delta', id: 'call-1', delta: '{"q":' },
      { type: 'tool-input-delta', id: 'call-1', delta: '"WRONG"}' },
      { type: 'tool-input-end', id: 'call-1' },
      { type: 'tool-call', toolCallId: 'call-1', toolName: 'lookup', input: '{"q":"WRONG"}' },
      { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com/sky' },
      ...textParts(words(text), { finish: false, meta: false }),
      finishPart('tool-calls'),
    ];

    it('reasoning, tool input, tool calls and sources pass through untouched', async () => {
      const parts = mixed(GOOD);
      const { model } = instrumentedModel(sdk, [parts]);
      const out = await collect((await guarded(model).doStream(callParams(QUESTION))).stream);
      expect(out.slice(0, -1)).toStrictEqual(parts.slice(0, -1));
    });

    it('a halt while reasoning and tool input are open closes them before the finish', async () => {
      const parts: StreamPart[] = [
        { type: 'reasoning-start', id: 'r1' },
        { type: 'reasoning-delta', id: 'r1', delta: 'Hmm.' },
        { type: 'tool-input-start', id: 'call-1', toolName: 'lookup' },
        { type: 'tool-input-delta', id: 'call-1', delta: '{"q":' },
        ...textParts(words(BAD), { finish: false, meta: false }),
        finishPart(),
      ];
      const { model } = instrumentedModel(sdk, [parts]);
      const out = await collect(
        (await guarded(model, { release: 'verified' }).doStream(callParams(QUESTION))).stream,
      );
      expect(out.slice(-4)).toEqual([
        { type: 'text-end', id: 'txt-0' },
        { type: 'reasoning-end', id: 'r1' },
        { type: 'tool-input-end', id: 'call-1' },
        expect.objectContaining({ type: 'finish' }),
      ]);
      // Only part types both spec versions know: ai 6 crashes on `custom` parts.
      const known = new Set([
        'text-start',
        'text-delta',
        'text-end',
        'reasoning-start',
        'reasoning-delta',
        'tool-input-start',
        'tool-input-delta',
        'tool-input-end',
        'reasoning-end',
        'finish',
      ]);
      expect(out.every((p) => known.has(p.type))).toBe(true);
    });

    it('each text block has its own guard; the halt names the block', async () => {
      const parts: StreamPart[] = [
        ...textParts(words(GOOD), { id: 'a', finish: false }),
        ...textParts(words(BAD), { id: 'b', finish: false, meta: false }),
        finishPart(),
      ];
      const { model } = instrumentedModel(sdk, [parts]);
      const result = sdk.streamText({
        model: guarded(model, { release: 'verified' }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe(GOOD + FIRST);
      const meta = readBackfireMetadata(await result.providerMetadata) as BackfireHaltMetadata;
      expect(meta.textId).toBe('b');
      expect(meta.charOffset).toBe(17);
      expect(meta.segments.map((s) => [s.textId, s.status])).toEqual([
        ['a', 'passed'],
        ['a', 'passed'],
        ['a', 'passed'],
        ['b', 'passed'],
        ['b', 'failed'],
      ]);
    });

    it('text after a tool result (the next step) is guarded like any text', async () => {
      const step1: StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'tool-call', toolCallId: 'call-1', toolName: 'lookup', input: '{"q":"sky"}' },
        finishPart('tool-calls'),
      ];
      const { model, upstream } = instrumentedModel(sdk, [step1, textParts(words(BAD))]);
      const execute = vi.fn(async () => ({ colour: 'blue' }));
      const result = sdk.streamText({
        model: guarded(model, { release: 'verified' }),
        prompt: QUESTION,
        tools: {
          lookup: sdk.tool({
            description: 'Look a fact up',
            inputSchema: sdk.jsonSchema<{ q: string }>({
              type: 'object',
              properties: { q: { type: 'string' } },
              required: ['q'],
            }),
            execute,
          }),
        },
        stopWhen: sdk.stepCountIs(5),
      });
      const parts = await collect(result.fullStream);
      expect(execute).toHaveBeenCalledTimes(1);
      expect(parts.filter((p) => p.type === 'tool-result')).toHaveLength(1);
      expect(await result.text).toBe(FIRST);
      expect(await result.finishReason).toBe('content-filter');
      const steps = await result.steps;
      expect(steps.map((s) => s.finishReason)).toEqual(['tool-calls', 'content-filter']);
      expect(readBackfireMetadata(steps[0]?.providerMetadata)?.halted).toBe(false);
      expect(upstream.calls).toHaveLength(2);
    });
  });

  describe(`${sdk.name}: failures fail closed`, () => {
    it('a scorer that throws halts with callback_error; nothing unverified is shown', async () => {
      const { model, upstream } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const result = sdk.streamText({
        model: guarded(model, {
          release: 'verified',
          scorer: () => {
            throw new Error('scorer backend down');
          },
        }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe('');
      expect(await result.finishReason).toBe('content-filter');
      const meta = readBackfireMetadata(await result.providerMetadata);
      expect(meta).toMatchObject({ halted: true, kind: 'callback_error', score: 0 });
      if (meta?.halted) expect(meta.suggestedAction).toMatch(/scorer failed/);
      await vi.waitFor(() => expect(upstream.cancelled).toBe(true));
    });

    it('a NaN (or Infinity, or non-number) score halts and providerMetadata.backfire names it', async () => {
      for (const [bad, name] of [
        [Number.NaN, 'NaN'],
        [Number.NEGATIVE_INFINITY, '-Infinity'],
        ['0.9', 'string'],
      ] as const) {
        const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
        const result = sdk.streamText({
          model: guarded(model, {
            release: 'verified',
            scorer: (req: SegmentScoreRequest) =>
              req.segment.includes('WRONG') ? { score: bad as number } : 0.9,
          }),
          prompt: QUESTION,
        });
        expect(await result.text).toBe(FIRST);
        expect(await result.finishReason).toBe('content-filter');
        expect(readBackfireMetadata(await result.providerMetadata)).toMatchObject({
          halted: true,
          kind: 'hard_limit',
          reason: `hard_limit (score ${name} → 0 < 0.5)`,
          score: 0,
          invalidScore: name,
        });
      }
      // A valid low score says nothing of the kind.
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const result = sdk.streamText({ model: guarded(model), prompt: QUESTION });
      const meta = readBackfireMetadata(await result.providerMetadata);
      expect(meta?.halted && 'invalidScore' in meta).toBe(false);
    });

    it('a scorer that rejects asynchronously fails closed the same way', async () => {
      const { model } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const result = sdk.streamText({
        model: guarded(model, {
          scorer: async () => Promise.reject(new Error('timeout talking to NLI')),
        }),
        prompt: QUESTION,
      });
      await result.consumeStream();
      expect(readBackfireMetadata(await result.providerMetadata)).toMatchObject({
        halted: true,
        kind: 'callback_error',
      });
    });

    it('a scorer that hangs halts with kind timeout after scoreTimeoutMs', async () => {
      const { model, upstream } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const result = sdk.streamText({
        model: guarded(model, {
          release: 'verified',
          scoreTimeoutMs: 20,
          scorer: () => new Promise<number>(() => undefined),
        }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe('');
      expect(readBackfireMetadata(await result.providerMetadata)).toMatchObject({
        halted: true,
        kind: 'timeout',
        reason: 'timeout',
      });
      await vi.waitFor(() => expect(upstream.aborted).toBe(true));
    });

    it('evidence that is not JSON (bigint, cycles, functions, NaN) is made JSON-safe', async () => {
      const cyclic: Record<string, unknown> = { n: 1n, f: () => 1, nan: Number.NaN };
      cyclic['self'] = cyclic;
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const result = await sdk.generateText({
        model: guarded(model, {
          scorer: (req: SegmentScoreRequest) =>
            req.segment.includes('WRONG') ? { score: 0.1, evidence: cyclic } : 0.9,
        }),
        prompt: QUESTION,
      });
      const meta = readBackfireMetadata(result.providerMetadata) as BackfireHaltMetadata;
      expect(meta.evidence).toEqual({ n: '1', nan: null, self: '[Circular]' });
      expect(() => JSON.stringify(result.providerMetadata)).not.toThrow();
    });

    it('a provider stream error propagates exactly as it does without the middleware', async () => {
      const failing = () =>
        sdk.mockModel(async () => ({
          stream: new ReadableStream<StreamPart>({
            start(controller) {
              controller.enqueue({ type: 'text-start', id: 't' });
              controller.enqueue({ type: 'text-delta', id: 't', delta: 'The sky ' });
              controller.error(new Error('socket hang up'));
            },
          }),
        }));
      const outcome = async (model: ReturnType<Sdk['mockModel']>) => {
        const seen: string[] = [];
        try {
          for await (const part of sdk.streamText({ model, prompt: QUESTION }).fullStream) {
            seen.push(part.type);
          }
        } catch (error) {
          seen.push(`threw ${String(error)}`);
        }
        return seen;
      };
      const plain = await outcome(failing());
      expect(plain.join()).toContain('socket hang up');
      expect(await outcome(guarded(failing()))).toEqual(plain);
    });
  });

  describe(`${sdk.name}: options`, () => {
    it('emitErrorOnHalt adds an error part (onError fires) and still finishes with content-filter', async () => {
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const onError = vi.fn();
      const result = sdk.streamText({
        model: guarded(model, { emitErrorOnHalt: true, release: 'verified' }),
        prompt: QUESTION,
        onError,
      });
      await result.consumeStream();
      expect(onError).toHaveBeenCalledTimes(1);
      expect((onError.mock.calls[0]![0] as { error: unknown }).error).toBeInstanceOf(
        BackfireHaltError,
      );
      expect(await result.finishReason).toBe('content-filter');
      expect(await result.text).toBe(FIRST);
    });

    it('abortUpstream: false leaves the provider request running and discards the rest', async () => {
      const parts = textParts(words(BAD));
      const { model, upstream } = instrumentedModel(sdk, [parts]);
      const result = sdk.streamText({
        model: guarded(model, { abortUpstream: false, release: 'verified' }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe(FIRST);
      expect(await result.finishReason).toBe('content-filter');
      await vi.waitFor(() => expect(upstream.pulled).toBe(parts.length));
      expect(upstream.aborted).toBe(false);
      expect(upstream.cancelled).toBe(false);
    });

    it('the caller can still abort: same outcome as unguarded, the provider sees it, no halt', async () => {
      const run = async (wrap: boolean) => {
        const { model, upstream } = instrumentedModel(sdk, [textParts(words(GOOD))], {
          delayMs: 1,
        });
        const onHalt = vi.fn();
        const caller = new AbortController();
        const seen: string[] = [];
        const result = sdk.streamText({
          model: wrap ? guarded(model, { onHalt }) : model,
          prompt: QUESTION,
          abortSignal: caller.signal,
        });
        let deltas = 0;
        try {
          for await (const part of result.fullStream) {
            seen.push(part.type);
            if (part.type === 'text-delta' && ++deltas === 3) {
              caller.abort(new Error('user pressed stop'));
            }
          }
        } catch (error) {
          // ai 6 rethrows the abort reason from fullStream; ai 7 ends with an `abort` part.
          seen.push(`threw ${String(error)}`);
        }
        return { seen, upstream, onHalt };
      };
      const plain = await run(false);
      const withGuard = await run(true);
      expect(withGuard.seen).toEqual(plain.seen);
      expect(withGuard.seen.at(-1)).toMatch(/^abort$|user pressed stop/);
      expect(withGuard.upstream.aborted).toBe(true);
      expect(withGuard.upstream.abortReason).toEqual(new Error('user pressed stop'));
      expect(withGuard.upstream.pulled).toBe(plain.upstream.pulled);
      expect(withGuard.upstream.pulled).toBeLessThan(textParts(words(GOOD)).length);
      expect(withGuard.onHalt).not.toHaveBeenCalled();
    });

    it('bad options throw typed errors naming the field, when the middleware is created', () => {
      const cases: [Record<string, unknown>, string, unknown][] = [
        [{ emitErrorOnHalt: 'yes' }, 'emitErrorOnHalt', 'yes'],
        [{ abortUpstream: 0 }, 'abortUpstream', 0],
        [{ onHalt: 'log' }, 'onHalt', 'log'],
        [{ prompt: 'What?' }, 'prompt', 'What?'],
        [{ release: 'fast' }, 'release', 'fast'],
        [{ maxUnverifiedTokens: 0 }, 'maxUnverifiedTokens', 0],
        [{ scoreTimeoutMs: Number.NaN }, 'scoreTimeoutMs', Number.NaN],
        [{ onTimeout: 'retry' }, 'onTimeout', 'retry'],
        [{ scorer: 42 }, 'scorer', 42],
      ];
      for (const [options, field, value] of cases) {
        let error: unknown;
        try {
          backfireMiddleware({ scorer: keywordScorer, ...options } as BackfireMiddlewareOptions);
        } catch (e) {
          error = e;
        }
        expect(error, field).toBeInstanceOf(BackfireInputError);
        expect((error as BackfireInputError).field).toBe(field);
        expect((error as BackfireInputError).value).toEqual(value);
        expect((error as Error).message).toContain(field);
      }
      expect(() => backfireMiddleware({ scorer: keywordScorer, config: { hardLimit: 2 } })).toThrow(
        BackfireConfigError,
      );
    });

    it("a shared kernel's emergencyStop() halts streams in flight (kernel_inactive)", async () => {
      const kernel = new StreamingKernel();
      const { model } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const scorer = (req: SegmentScoreRequest) => {
        if (req.segment.startsWith('It looks')) kernel.emergencyStop();
        return 0.9;
      };
      const result = sdk.streamText({
        model: guarded(model, { kernel, scorer, release: 'verified' }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe(FIRST);
      expect(readBackfireMetadata(await result.providerMetadata)).toMatchObject({
        halted: true,
        kind: 'kernel_inactive',
      });
      kernel.reactivate();
      const again = sdk.streamText({
        model: guarded(instrumentedModel(sdk, [textParts(words(GOOD))]).model, { kernel }),
        prompt: QUESTION,
      });
      expect(await again.finishReason).toBe('stop');
    });

    it('providerOptions.backfire.tenant picks the knowledge tenant per request', async () => {
      const tenants: (string | undefined)[] = [];
      const scorer = (req: SegmentScoreRequest) => {
        tenants.push(req.tenant);
        return 0.9;
      };
      for (const providerOptions of [undefined, { backfire: { tenant: 'acme' } }]) {
        const { model } = instrumentedModel(sdk, [textParts(['Fine. '])]);
        const result = sdk.streamText({
          model: guarded(model, { scorer, tenant: 'default' }),
          prompt: QUESTION,
          ...(providerOptions !== undefined ? { providerOptions } : {}),
        });
        await result.consumeStream();
      }
      expect(tenants).toEqual(['default', 'acme']);
      const { model, upstream } = instrumentedModel(sdk, [textParts(['Fine. '])]);
      const error = await guarded(model)
        .doStream({ ...callParams(QUESTION), providerOptions: { backfire: { tenant: 7 } } })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(BackfireInputError);
      expect((error as BackfireInputError).field).toBe('providerOptions.backfire.tenant');
      expect(upstream.calls).toHaveLength(0);
    });

    it('a prompt extractor that returns a non-string fails the call with a typed error', async () => {
      const { model, upstream } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const wrapped = guarded(model, { prompt: (() => 42) as unknown as () => string });
      const error = await wrapped.doStream(callParams(QUESTION)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackfireInputError);
      expect((error as BackfireInputError).field).toBe('prompt');
      expect(upstream.calls).toHaveLength(0);
    });
  });

  describe(`${sdk.name}: streams`, () => {
    it('50 concurrent guarded streams with mixed outcomes never cross-talk', async () => {
      const crossTalk: string[] = [];
      const scorer = async (req: SegmentScoreRequest) => {
        const asked = /#(\d+)/.exec(req.prompt)?.[1];
        const about = /#(\d+)/.exec(req.segment)?.[1];
        if (about !== undefined && about !== asked) crossTalk.push(`${asked} saw ${about}`);
        await sleep(Number(asked) % 4);
        return req.segment.includes('WRONG') ? 0.1 : 0.9;
      };
      const runs = Array.from({ length: 50 }, async (_, i) => {
        const bad = i % 3 === 0;
        const first = `Stream #${i} starts here. `;
        const text = `${first}${bad ? `Stream #${i} is WRONG.` : `Stream #${i} is fine.`} Stream #${i} ends.`;
        const model = simulatedModel(sdk, textParts(words(text)), i % 2);
        const result = sdk.streamText({
          model: guarded(model, { scorer, release: 'verified' }),
          prompt: `Question #${i}`,
        });
        const out = (await collect(result.textStream)).join('');
        return { i, bad, out, text, first, finish: await result.finishReason };
      });
      const results = await Promise.all(runs);
      expect(crossTalk).toEqual([]);
      for (const r of results) {
        expect(r.out).toBe(r.bad ? r.first : r.text);
        expect(r.finish).toBe(r.bad ? 'content-filter' : 'stop');
      }
    });

    it('multi-byte characters split across deltas survive, in both release modes', async () => {
      const text = 'Le ciel est bleu 🌍🙂. 空は青いです。 Ça va très bien.';
      // Cut inside surrogate pairs and between a base letter and nothing else: every 3 code units.
      const deltas: string[] = [];
      for (let i = 0; i < text.length; i += 3) deltas.push(text.slice(i, i + 3));
      expect(deltas.some((d) => /[\uD800-\uDBFF]$/u.test(d))).toBe(true);
      for (const release of ['optimistic', 'verified'] as const) {
        const result = sdk.streamText({
          model: guarded(simulatedModel(sdk, textParts(deltas)), {
            release,
            scorer: () => 0.9,
          }),
          prompt: QUESTION,
        });
        const chunks = await collect(result.textStream);
        expect(chunks.join('')).toBe(text);
        if (release === 'optimistic') expect(chunks).toEqual(deltas);
      }
    });

    it('consumer cancellation reaches the provider stream', async () => {
      const { model, upstream } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const { stream } = await guarded(model).doStream(callParams(QUESTION));
      const reader = stream.getReader();
      await reader.read();
      await reader.read();
      await reader.cancel(new Error('client went away'));
      expect(upstream.cancelled).toBe(true);
      expect(upstream.pulled).toBe(2);
    });
  });

  describe(`${sdk.name}: useChat sees the halt`, () => {
    const haltedResult = () => {
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      return sdk.streamText({
        model: guarded(model, { release: 'verified' }),
        prompt: QUESTION,
      });
    };

    it('toUIMessageStreamResponse carries finishReason and message metadata', async () => {
      const response = haltedResult().toUIMessageStreamResponse({
        messageMetadata: backfireMessageMetadata(),
      });
      const chunks = (await response.text())
        .split('\n')
        .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
        .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
      const meta = chunks.find((c) => c['type'] === 'message-metadata');
      expect(meta?.['messageMetadata']).toMatchObject({
        backfire: { halted: true, kind: 'hard_limit', reason: 'hard_limit (0.1000 < 0.5)' },
      });
      expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'content-filter' });
      const text = chunks
        .filter((c) => c['type'] === 'text-delta')
        .map((c) => c['delta'])
        .join('');
      expect(text).toBe(FIRST);
      expect(JSON.stringify(chunks)).not.toContain('WRONG');
    });

    it('the assembled UI message (what useChat holds) has metadata.backfire', async () => {
      let last: Parameters<typeof readBackfireMessageMetadata>[0] & { parts: unknown[] } = {
        parts: [],
      };
      const stream = haltedResult().toUIMessageStream({
        messageMetadata: backfireMessageMetadata({ evidence: true }),
      });
      for await (const message of sdk.readUIMessageStream({ stream })) last = message;
      const backfire = readBackfireMessageMetadata(last);
      expect(backfire).toMatchObject({
        halted: true,
        kind: 'hard_limit',
        tokensReleased: 4,
        evidence: { fact: 'sky-colour' },
      });
      expect(backfire?.suggestedAction).toMatch(/contradicts/);
      expect(last.parts).toContainEqual(expect.objectContaining({ type: 'text', text: FIRST }));
    });

    it('createUIMessageStream + writer.merge works the same, and extend adds your own metadata', async () => {
      const stream = sdk.createUIMessageStream({
        execute: ({ writer }) => {
          writer.merge(
            haltedResult().toUIMessageStream({
              messageMetadata: backfireMessageMetadata({
                extend: ({ part }) => (part.type === 'start' ? { model: 'mock' } : undefined),
              }),
            }),
          );
        },
      });
      let last: { metadata?: unknown } = {};
      for await (const message of sdk.readUIMessageStream({ stream })) last = message;
      expect(last.metadata).toMatchObject({ model: 'mock', backfire: { halted: true } });
      const response = sdk.createUIMessageStreamResponse({
        stream: sdk.createUIMessageStream({
          execute: ({ writer }) => {
            writer.merge(
              haltedResult().toUIMessageStream({ messageMetadata: backfireMessageMetadata() }),
            );
          },
        }),
      });
      expect(await response.text()).toContain('"halted":true');
    });

    it('a faithful answer says halted: false', async () => {
      const { model } = instrumentedModel(sdk, [textParts(words(GOOD))]);
      const result = sdk.streamText({ model: guarded(model), prompt: QUESTION });
      let last: { metadata?: unknown } = {};
      const stream = result.toUIMessageStream({ messageMetadata: backfireMessageMetadata() });
      for await (const message of sdk.readUIMessageStream({ stream })) last = message;
      expect(readBackfireMessageMetadata(last)).toMatchObject({
        halted: false,
        tokensReleased: 14,
      });
      expect(readBackfireMessageMetadata(last)?.kind).toBeUndefined();
    });
  });
}
