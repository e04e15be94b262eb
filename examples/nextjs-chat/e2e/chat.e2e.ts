import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { KnowledgeResponse } from '../lib/chat-types';
import { answerFor } from '../lib/script';
import type { ModelStats } from '../lib/scripted-model';
import { type Browser, launch } from './browser';
import { OUTPUT_DIR } from './server';

const baseURL = inject('baseURL');
const STUBBORN = 'How tall is the Eiffel Tower, really?';

let browser: Browser;
let page: Page;

async function api<T>(method: string, path: string): Promise<T> {
  const res = await page.request.fetch(path, { method });
  expect(res.ok(), `${method} ${path} → ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

const modelStats = () => api<ModelStats>('GET', '/api/test/model-stats');

function lastAnswer(): Locator {
  return page.locator('li.msg-assistant').last();
}

function answerText(): Locator {
  return lastAnswer().locator('.msg-text');
}

async function ask(question: string): Promise<void> {
  await page.getByRole('button', { name: question, exact: true }).click();
  await page.getByRole('button', { name: 'Stop' }).waitFor();
}

/** Waits until the answer has ended (the composer offers Send again). */
async function answered(): Promise<void> {
  await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 20_000 });
}

const haltBanner = () => lastAnswer().getByRole('region', { name: /Answer stopped by Backfire/ });
const correctedNote = () => lastAnswer().getByRole('region', { name: 'Corrected by Backfire' });
const repairToggle = () => page.getByRole('checkbox', { name: /^Repair/ });

/** The answer as a reader keeps it: its text without the struck-out (withdrawn) spans. */
async function keptText(): Promise<string> {
  return answerText().evaluate((p) => {
    const copy = p.cloneNode(true) as HTMLElement;
    for (const del of copy.querySelectorAll('del')) del.remove();
    return copy.textContent ?? '';
  });
}

/** Today's behaviour: a halt ends the answer (the repair toggle is on by default). */
async function repairOff(): Promise<void> {
  await repairToggle().uncheck();
}

beforeAll(async () => {
  browser = await launch(baseURL);
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  browser.errors.length = 0;
  page = await browser.newPage();
  await page.goto('/');
  // Every test starts from the default facts and an empty call log.
  await api('POST', '/api/knowledge/reset');
  await api('DELETE', '/api/test/model-stats');
  await page.reload();
  await expect.poll(() => page.getByTestId('backend').textContent()).toMatch(/native|js/);
});

afterEach(async () => {
  await page.close();
  expect(browser.errors, 'the page logged errors').toEqual([]);
});

describe('nextjs-chat in Chromium', () => {
  it('streams a faithful answer to the end and says which backend scored it', async () => {
    const question = 'When did Apollo 11 land on the Moon?';
    // Record every render of the answer inside the page (sampling from the test would miss
    // renders on a busy machine): the text length and the layout around the text.
    await page.evaluate(() => {
      const samples: { length: number; layout: string }[] = [];
      (window as unknown as { samples: typeof samples }).samples = samples;
      new MutationObserver(() => {
        const answer = [...document.querySelectorAll('li.msg-assistant:not(.pending)')].at(-1);
        const text = answer?.querySelector('.msg-text');
        if (!answer || !text) return;
        const a = answer.getBoundingClientRect();
        const spark = answer.querySelector('.spark-svg')?.getBoundingClientRect();
        samples.push({
          length: text.textContent?.length ?? 0,
          layout: JSON.stringify([
            a.width,
            text.getBoundingClientRect().top - a.top,
            spark ? [spark.width, spark.height, spark.top - a.top] : null,
          ]),
        });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await ask(question);
    await answered();

    // The text arrived in pieces, not all at once, and nothing around it moved meanwhile: the
    // message kept its width, the text its place under the header, the sparkline its box.
    const samples = await page.evaluate(
      () => (window as unknown as { samples: { length: number; layout: string }[] }).samples,
    );
    const lengths = new Set(samples.map((x) => x.length).filter((n) => n > 0));
    expect(lengths.size).toBeGreaterThanOrEqual(5);
    expect(new Set(samples.map((x) => x.layout)).size).toBe(1);

    expect(await answerText().textContent()).toBe(answerFor(question));
    expect(await haltBanner().count()).toBe(0);
    const { backend } = await api<KnowledgeResponse>('GET', '/api/knowledge');
    // CI jobs that build the Rust addon set this: the route must then really run on it.
    if (process.env.BACKFIRE_REQUIRE_NATIVE === '1') expect(backend).toBe('native');
    expect(await page.getByTestId('backend').textContent()).toContain(backend);
    expect(await lastAnswer().locator('.badge').textContent()).toContain(`scored by ${backend}`);
    expect(
      await lastAnswer()
        .getByRole('button', { name: /^Coherence: 2 sentences, average/ })
        .count(),
    ).toBe(1);
    const stats = await modelStats();
    expect(stats).toMatchObject({ calls: 1, completed: 1, halted: 0, stopped: 0 });
  });

  it('halts an answer that contradicts the knowledge base: banner with reason, evidence and action', async () => {
    await repairOff();
    await ask('Tell me about the Eiffel Tower.');
    const banner = haltBanner();
    await banner.waitFor({ timeout: 20_000 });
    await answered();

    expect(await banner.getByRole('heading').textContent()).toContain(
      'it contradicted the knowledge base',
    );
    expect(await banner.locator('code').textContent()).toMatch(/^hard_limit \(0\.\d{4} < 0\.5\)$/);
    const evidence = (await banner.locator('dd').nth(1).textContent()) ?? '';
    expect(evidence).toContain('eiffel-height');
    expect(evidence).toContain('The Eiffel Tower is 330 metres tall.');
    expect(evidence).toContain('450 vs 330');
    expect(await banner.locator('dd').nth(2).textContent()).toMatch(/knowledge base/);
    // The halt receipt, from the message metadata: the model call really was cancelled.
    expect(await banner.getByTestId('halt-receipt').textContent()).toMatch(
      /^Receipt: model call cancelled after \d+ parts? beyond the halt\.$/,
    );

    // The verified sentences stay; the answer never reaches its last sentence.
    const text = (await answerText().textContent()) ?? '';
    expect(
      text.startsWith(
        'The Eiffel Tower stands on the Champ de Mars in Paris. It was completed in 1889.',
      ),
    ).toBe(true);
    expect(text).not.toContain('most visited');
    // The contradicted fact is flagged in the side panel.
    expect(await page.getByText('contradicted by the last answer').count()).toBe(1);

    // The halt cancelled the model call before it finished.
    const [call] = (await modelStats()).recent;
    expect(call?.outcome).toBe('halted');
    expect(call?.tokensEmitted).toBeLessThan(call?.tokensTotal ?? 0);

    // The sparkline opens into a chart with one point per sentence.
    await lastAnswer()
      .getByRole('button', { name: /^Coherence: 3 sentences/ })
      .click();
    const chart = lastAnswer().getByRole('img', { name: /Sentence scores/ });
    expect(await chart.getAttribute('aria-label')).toMatch(/sentence 3 0\.4\d/);
    // Tall enough for the banner and the chart together.
    await page.setViewportSize({ width: 1280, height: 1000 });
    await banner.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'nextjs-halt.png') });

    // Retry regenerates the answer in place (the scripted answer is the same, so it halts again).
    await banner.getByRole('button', { name: 'Retry' }).click();
    await answered();
    await haltBanner().waitFor();
    expect(await page.locator('li.msg-assistant').count()).toBe(1);
    expect((await modelStats()).recent.map((c) => c.outcome)).toEqual(['halted', 'halted']);
  });

  it('editing a fact in the side panel changes the outcome', async () => {
    await repairOff();
    const question = 'How tall is the Eiffel Tower?';
    await ask(question);
    await answered();
    expect(await haltBanner().count()).toBe(0);
    expect(await answerText().textContent()).toBe(answerFor(question));

    const fact = page.getByRole('textbox', { name: /^eiffel-height/ });
    await fact.fill('The Eiffel Tower is 300 metres tall.');
    await fact.locator('xpath=..').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “eiffel-height”.' }).waitFor();

    await ask(question);
    await haltBanner().waitFor({ timeout: 20_000 });
    await answered();
    expect(await haltBanner().textContent()).toContain('The Eiffel Tower is 300 metres tall.');

    // "Edit fact" takes the keyboard to that fact.
    await haltBanner().getByRole('button', { name: 'Edit fact “eiffel-height”' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fact-eiffel-height');

    // Back to the defaults, the same question passes again.
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    await page.getByRole('status').filter({ hasText: 'Facts reset' }).waitFor();
    await ask(question);
    await answered();
    expect(await haltBanner().count()).toBe(0);
    expect((await modelStats()).recent.map((c) => c.outcome)).toEqual([
      'completed',
      'halted',
      'completed',
    ]);
  });

  it('Stop mid-answer aborts the model call on the server', async () => {
    const question = 'Tell me the story of Apollo 11.';
    await ask(question);
    await expect
      .poll(async () => ((await answerText().textContent()) ?? '').length)
      .toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Stop' }).click();
    await answered();

    await expect
      .poll(async () => (await modelStats()).recent[0]?.outcome, { timeout: 5000 })
      .toBe('stopped');
    const [call] = (await modelStats()).recent;
    expect(call?.tokensEmitted).toBeLessThan(call?.tokensTotal ?? 0);
    // Nothing more arrives after Stop, and a stop is not reported as a halt.
    const shown = await answerText().textContent();
    await page.waitForTimeout(300);
    expect(await answerText().textContent()).toBe(shown);
    expect((shown ?? '').length).toBeLessThan(answerFor(question).length);
    expect(await haltBanner().count()).toBe(0);
  });

  it('repairs a contradicting answer in place: the wrong height struck out, the fact streamed, a corrected note', async () => {
    expect(await repairToggle().isChecked()).toBe(true);
    await ask('Tell me about the Eiffel Tower.');
    // While the repair streams, the withdrawn sentence is already struck out.
    await lastAnswer().locator('.correcting').waitFor({ timeout: 20_000 });
    const note = correctedNote();
    await note.waitFor({ timeout: 20_000 });
    await answered();

    const kept = await keptText();
    expect(kept).toBe(
      'The Eiffel Tower stands on the Champ de Mars in Paris. It was completed in 1889. The Eiffel Tower is 330 metres tall. It is one of the most visited monuments in the world.',
    );
    expect(kept).not.toContain('450');
    const struck = lastAnswer().locator('del.withdrawn-repair');
    expect(await struck.count()).toBe(1);
    expect(await struck.textContent()).toContain('The Eiffel Tower is 450 metres tall.');
    expect(await haltBanner().count()).toBe(0);
    expect(await lastAnswer().locator('.correcting').count()).toBe(0);
    const noteText = (await note.textContent()) ?? '';
    expect(noteText).toContain('eiffel-height');
    expect(noteText).toContain('The Eiffel Tower is 330 metres tall.');
    expect(noteText).toContain('450 vs 330');
    // The note's fact id takes the keyboard to that fact.
    await note.getByRole('button', { name: 'eiffel-height' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fact-eiffel-height');

    // Two model calls: the halted one, cancelled, and the repair, which completed.
    const stats = await modelStats();
    expect(stats).toMatchObject({ calls: 2, repairs: 1, halted: 1, completed: 1, stopped: 0 });
    expect(stats.recent.map((c) => [c.repair, c.outcome])).toEqual([
      [false, 'halted'],
      [true, 'completed'],
    ]);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await note.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'nextjs-repair.png') });
  });

  it('a repair that does not fix the answer ends in the halt banner', async () => {
    // Not a chip: this scripted answer ignores the correction and states the wrong height again.
    await page.getByRole('textbox', { name: 'Your question' }).fill(STUBBORN);
    await page.getByRole('button', { name: 'Send' }).click();
    const banner = haltBanner();
    await banner.waitFor({ timeout: 20_000 });
    await answered();

    expect(await banner.getByRole('heading').textContent()).toContain(
      'it contradicted the knowledge base',
    );
    expect(await banner.textContent()).toContain('asked to correct it once');
    expect(await banner.textContent()).toContain('The Eiffel Tower is 330 metres tall.');
    expect(await correctedNote().count()).toBe(0);
    expect(await keptText()).not.toContain('450');
    expect((await modelStats()).recent.map((c) => [c.repair, c.outcome])).toEqual([
      [false, 'halted'],
      [true, 'halted'],
    ]);
  });

  it('Stop during a repair cancels both model calls', async () => {
    await ask('Tell me about the Eiffel Tower.');
    // The repair call leaves as soon as the halt is handled, before the struck-out sentence shows.
    await lastAnswer().locator('.correcting').waitFor({ timeout: 20_000 });
    expect((await modelStats()).recent.map((c) => [c.repair, c.outcome])).toEqual([
      [false, 'halted'],
      [true, 'running'],
    ]);
    await page.getByRole('button', { name: 'Stop' }).click();
    await answered();

    await expect
      .poll(async () => (await modelStats()).recent.map((c) => c.outcome), { timeout: 5000 })
      .toEqual(['halted', 'stopped']);
    const repair = (await modelStats()).recent[1];
    expect(repair?.tokensEmitted).toBeLessThan(repair?.tokensTotal ?? 0);
    // Nothing more arrives after Stop; neither the corrected note nor a halt banner shows.
    const shown = await answerText().textContent();
    await page.waitForTimeout(300);
    expect(await answerText().textContent()).toBe(shown);
    expect(await keptText()).not.toContain('most visited');
    expect(await correctedNote().count()).toBe(0);
    expect(await haltBanner().count()).toBe(0);
  });

  it('fits a phone screen: one column, knowledge base under the chat, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await repairOff();
    await ask('Tell me about the Eiffel Tower.');
    await haltBanner().waitFor({ timeout: 20_000 });
    await answered();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    const chat = await page.getByRole('main').boundingBox();
    const kb = await page.getByRole('complementary', { name: 'Knowledge base' }).boundingBox();
    expect(kb!.y).toBeGreaterThanOrEqual(chat!.y + chat!.height);
    expect(Math.abs(kb!.width - chat!.width)).toBeLessThan(2);
    await page.screenshot({ path: join(OUTPUT_DIR, 'nextjs-halt-phone.png') });
  });
});
