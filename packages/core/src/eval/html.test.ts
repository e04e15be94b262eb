import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/config.js';
import type { ItemOutcome } from './engine.js';
import { escapeHtml, evidenceHtml, renderHtml } from './html.js';
import { computeMetrics, sweepLimits } from './metrics.js';
import { buildReport, type EvalReport, formatText } from './report.js';

const NASTY = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`;

function outcome(over: Partial<ItemOutcome>): ItemOutcome {
  return {
    id: 'L1',
    kind: 'halueval',
    label: 'faithful',
    line: 1,
    prompt: 'Who?',
    answer: 'Someone.',
    halted: false,
    halt: null,
    minScore: 0.8,
    sentences: [{ text: 'Someone.', score: 0.8, status: 'passed' }],
    evidence: null,
    durationMs: 1,
    ...over,
  };
}

function report(): EvalReport {
  const falseHalt = outcome({
    id: `fh ${NASTY}`,
    prompt: `Question ${NASTY}`,
    answer: `First sentence. Halted ${NASTY}.`,
    halted: true,
    halt: {
      kind: 'hard_limit',
      reason: 'hard_limit (0.4000 < 0.5)',
      score: 0.4,
      sentence: `Halted ${NASTY}.`,
      tokenIndex: 2,
    },
    minScore: 0.4,
    evidence: {
      chunks: [{ id: 'k1', text: `Passage ${NASTY}`, score: 3, source: 'document' }],
      sentence: `Halted ${NASTY}.`,
      contradiction: {
        kind: 'numeric_mismatch',
        strength: 1,
        hypothesisSentence: 'x',
        premiseSentence: `Premise ${NASTY}`,
        detail: `1899 vs 1889 ${NASTY}`,
      },
    },
  });
  const miss = outcome({
    id: 'miss',
    label: 'unfaithful',
    kind: `kind ${NASTY}`,
    answer: `Wrong ${NASTY}`,
  });
  const outcomes = [falseHalt, miss, outcome({ id: 'ok' })];
  const sweep = sweepLimits().map((hardLimit) => ({
    hardLimit,
    ...computeMetrics(
      outcomes.map((o) => ({ ...o, halted: hardLimit >= (o.label === 'unfaithful' ? 0.5 : 0.7) })),
    ),
  }));
  return buildReport({
    command: 'eval',
    input: `data ${NASTY}.jsonl`,
    settings: {
      config: { ...DEFAULT_CONFIG },
      configSource: 'defaults',
      release: 'verified',
      nli: 'heuristic',
      scoring: 'js',
      grounding: null,
    },
    outcomes,
    sweep,
    maxFalseHaltRate: 0.02,
    timing: { runMs: 1, sweepMs: 2, totalMs: 3 },
  });
}

describe('html report', () => {
  it('escapes every character that matters in HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('escapes all input text: no tag or attribute from the data survives', () => {
    const html = renderHtml(report());
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert(1)>');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;',
    );
    // The question, the answer (halting sentence marked), the reason and the evidence are shown.
    expect(html).toContain('Question &lt;script&gt;');
    expect(html).toContain('<span class="hl">Halted &lt;script&gt;');
    expect(html).toContain('hard_limit (0.4000 &lt; 0.5)');
    expect(html).toContain('<b>numeric_mismatch</b>: 1899 vs 1889 &lt;script&gt;');
    expect(html).toContain('Passage &lt;script&gt;');
    expect(html).toContain('kind &lt;script&gt;');
  });

  it('is self-contained: inline CSS and SVG, no external resource, no script', () => {
    const html = renderHtml(report());
    expect(html).toMatch(/^<!doctype html>/u);
    expect(html).toContain('<svg');
    expect(html).toContain('<polyline');
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/https?:/iu);
    expect(html).not.toMatch(/<(link|script|img|iframe|object|embed)\b|\ssrc="|@import|url\(/iu);
  });

  it('marks the current hard limit and the budget pick on the chart and in the table', () => {
    const r = report();
    expect(r.budget?.pick?.hardLimit).toBe(0.5);
    const html = renderHtml(r);
    expect(html).toContain('current 0.50');
    expect(html).toContain('pick 0.50');
    expect(html).toContain('false-halt budget 2.0%');
    expect(html).toContain('<span class="tag pick">budget pick</span>');
  });

  it('renders evidence it does not know as escaped JSON', () => {
    expect(evidenceHtml({ note: '<b>' })).toBe('{&quot;note&quot;:&quot;&lt;b&gt;&quot;}');
    expect(evidenceHtml(null)).toContain('none');
  });

  it('has a text form with the summary, the sweep and the pick', () => {
    const text = formatText(report());
    expect(text).toContain('balanced acc.');
    expect(text).toMatch(/0\.50 .*← current, budget pick/u);
    expect(text).toContain('false halts ≤ 2.0%: hardLimit 0.50');
  });
});
