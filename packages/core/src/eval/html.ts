/**
 * The report as one self-contained HTML page: inline CSS, an inline SVG chart, no scripts, no
 * external resources. Every piece of input text is escaped.
 */
import type { JsonValue } from '../guard/halt-record.js';
import type { ItemOutcome } from './engine.js';
import type { Metrics, SweepPoint } from './metrics.js';
import { type EvalReport, falseHalts, kindLabel, misses, percent } from './report.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/gu, (c) => ESCAPES[c]!);
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function score(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}

/** Series colours (literal: SVG presentation attributes do not take CSS variables everywhere). */
const COLOR = { catch: '#1f6feb', false: '#d1242f', acc: '#6e7781', pick: '#1a7f37' } as const;

const CSS = `
:root{--ink:#1f2430;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7f9;--catch:${COLOR.catch};--false:${COLOR.false};--acc:${COLOR.acc};--pick:${COLOR.pick}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:32px 0 10px}
.sub{color:var(--muted);margin:0 0 2px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:14px;margin:20px 0 8px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.card .v{font-size:28px;font-weight:650}
.card .l{color:var(--muted);font-size:12.5px}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px;overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 9px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.cur td{background:#eef4ff}
tr.pick td{background:#eaf7ee}
.tag{display:inline-block;font-size:11px;border-radius:10px;padding:0 7px;margin-left:6px;border:1px solid}
.tag.cur{color:var(--catch);border-color:var(--catch)}
.tag.pick{color:var(--pick);border-color:var(--pick)}
.items td{font-size:13px}
.items .q{color:var(--muted);margin-bottom:3px}
.k{display:inline-block;width:16px;font-size:11px;font-weight:700;color:var(--muted)}
.items .a{max-width:360px}
.ev{color:var(--muted);font-size:12.5px;max-width:380px}
.ev b{color:var(--ink);font-weight:600}
.hl{background:#ffe3e6;border-radius:3px;padding:0 2px}
.none{color:var(--muted);font-style:italic}
code{font-size:12.5px}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:var(--ink)}
`;

/** The sweep as an SVG line chart: catch and false halts (and balanced accuracy) vs hard limit. */
export function sweepChart(report: EvalReport): string {
  const sweep = report.sweep;
  if (sweep.length === 0) return '<p class="none">No sweep was run.</p>';
  const W = 900;
  const H = 380;
  const m = { l: 56, r: 190, t: 18, b: 46 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xs = sweep.map((p) => p.hardLimit);
  const current = report.settings.config.hardLimit;
  let x0 = Math.min(...xs, current);
  let x1 = Math.max(...xs, current);
  if (x1 - x0 < 1e-9) {
    x0 -= 0.05;
    x1 += 0.05;
  }
  const x = (v: number): number => m.l + ((v - x0) / (x1 - x0)) * pw;
  const y = (v: number): number => m.t + (1 - v) * ph;
  const f = (v: number): string => v.toFixed(1);
  const parts: string[] = [];
  parts.push(
    `<svg role="img" aria-label="catch rate and false-halt rate against hard limit" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px;display:block">`,
  );
  // Grid and axes.
  for (let i = 0; i <= 5; i++) {
    const v = i / 5;
    parts.push(
      `<line x1="${m.l}" x2="${m.l + pw}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e6e9ef"/>`,
      `<text x="${m.l - 8}" y="${f(y(v) + 4)}" text-anchor="end">${Math.round(v * 100)}%</text>`,
    );
  }
  const tickEvery = Math.max(1, Math.ceil(sweep.length / 8));
  sweep.forEach((p, i) => {
    if (i % tickEvery !== 0 && i !== sweep.length - 1) return;
    parts.push(
      `<line x1="${f(x(p.hardLimit))}" x2="${f(x(p.hardLimit))}" y1="${m.t + ph}" y2="${m.t + ph + 5}" stroke="#8c959f"/>`,
      `<text x="${f(x(p.hardLimit))}" y="${m.t + ph + 19}" text-anchor="middle">${p.hardLimit.toFixed(2)}</text>`,
    );
  });
  parts.push(
    `<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#8c959f"/>`,
    `<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="#8c959f"/>`,
    `<text x="${m.l + pw / 2}" y="${H - 6}" text-anchor="middle">hard limit (halt when a sentence scores below it)</text>`,
  );
  // The false-halt budget (named in the legend).
  if (report.budget !== null) {
    const b = report.budget.maxFalseHaltRate;
    parts.push(
      `<line x1="${m.l}" x2="${m.l + pw}" y1="${f(y(b))}" y2="${f(y(b))}" stroke="${COLOR.false}" stroke-dasharray="2 4" opacity="0.8"/>`,
    );
  }
  // The current config.
  parts.push(
    `<line x1="${f(x(current))}" x2="${f(x(current))}" y1="${m.t}" y2="${m.t + ph}" stroke="${COLOR.catch}" stroke-dasharray="5 4"/>`,
    `<text x="${f(x(current) + 5)}" y="${m.t + 12}" style="fill:${COLOR.catch}">current ${current.toFixed(2)}</text>`,
  );
  const series = (key: 'catchRate' | 'falseHaltRate' | 'balancedAccuracy'): SweepPoint[] =>
    sweep.filter((p) => p[key] !== null);
  const line = (
    key: 'catchRate' | 'falseHaltRate' | 'balancedAccuracy',
    color: string,
    dash: string,
  ): void => {
    const pts = series(key);
    if (pts.length === 0) return;
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2.2"${dash} points="${pts
        .map((p) => `${f(x(p.hardLimit))},${f(y(p[key]!))}`)
        .join(' ')}"/>`,
    );
    for (const p of pts) {
      parts.push(
        `<circle cx="${f(x(p.hardLimit))}" cy="${f(y(p[key]!))}" r="3" fill="${color}"><title>${p.hardLimit.toFixed(2)}: ${escapeHtml(percent(p[key]))}</title></circle>`,
      );
    }
  };
  line('balancedAccuracy', COLOR.acc, ' stroke-dasharray="6 4"');
  line('falseHaltRate', COLOR.false, '');
  line('catchRate', COLOR.catch, '');
  // The budget pick.
  const pick = report.budget?.pick ?? null;
  if (pick !== null && pick.catchRate !== null) {
    const px = x(pick.hardLimit);
    const py = y(pick.catchRate);
    parts.push(
      `<circle cx="${f(px)}" cy="${f(py)}" r="8" fill="none" stroke="${COLOR.pick}" stroke-width="2.5"/>`,
      `<text x="${f(px)}" y="${f(py - 13)}" text-anchor="middle" style="fill:${COLOR.pick};font-weight:600">pick ${pick.hardLimit.toFixed(2)}</text>`,
    );
  }
  // Legend.
  const lx = m.l + pw + 18;
  const legend: [string, string, string][] = [
    ['catch rate', COLOR.catch, ''],
    ['false-halt rate', COLOR.false, ''],
    ['balanced accuracy', COLOR.acc, ' stroke-dasharray="6 4"'],
  ];
  legend.forEach(([label, color, dash], i) => {
    const ly = m.t + 14 + i * 22;
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${label}</text>`,
    );
  });
  let ly = m.t + 14 + legend.length * 22;
  if (report.budget !== null) {
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${COLOR.false}" stroke-dasharray="2 4"/>`,
      `<text x="${lx + 30}" y="${ly + 4}">false-halt budget ${escapeHtml(percent(report.budget.maxFalseHaltRate))}</text>`,
    );
    ly += 22;
  }
  if (pick !== null) {
    parts.push(
      `<circle cx="${lx + 12}" cy="${ly}" r="6" fill="none" stroke="${COLOR.pick}" stroke-width="2.5"/>`,
      `<text x="${lx + 30}" y="${ly + 4}">budget pick ${pick.hardLimit.toFixed(2)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function metricCells(m: Metrics, withAnswers = true): string {
  return [
    withAnswers ? `<td class="n">${m.answers}</td>` : '',
    `<td class="n">${m.caught} / ${m.unfaithful}</td>`,
    `<td class="n">${percent(m.catchRate)}</td>`,
    `<td class="n">${m.falseHalts} / ${m.faithful}</td>`,
    `<td class="n">${percent(m.falseHaltRate)}</td>`,
    `<td class="n">${percent(m.balancedAccuracy)}</td>`,
  ].join('');
}

const RATE_HEAD =
  '<th class="n">caught</th><th class="n">catch rate</th>' +
  '<th class="n">false halts</th><th class="n">false-halt rate</th><th class="n">balanced acc.</th>';
const METRIC_HEAD = `<th class="n">answers</th>${RATE_HEAD}`;

function isObject(value: JsonValue | null | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The evidence, readably: the contradiction cue, then the best retrieved passage. */
export function evidenceHtml(evidence: JsonValue | null): string {
  if (evidence === null) return '<span class="none">none</span>';
  if (!isObject(evidence)) return escapeHtml(clip(JSON.stringify(evidence), 400));
  const out: string[] = [];
  const cue = evidence['contradiction'];
  if (isObject(cue)) {
    const kind = typeof cue['kind'] === 'string' ? cue['kind'] : 'cue';
    const detail = typeof cue['detail'] === 'string' ? cue['detail'] : '';
    out.push(`<div><b>${escapeHtml(kind)}</b>${detail ? `: ${escapeHtml(detail)}` : ''}</div>`);
    if (typeof cue['premiseSentence'] === 'string' && cue['premiseSentence'] !== '') {
      out.push(`<div>vs. “${escapeHtml(clip(cue['premiseSentence'], 260))}”</div>`);
    }
  }
  const chunks = evidence['chunks'];
  if (Array.isArray(chunks) && chunks.length > 0) {
    const top = chunks[0];
    if (isObject(top) && typeof top['text'] === 'string') {
      out.push(
        `<div>best passage${chunks.length > 1 ? ` (of ${chunks.length})` : ''}: “${escapeHtml(clip(top['text'], 260))}”</div>`,
      );
    }
  } else if (Array.isArray(chunks)) {
    out.push('<div>no passage retrieved</div>');
  }
  if (out.length === 0) return escapeHtml(clip(JSON.stringify(evidence), 400));
  return out.join('');
}

/** The answer with the halting (or weakest) sentence highlighted. */
function answerHtml(o: ItemOutcome): string {
  const marked = o.halt?.sentence ?? weakestSentence(o);
  const answer = o.answer;
  const at = marked ? answer.indexOf(marked) : -1;
  if (!marked || at < 0 || marked.length === answer.trim().length) return escapeHtml(answer);
  return (
    escapeHtml(answer.slice(0, at)) +
    `<span class="hl">${escapeHtml(marked)}</span>` +
    escapeHtml(answer.slice(at + marked.length))
  );
}

function weakestSentence(o: ItemOutcome): string | null {
  let best: { text: string; score: number } | null = null;
  for (const s of o.sentences) {
    if (s.score !== null && (best === null || s.score < best.score))
      best = { text: s.text, score: s.score };
  }
  return best?.text ?? null;
}

function itemTable(items: readonly ItemOutcome[], what: 'false-halt' | 'miss'): string {
  if (items.length === 0) return '<p class="none">None.</p>';
  const rows = items.map((o) => {
    const reason =
      o.halt !== null
        ? `${escapeHtml(o.halt.reason)}`
        : `passed (weakest sentence ${score(o.minScore)})`;
    return (
      '<tr>' +
      `<td><code>${escapeHtml(o.id)}</code><br><span class="q">line ${o.line}${o.kind !== null ? ` · ${escapeHtml(o.kind)}` : ''}</span></td>` +
      `<td class="a"><div class="q"><span class="k">Q</span>${escapeHtml(clip(o.prompt, 300))}</div><div><span class="k">A</span>${answerHtml(o)}</div></td>` +
      `<td class="n">${score(o.halt?.score ?? o.minScore)}</td>` +
      `<td>${reason}</td>` +
      `<td class="ev">${evidenceHtml(o.evidence)}</td>` +
      '</tr>'
    );
  });
  return (
    `<table class="items ${what}"><thead><tr><th>item</th><th>question / answer</th>` +
    `<th class="n">score</th><th>${what === 'miss' ? 'outcome' : 'halt reason'}</th><th>evidence</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/** The whole page. */
export function renderHtml(report: EvalReport): string {
  const { overall, byKind } = report.summary;
  const s = report.settings;
  const pick = report.budget?.pick ?? null;
  const current = s.config.hardLimit;
  const sweepRows = report.sweep.map((p) => {
    const isCur = Math.abs(p.hardLimit - current) < 1e-9;
    const isPick = pick !== null && p.hardLimit === pick.hardLimit;
    const tags =
      (isCur ? '<span class="tag cur">current</span>' : '') +
      (isPick ? '<span class="tag pick">budget pick</span>' : '');
    return `<tr class="${isPick ? 'pick' : isCur ? 'cur' : ''}"><td class="n">${p.hardLimit.toFixed(2)}</td>${metricCells(p, false)}<td>${tags}</td></tr>`;
  });
  const budgetLine =
    report.budget === null
      ? ''
      : pick === null
        ? `<p>With false halts at most <b>${percent(report.budget.maxFalseHaltRate)}</b>: no hard limit in the sweep stays within budget.</p>`
        : `<p>With false halts at most <b>${percent(report.budget.maxFalseHaltRate)}</b>, the highest-catch hard limit is <b>${pick.hardLimit.toFixed(2)}</b>: it catches ${percent(pick.catchRate)} of unfaithful answers and halts ${percent(pick.falseHaltRate)} of faithful ones (balanced accuracy ${percent(pick.balancedAccuracy)}).</p>`;
  const falses = falseHalts(report);
  const missed = misses(report);
  const kindRows = byKind
    .map((k) => `<tr><td>${escapeHtml(kindLabel(k.kind))}</td>${metricCells(k)}</tr>`)
    .join('');
  const configRows = Object.entries(s.config)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td class="n">${escapeHtml(v)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>backfire ${escapeHtml(report.command)} — ${escapeHtml(report.input)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Backfire ${escapeHtml(report.command)} report</h1>
<p class="sub"><code>${escapeHtml(report.input)}</code> · ${overall.answers} answers (${overall.faithful} faithful, ${overall.unfaithful} unfaithful)</p>
<p class="sub">config: ${escapeHtml(s.configSource)} · hardLimit ${escapeHtml(current)} · release ${escapeHtml(s.release)} · nli ${escapeHtml(s.nli)} (${escapeHtml(s.scoring)}) · grounding ${escapeHtml(s.grounding ?? 'default')}</p>
<div class="cards">
<div class="card"><div class="v" style="color:var(--catch)">${percent(overall.catchRate)}</div><div class="l">catch rate — ${overall.caught} of ${overall.unfaithful} unfaithful answers halted</div></div>
<div class="card"><div class="v" style="color:var(--false)">${percent(overall.falseHaltRate)}</div><div class="l">false halts — ${overall.falseHalts} of ${overall.faithful} faithful answers halted</div></div>
<div class="card"><div class="v">${percent(overall.balancedAccuracy)}</div><div class="l">balanced accuracy — mean of catch rate and 1 − false-halt rate</div></div>
</div>
<h2>Hard-limit sweep</h2>
<div class="panel">
${sweepChart(report)}
${budgetLine}
</div>
<h2>Summary</h2>
<div class="panel"><table><thead><tr><th>kind</th>${METRIC_HEAD}</tr></thead><tbody>
<tr><td><b>all</b></td>${metricCells(overall)}</tr>
${kindRows}
</tbody></table></div>
<h2>Sweep table</h2>
<div class="panel"><table><thead><tr><th class="n">hard limit</th>${RATE_HEAD}<th></th></tr></thead><tbody>
${sweepRows.join('\n')}
</tbody></table>
<p class="sub">Every row is a full run of every answer through the guard with that hard limit (softLimit raised to it where lower; everything else as configured).</p></div>
<h2>False halts (${falses.length}) — faithful answers that were halted</h2>
<div class="panel">${itemTable(falses, 'false-halt')}</div>
<h2>Misses (${missed.length}) — unfaithful answers that passed</h2>
<div class="panel">${itemTable(missed, 'miss')}</div>
<h2>Settings</h2>
<div class="panel"><table><tbody>${configRows}</tbody></table>
<p class="sub">Run ${(report.timing.runMs / 1000).toFixed(2)} s, sweep ${(report.timing.sweepMs / 1000).toFixed(2)} s (${report.sweep.length} runs), total ${(report.timing.totalMs / 1000).toFixed(2)} s.</p></div>
</main>
</body>
</html>
`;
}
