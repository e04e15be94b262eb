// The repair suite, run once per AI SDK major (repair.ai6.test.ts, repair.ai7.test.ts).
import { BackfireHaltError, type GuardHalt } from '@backfire/core';
import { describe, expect, it, vi } from 'vitest';
import type { CallOptions, StreamPart } from '../ai-types.js';
import {
  backfireMessageMetadata,
  backfireTextSpans,
  readBackfireMessageMetadata,
} from '../message-metadata.js';
import {
  type BackfireHaltMetadata,
  type BackfirePassMetadata,
  readBackfireMetadata,
} from '../metadata.js';
import { backfireMiddleware } from '../middleware.js';
import type { BackfireMiddlewareOptions } from '../options.js';
import {
  BAD,
  callParams,
  collect,
  FIRST,
  finishPart,
  instrumentedModel,
  keywordScorer,
  type Sdk,
  textParts,
  USAGE,
  words,
} from './fixtures.js';

const QUESTION = 'What colour is the sky?';
const CONTINUATION = 'It is blue at noon. Sunsets look red.';
const REPAIRED = FIRST + CONTINUATION;

type Finish = Extract<StreamPart, { type: 'finish' }>;

/** The text of a prompt message (all its text parts). */
function messageText(message: CallOptions['prompt'][number] | undefined): string {
  if (message === undefined) return '';
  if (typeof message.content === 'string') return message.content;
  return (message.content as readonly { type: string; text?: string }[])
    .map((p) => (p.type === 'text' ? (p.text ?? '') : ''))
    .join('');
}

export function defineRepairSuite(sdk: Sdk): void {
  const guarded = (model: ReturnType<Sdk['mockModel']>, options: BackfireMiddlewareOptions = {}) =>
    sdk.wrapLanguageModel({
      model,
      middleware: backfireMiddleware({ scorer: keywordScorer, repair: {}, ...options }),
    });

  const wrongThenRight = () =>
    instrumentedModel(sdk, [textParts(words(BAD)), textParts(words(CONTINUATION))]);

  describe(`${sdk.name}: repair`, () => {
    it('verified: wrong then right is one seamless answer, one repair, stop', async () => {
      const { model, upstream } = wrongThenRight();
      const result = sdk.streamText({
        model: guarded(model, { release: 'verified' }),
        prompt: QUESTION,
      });
      const chunks = await collect(result.textStream);
      expect(chunks.join('')).toBe(REPAIRED);
      expect(await result.finishReason).toBe('stop');
      const meta = readBackfireMetadata(await result.providerMetadata) as BackfirePassMetadata;
      expect(meta.halted).toBe(false);
      expect(meta.repairs).toHaveLength(1);
      expect(meta.repairs?.[0]).toMatchObject({
        attempt: 1,
        textId: 'txt-0',
        keptChars: FIRST.length,
        withdrawn: { start: FIRST.length, end: FIRST.length },
        halt: { kind: 'hard_limit', reason: 'hard_limit (0.1000 < 0.5)', charOffset: 17 },
      });
      // The whole answer's sentences, the kept one included; the withheld one never travels.
      expect(meta.segments.map((s) => s.charStart)).toEqual([0, 17, 37]);
      expect(JSON.stringify(meta)).not.toContain('WRONG');
      // usage: the halted call reported none, so it is the repair call's.
      expect((await result.usage).outputTokens).toBe(USAGE.outputTokens.total);
      expect(upstream.calls).toHaveLength(2);
    });

    it('the repair prompt is the conversation, the verified prefix and the correction note', async () => {
      const { model, upstream } = wrongThenRight();
      await guarded(model, { release: 'verified' })
        .doStream(callParams(QUESTION))
        .then((r) => collect(r.stream));
      const [first, second] = upstream.calls;
      expect(second?.prompt.slice(0, first!.prompt.length)).toEqual(first?.prompt);
      const added = second!.prompt.slice(first!.prompt.length);
      expect(added.map((m) => m.role)).toEqual(['assistant', 'user']);
      expect(messageText(added[0])).toBe(FIRST);
      const note = messageText(added[1]);
      expect(note).toContain('It is WRONG green at noon.');
      expect(note).toContain('The sky is blue by day.');
      expect(note).toContain('Continue the answer from here, consistent with these facts.');
    });

    it('instructions overrides the note, and never reaches the client', async () => {
      const { model, upstream } = wrongThenRight();
      const instructions = vi.fn((halt: GuardHalt) => `Fix: ${halt.kind}. Go on.`);
      const result = sdk.streamText({
        model: guarded(model, { repair: { instructions } }),
        prompt: QUESTION,
      });
      const parts = await collect(result.fullStream);
      expect(instructions).toHaveBeenCalledTimes(1);
      expect(messageText(upstream.calls[1]?.prompt.at(-1))).toBe('Fix: hard_limit. Go on.');
      expect(JSON.stringify(parts)).not.toContain('Fix: hard_limit');
    });

    it('optimistic: the stream says which released characters are withdrawn', async () => {
      const { model } = wrongThenRight();
      const { stream } = await guarded(model).doStream(callParams(QUESTION));
      const out = await collect(stream);
      const deltas = out.filter((p) => p.type === 'text-delta');
      const shown = deltas.map((p) => p.delta).join('');
      const marker = deltas.find((p) => p.delta === '' && p.providerMetadata?.['backfire']);
      const backfire = marker?.providerMetadata?.['backfire'] as
        | { withdrawn: { start: number; end: number }[] }
        | undefined;
      const withdrawn = backfire?.withdrawn ?? [];
      expect(withdrawn).toHaveLength(1);
      const [range] = withdrawn;
      expect(range?.start).toBe(FIRST.length);
      expect(shown.slice(range!.start, range!.end)).toMatch(/^It is WRONG/);
      // Withdrawn text removed, the answer is the repaired one.
      expect(shown.slice(0, range!.start) + shown.slice(range!.end)).toBe(REPAIRED);
      // One text block: no second text-start, one text-end.
      expect(out.filter((p) => p.type === 'text-start')).toHaveLength(1);
      expect(out.filter((p) => p.type === 'text-end')).toHaveLength(1);
      expect(out.filter((p) => p.type === 'stream-start')).toHaveLength(1);
      const finish = out.at(-1) as Finish;
      expect(finish.finishReason.unified).toBe('stop');
      const meta = readBackfireMetadata(finish.providerMetadata);
      expect(meta?.repairs?.[0]?.withdrawn).toEqual(range);
    });

    it("optimistic: the withdrawn ranges ride on the block's later parts that carry metadata", async () => {
      const continuation = textParts(words(CONTINUATION)).map((p) =>
        p.type === 'text-end' ? { ...p, providerMetadata: { mock: { itemId: 'x' } } } : p,
      );
      const { model } = instrumentedModel(sdk, [textParts(words(BAD)), continuation]);
      const out = await collect((await guarded(model).doStream(callParams(QUESTION))).stream);
      const end = out.find((p) => p.type === 'text-end');
      expect(end?.providerMetadata?.['mock']).toEqual({ itemId: 'x' });
      expect(end?.providerMetadata?.['backfire']).toEqual({
        withdrawn: [{ start: FIRST.length, end: expect.any(Number) }],
      });
    });

    it('optimistic: the UI message strikes the withdrawn text through', async () => {
      const { model } = wrongThenRight();
      const result = sdk.streamText({ model: guarded(model), prompt: QUESTION });
      let last: { metadata?: unknown; parts: readonly unknown[] } = { parts: [] };
      const stream = result.toUIMessageStream({ messageMetadata: backfireMessageMetadata() });
      for await (const message of sdk.readUIMessageStream({ stream })) last = message;
      const backfire = readBackfireMessageMetadata(last);
      expect(backfire?.halted).toBe(false);
      expect(backfire?.repairs).toEqual([
        expect.objectContaining({ attempt: 1, kind: 'hard_limit', keptChars: FIRST.length }),
      ]);
      const textIndex = last.parts.findIndex((p) => (p as { type: string }).type === 'text');
      expect(backfire?.withdrawn).toEqual([
        { partIndex: textIndex, start: FIRST.length, end: expect.any(Number) },
      ]);
      const spans = backfireTextSpans(last.parts[textIndex] as { text: string });
      expect(spans[0]).toEqual({ text: FIRST, withdrawn: false });
      expect(spans[1]?.withdrawn).toBe(true);
      expect(spans[1]?.text).toMatch(/^It is WRONG/);
      expect(
        spans
          .filter((s) => !s.withdrawn)
          .map((s) => s.text)
          .join(''),
      ).toBe(REPAIRED);
    });

    it('always wrong: `attempts` repairs, then the last halt ends it with content-filter', async () => {
      const { model, upstream } = instrumentedModel(sdk, [
        textParts(words(BAD)),
        textParts(words('It is WRONG purple at noon. Sunsets look red.')),
      ]);
      const result = sdk.streamText({
        model: guarded(model, { release: 'verified', repair: { attempts: 2 } }),
        prompt: QUESTION,
      });
      const text = (await collect(result.textStream)).join('');
      expect(upstream.calls).toHaveLength(3);
      expect(text).toBe(FIRST);
      expect(await result.finishReason).toBe('content-filter');
      const meta = readBackfireMetadata(await result.providerMetadata) as BackfireHaltMetadata;
      expect(meta).toMatchObject({ halted: true, kind: 'hard_limit' });
      expect(meta.repairs?.map((r) => r.attempt)).toEqual([1, 2]);
      // Each repair prompt starts from the same verified prefix.
      for (const call of upstream.calls.slice(1)) {
        expect(messageText(call.prompt.at(-2))).toBe(FIRST);
      }
    });

    it("the halted call's abort signal fires before the repair call starts", async () => {
      const signals: (AbortSignal | undefined)[] = [];
      const seen: boolean[] = [];
      const scripts = [textParts(words(BAD)), textParts(words(CONTINUATION))];
      const model = sdk.mockModel(async (call) => {
        seen.push(signals.map((s) => s?.aborted === true).every(Boolean));
        signals.push(call.abortSignal);
        const script = scripts[signals.length - 1]!;
        let i = 0;
        return {
          stream: new ReadableStream<StreamPart>(
            {
              pull(c) {
                const part = script[i++];
                if (part === undefined) c.close();
                else c.enqueue(part);
              },
            },
            { highWaterMark: 0 },
          ),
        };
      });
      const result = sdk.streamText({ model: guarded(model), prompt: QUESTION });
      expect(await result.text).toContain(CONTINUATION);
      expect(signals).toHaveLength(2);
      expect(seen).toEqual([true, true]);
      expect(signals[0]?.reason).toBeInstanceOf(BackfireHaltError);
      expect(signals[1]?.aborted).toBe(false);
    });

    it('an error in the repair call is the stream error (fails closed, no hang)', async () => {
      let calls = 0;
      const model = sdk.mockModel(async () => {
        calls++;
        if (calls > 1) throw new Error('provider down');
        return { stream: sdk.simulateReadableStream({ chunks: textParts(words(BAD)) }) };
      });
      const { stream } = await guarded(model, { release: 'verified' }).doStream(
        callParams(QUESTION),
      );
      await expect(collect(stream)).rejects.toThrow('provider down');
      const result = sdk.streamText({
        model: guarded(model),
        prompt: QUESTION,
        onError: () => undefined,
      });
      const parts = await collect(result.fullStream);
      expect(parts.some((p) => p.type === 'error')).toBe(true);
    });

    it('an error part in the repair stream surfaces as usual', async () => {
      const { model } = instrumentedModel(sdk, [
        textParts(words(BAD)),
        [{ type: 'error', error: new Error('overloaded') }],
      ]);
      const { stream } = await guarded(model, { release: 'verified' }).doStream(
        callParams(QUESTION),
      );
      const out = await collect(stream);
      expect(out.find((p) => p.type === 'error')).toMatchObject({ error: new Error('overloaded') });
    });

    it('generateText returns the repaired text', async () => {
      for (const release of ['optimistic', 'verified'] as const) {
        const { model } = wrongThenRight();
        const result = await sdk.generateText({
          model: guarded(model, { release }),
          prompt: QUESTION,
        });
        expect(result.text).toBe(REPAIRED);
        expect(result.finishReason).toBe('stop');
        const meta = readBackfireMetadata(result.providerMetadata);
        expect(meta?.repairs).toHaveLength(1);
        expect(meta?.repairs?.[0]?.withdrawn).toEqual({ start: 17, end: 17 });
      }
    });

    it('concurrent streams repair independently', async () => {
      const answers: Record<string, [string, string]> = {
        'What colour is the sky?': [BAD, CONTINUATION],
        'What colour is grass?': [
          'Grass is green. It is WRONG purple. ',
          'It is green because of chlorophyll.',
        ],
      };
      const count = new Map<string, number>();
      const model = sdk.mockModel(async (call) => {
        const first = call.prompt.find((m) => m.role === 'user');
        const question = messageText(first);
        const n = count.get(question) ?? 0;
        count.set(question, n + 1);
        const text = answers[question]![Math.min(n, 1)]!;
        return {
          stream: sdk.simulateReadableStream({ chunks: textParts(words(text)), chunkDelayInMs: 1 }),
        };
      });
      const wrapped = guarded(model, { release: 'verified' });
      const [a, b] = await Promise.all(
        Object.keys(answers).map(async (prompt) => {
          const result = sdk.streamText({ model: wrapped, prompt });
          return {
            text: await result.text,
            meta: readBackfireMetadata(await result.providerMetadata),
          };
        }),
      );
      expect(a?.text).toBe(REPAIRED);
      expect(b?.text).toBe('Grass is green. It is green because of chlorophyll.');
      expect(a?.meta?.repairs).toHaveLength(1);
      expect(b?.meta?.repairs).toHaveLength(1);
    });

    it('tool calls and reasoning of the continuation pass; a second text block gets its own id', async () => {
      const continuation: StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'reasoning-start', id: 'r-0' },
        { type: 'reasoning-delta', id: 'r-0', delta: 'Check the facts.' },
        { type: 'reasoning-end', id: 'r-0' },
        ...textParts(words(CONTINUATION), { id: 'a', meta: false, finish: false }),
        ...textParts(['Anything else?'], { id: 'txt-0', meta: false, finish: false }),
        { type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: '{}' },
        finishPart('tool-calls'),
      ];
      const { model } = instrumentedModel(sdk, [textParts(words(BAD)), continuation]);
      const { stream } = await guarded(model, { release: 'verified' }).doStream(
        callParams(QUESTION),
      );
      const out = await collect(stream);
      expect(out.map((p) => p.type)).toContain('tool-call');
      expect(out.filter((p) => p.type === 'reasoning-delta')).toHaveLength(1);
      const starts = out.filter((p) => p.type === 'text-start').map((p) => p.id);
      expect(starts).toEqual(['txt-0', 'txt-0-repair-1']);
      const text = (id: string) =>
        out
          .filter((p) => p.type === 'text-delta' && p.id === id)
          .map((p) => (p as { delta: string }).delta)
          .join('');
      expect(text('txt-0')).toBe(REPAIRED);
      expect(text('txt-0-repair-1')).toBe('Anything else?');
      expect((out.at(-1) as Finish).finishReason.unified).toBe('tool-calls');
    });

    it('a scorer failure is not repaired: it ends the answer as before (fail closed)', async () => {
      const { model, upstream } = wrongThenRight();
      const scorer = () => {
        throw new Error('scorer down');
      };
      const result = sdk.streamText({
        model: guarded(model, { scorer }),
        prompt: QUESTION,
      });
      await result.consumeStream();
      expect(await result.finishReason).toBe('content-filter');
      expect(upstream.calls).toHaveLength(1);
    });

    for (const release of ['optimistic', 'verified'] as const) {
      it(`${release}: an async scorer's halt landing between parts is repaired the same way`, async () => {
        const { model, upstream } = instrumentedModel(
          sdk,
          [textParts(words(BAD)), textParts(words(CONTINUATION))],
          { delayMs: 1 },
        );
        const scorer = async (req: Parameters<typeof keywordScorer>[0]) => {
          await new Promise((resolve) => setTimeout(resolve, 3));
          return keywordScorer(req);
        };
        const { stream } = await guarded(model, { scorer, release }).doStream(callParams(QUESTION));
        const out = await collect(stream);
        const shown = out
          .filter((p) => p.type === 'text-delta')
          .map((p) => (p as { delta: string }).delta)
          .join('');
        const meta = readBackfireMetadata((out.at(-1) as Finish).providerMetadata);
        const range = meta?.repairs?.[0]?.withdrawn;
        expect(range).toBeDefined();
        expect(shown.slice(0, range!.start) + shown.slice(range!.end)).toBe(REPAIRED);
        if (release === 'verified') expect(shown).toBe(REPAIRED);
        expect(upstream.calls).toHaveLength(2);
        expect((out.at(-1) as Finish).finishReason.unified).toBe('stop');
      });
    }

    it('abortUpstream: false still repairs (the halted call runs on, unread)', async () => {
      const { model, upstream } = wrongThenRight();
      const result = sdk.streamText({
        model: guarded(model, { release: 'verified', abortUpstream: false }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe(REPAIRED);
      expect(upstream.calls).toHaveLength(2);
      expect(upstream.aborted).toBe(false);
    });

    it('instructions that throw fail the stream (fail closed)', async () => {
      const { model } = wrongThenRight();
      const { stream } = await guarded(model, {
        repair: {
          instructions: () => {
            throw new Error('no note');
          },
        },
      }).doStream(callParams(QUESTION));
      await expect(collect(stream)).rejects.toThrow('no note');
    });

    it('usage sums the calls that reported it', async () => {
      // The halted call got as far as its finish (the last sentence is judged at the end).
      const late = textParts(words('The sky is blue. It is WRONG green.')).filter(
        (p) => p.type !== 'text-end',
      );
      const { model } = instrumentedModel(sdk, [late, textParts(words(CONTINUATION))]);
      const result = sdk.streamText({
        model: guarded(model, { release: 'verified' }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe(REPAIRED);
      const usage = await result.usage;
      expect(usage.inputTokens).toBe(2 * USAGE.inputTokens.total);
      expect(usage.outputTokens).toBe(2 * USAGE.outputTokens.total);
    });

    it('a halt in the first sentence repairs from nothing: no empty assistant message', async () => {
      const { model, upstream } = instrumentedModel(sdk, [
        textParts(words('It is WRONG green at noon. Sunsets look red.')),
        textParts(words(CONTINUATION)),
      ]);
      const result = sdk.streamText({
        model: guarded(model, { release: 'verified' }),
        prompt: QUESTION,
      });
      expect(await result.text).toBe(CONTINUATION);
      const added = upstream.calls[1]!.prompt.slice(upstream.calls[0]!.prompt.length);
      expect(added.map((m) => m.role)).toEqual(['user']);
    });

    it('a continuation without text (a tool call) still closes the halted text block', async () => {
      const { model } = instrumentedModel(sdk, [
        textParts(words(BAD)),
        [
          { type: 'stream-start', warnings: [] },
          { type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: '{}' },
          finishPart('tool-calls'),
        ],
      ]);
      const { stream } = await guarded(model, { release: 'verified' }).doStream(
        callParams(QUESTION),
      );
      const out = await collect(stream);
      expect(out.map((p) => p.type)).toEqual([
        'stream-start',
        'response-metadata',
        'text-start',
        'text-delta',
        'tool-call',
        'text-end',
        'finish',
      ]);
      expect((out.at(-1) as Finish).finishReason.unified).toBe('tool-calls');
    });

    it('repair is validated where the middleware is created', () => {
      expect(() => backfireMiddleware({ repair: { attempts: 0 } })).toThrow(/repair\.attempts/);
      expect(() => backfireMiddleware({ repair: { atempts: 2 } as never })).toThrow(
        /did you mean "attempts"/,
      );
      expect(() => backfireMiddleware({ repair: true as never })).toThrow(/repair/);
      expect(() => backfireMiddleware({ repair: false })).not.toThrow();
    });
  });
}
