// The halt receipt suite, run once per AI SDK major (receipt.ai6.test.ts, receipt.ai7.test.ts):
// what every halt record says about the upstream call it stopped.
import type { GuardHalt, SegmentScoreRequest } from '@backfire/core';
import { describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../ai-types.js';
import { type BackfireHaltMetadata, readBackfireMetadata } from '../metadata.js';
import { backfireMiddleware } from '../middleware.js';
import type { BackfireMiddlewareOptions } from '../options.js';
import {
  BAD,
  callParams,
  collect,
  FIRST,
  instrumentedModel,
  keywordScorer,
  type Sdk,
  sleep,
  textParts,
  USAGE,
  words,
} from './fixtures.js';

const QUESTION = 'What colour is the sky?';
const WRONG_SENTENCE = 'It is WRONG green at noon.';
/** USAGE as JSON carries it (the provider's `undefined` counts dropped). */
const USAGE_JSON = JSON.parse(JSON.stringify(USAGE)) as unknown;

type Finish = Extract<StreamPart, { type: 'finish' }>;

export function defineReceiptSuite(sdk: Sdk): void {
  const guarded = (model: ReturnType<Sdk['mockModel']>, options: BackfireMiddlewareOptions = {}) =>
    sdk.wrapLanguageModel({
      model,
      middleware: backfireMiddleware({ scorer: keywordScorer, ...options }),
    });

  describe(`${sdk.name}: halt receipt`, () => {
    for (const release of ['verified', 'optimistic'] as const) {
      it(`${release}: the provider is aborted and cancelled, nothing is read after the verdict`, async () => {
        const parts = textParts(words(BAD));
        const { model, upstream } = instrumentedModel(sdk, [parts]);
        const halts: GuardHalt[] = [];
        const result = sdk.streamText({
          model: guarded(model, { release, onHalt: (h) => void halts.push(h) }),
          prompt: QUESTION,
        });
        await result.consumeStream();
        const meta = readBackfireMetadata(await result.providerMetadata) as BackfireHaltMetadata;
        expect(meta.halted).toBe(true);
        expect(upstream.aborted).toBe(true);
        expect(upstream.cancelled).toBe(true);
        expect(upstream.pulled).toBeLessThan(parts.length);
        expect(meta.receipt.upstreamAborted).toBe(true);
        expect(meta.receipt.partsAfterHalt).toBe(0);
        // Aborted before its finish: the provider never said what the call cost.
        expect(meta.receipt.usage).toBeUndefined();
        expect(meta.receipt.withheld.words).toBe(meta.tokensWithheld);
        const text = await result.text;
        const generated = BAD.slice(0, meta.receipt.withheld.chars + text.length);
        expect(BAD.startsWith(generated)).toBe(true);
        if (release === 'verified') {
          expect(text).toBe(FIRST);
          // The offending sentence and the word that closed it were received, never shown.
          expect(meta.receipt.withheld.chars).toBeGreaterThanOrEqual(WRONG_SENTENCE.length);
        }
        expect(halts).toHaveLength(1);
        expect(halts[0]!.receipt).toEqual(meta.receipt);
      });
    }

    it('a verdict that lands while the provider is being read: that read is dropped, the call stopped', async () => {
      const parts = textParts(words(BAD));
      const { model, upstream } = instrumentedModel(sdk, [parts], { delayMs: 2 });
      const slowScorer = async (req: SegmentScoreRequest) => {
        await sleep(15);
        return keywordScorer(req);
      };
      const result = sdk.streamText({
        model: guarded(model, { scorer: slowScorer }),
        prompt: QUESTION,
      });
      await result.consumeStream();
      const meta = readBackfireMetadata(await result.providerMetadata) as BackfireHaltMetadata;
      expect(meta.halted).toBe(true);
      expect(meta.receipt.upstreamAborted).toBe(true);
      expect(upstream.aborted).toBe(true);
      // At most the one read already settled when the verdict came; never a part handled after it.
      expect(meta.receipt.partsAfterHalt).toBeLessThanOrEqual(1);
      expect(upstream.pulled).toBeLessThan(parts.length);
    });

    it('abortUpstream: false — the finish says the call runs on; onHalt, once it ended, what it sent and cost', async () => {
      const parts = textParts(words(BAD));
      const { model, upstream } = instrumentedModel(sdk, [parts]);
      let pulledAtVerdict = -1;
      const scorer = (req: SegmentScoreRequest) => {
        if (req.segment.includes('WRONG')) pulledAtVerdict = upstream.pulled;
        return keywordScorer(req);
      };
      const onHalt = vi.fn();
      const result = sdk.streamText({
        model: guarded(model, { scorer, abortUpstream: false, release: 'verified', onHalt }),
        prompt: QUESTION,
      });
      await result.consumeStream();
      const meta = readBackfireMetadata(await result.providerMetadata) as BackfireHaltMetadata;
      expect(meta.receipt.upstreamAborted).toBe(false);
      expect(meta.receipt.partsAfterHalt).toBe(0);
      await vi.waitFor(() => expect(onHalt).toHaveBeenCalledTimes(1));
      expect(upstream.aborted).toBe(false);
      expect(upstream.pulled).toBe(parts.length);
      const halt = onHalt.mock.calls[0]![0] as GuardHalt;
      expect(halt.receipt).toEqual({
        upstreamAborted: false,
        partsAfterHalt: parts.length - pulledAtVerdict,
        usage: USAGE_JSON,
        withheld: meta.receipt.withheld,
      });
    });

    it('a halt decided at the provider finish: its usage is reported, nothing was left to abort', async () => {
      const text = 'The sky is blue. Sunsets look red. Clouds are WRONG white.';
      // No text-end: the last sentence is scored when the finish arrives.
      const parts = textParts(words(text)).filter((p) => p.type !== 'text-end');
      const { model } = instrumentedModel(sdk, [parts]);
      const onHalt = vi.fn();
      const { stream } = await guarded(model, { release: 'verified', onHalt }).doStream(
        callParams(QUESTION),
      );
      const out = await collect(stream);
      const finish = out.at(-1) as Finish;
      expect(finish.finishReason).toEqual({ unified: 'content-filter', raw: 'backfire' });
      expect(finish.usage).toEqual(USAGE);
      const meta = finish.providerMetadata?.['backfire'] as BackfireHaltMetadata;
      expect(meta.receipt).toEqual({
        upstreamAborted: false,
        partsAfterHalt: 0,
        usage: USAGE_JSON,
        withheld: { words: 4, chars: ' Clouds are WRONG white.'.length - 1 },
      });
      expect((onHalt.mock.calls[0]![0] as GuardHalt).receipt).toEqual(meta.receipt);
    });

    it('generateText: the receipt rides on providerMetadata too', async () => {
      const parts = textParts(words(BAD));
      const { model, upstream } = instrumentedModel(sdk, [parts]);
      const result = await sdk.generateText({ model: guarded(model), prompt: QUESTION });
      expect(result.text).toBe(FIRST);
      const meta = readBackfireMetadata(result.providerMetadata) as BackfireHaltMetadata;
      expect(meta.receipt).toMatchObject({ upstreamAborted: true, partsAfterHalt: 0 });
      expect(meta.receipt.withheld.words).toBeGreaterThanOrEqual(6);
      expect(upstream.aborted).toBe(true);
    });

    it('the receipt is JSON: it survives a round trip unchanged', async () => {
      const { model } = instrumentedModel(sdk, [textParts(words(BAD))]);
      const result = sdk.streamText({ model: guarded(model), prompt: QUESTION });
      await result.consumeStream();
      const meta = readBackfireMetadata(await result.providerMetadata) as BackfireHaltMetadata;
      expect(JSON.parse(JSON.stringify(meta.receipt))).toEqual(meta.receipt);
    });
  });
}
