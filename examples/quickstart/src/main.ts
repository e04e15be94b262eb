/**
 * The Backfire demo: a scripted model streams two answers through the AI SDK's `streamText`, with
 * the Backfire middleware around the model. The first answer is faithful to a small knowledge base
 * and streams to the end; the second contradicts it in its second sentence and is halted there —
 * the finish reason becomes `content-filter`, the model request is aborted, and the halt says why.
 * Then the halted question once more with `repair: { attempts: 1 }`: on the halt the model is
 * asked again with the contradicted fact, and the corrected answer streams to the end.
 */
import { backends, nativeLoadError, nativeStatus } from '@backfire/core';
import { backfireMiddleware } from '@backfire/vercel-ai';
import { streamText, wrapLanguageModel } from 'ai';
import { backendLine } from './backend-line.js';
import { bold, cyan, dim, green, red, sparkline, yellow } from './render.js';
import { answerFor, FACTS, REPAIRED_TURN, TURNS, withoutFactId } from './script.js';
import { type ModelStats, scriptedModel } from './scripted-model.js';

/** The parts of `providerMetadata.backfire` the demo prints. */
interface BackfireInfo {
  halted: boolean;
  reason?: string;
  tokenIndex?: number;
  suggestedAction?: string;
  wordsGenerated: number;
  wordsReleased: number;
  wordsWithheld?: number;
  evidence?: {
    chunks?: { text: string }[];
    contradiction?: { premiseSentence: string; kind: string; detail: string } | null;
  };
  segments: { score: number | null }[];
  /** Set when the answer was repaired: each repair's halt (its evidence names the fact). */
  repairs?: { attempt: number; halt: { reason: string; evidence?: BackfireInfo['evidence'] } }[];
}

type LanguageModel = ReturnType<typeof wrapLanguageModel>;

/** Streams one turn to the terminal; returns how it finished and Backfire's metadata. */
async function streamTurn(model: LanguageModel, prompt: string, write: (s: string) => void) {
  write(`\n${cyan('Q:')} ${prompt}\n${cyan('A:')} `);
  const result = streamText({ model, prompt });
  let finishReason = '';
  let info: BackfireInfo | undefined;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') write(part.text);
    if (part.type === 'finish-step') {
      info = part.providerMetadata?.['backfire'] as unknown as BackfireInfo | undefined;
    }
    if (part.type === 'finish') finishReason = part.finishReason;
  }
  const scores = (info?.segments ?? []).flatMap((s) => (s.score === null ? [] : [s.score]));
  return { finishReason, info, scores };
}

/** The contradicted fact a halt's evidence names, with the cue (`number: 450 vs 330`). */
function factOf(evidence: BackfireInfo['evidence'], withId = true): string | undefined {
  const cue = evidence?.contradiction;
  const chunk = cue?.premiseSentence || evidence?.chunks?.[0]?.text;
  const fact = chunk && !withId ? withoutFactId(chunk) : chunk;
  if (!fact) return undefined;
  return `${yellow(fact)}${cue ? dim(` (${cue.kind}: ${cue.detail})`) : ''}`;
}

function coherenceLine(scores: readonly number[]): string {
  return `   ${dim('coherence:')} ${sparkline(scores, 0.5)} ${dim(scores.map((s) => s.toFixed(2)).join(' '))}\n`;
}

export interface DemoOptions {
  /** Milliseconds between tokens (0 = instant). */
  delayMs?: number;
  write?: (s: string) => void;
}

export interface DemoRun {
  prompt: string;
  finishReason: string;
  backfire: BackfireInfo | undefined;
}

/** The repaired run: what it streamed and how, and the sentence the repair withdrew. */
export interface RepairRun extends DemoRun {
  withdrawn: string[];
  stats: ModelStats;
}

export async function runDemo(options: DemoOptions = {}) {
  const delayMs = options.delayMs ?? 45;
  const write = options.write ?? ((s: string) => process.stdout.write(s));
  const stats = { aborted: 0, wordsSent: 0 };
  const model = wrapLanguageModel({
    model: scriptedModel(answerFor, delayMs, stats),
    middleware: backfireMiddleware({ knowledge: FACTS }),
  });
  const runs: DemoRun[] = [];

  write(
    `${bold('Backfire demo')} ${dim(`— streamText + backfireMiddleware, ${Object.keys(FACTS).length} facts`)}\n`,
  );
  write(
    `${dim(backendLine({ status: nativeStatus, scoring: backends.scoring, error: nativeLoadError }))}\n`,
  );
  for (const turn of TURNS) {
    const { finishReason, info, scores } = await streamTurn(model, turn.prompt, write);
    runs.push({ prompt: turn.prompt, finishReason, backfire: info });
    if (info?.halted) {
      write(
        `\n   ${red(bold('■ HALTED'))} ${info.reason} at word ${info.tokenIndex} ${dim(`(finishReason: ${finishReason})`)}\n`,
      );
      const fact = factOf(info.evidence);
      if (fact) write(`   ${dim('evidence: ')} ${fact}\n`);
      write(`   ${dim('action:   ')} ${info.suggestedAction}\n`);
      write(
        `   ${dim(`words: ${info.wordsGenerated} generated, ${info.wordsReleased} shown, ${info.wordsWithheld} withheld; model request aborted`)}\n`,
      );
    } else {
      write(
        `\n   ${green('✓ passed')} ${dim(`${scores.length} sentences, finishReason: ${finishReason}`)}\n`,
      );
    }
    write(coherenceLine(scores));
  }

  // The halted question again, with repair. `verified` release: the wrong sentence is never
  // shown, so the corrected answer reads as one.
  const withdrawn: string[] = [];
  const repairStats: ModelStats = { aborted: 0, wordsSent: 0 };
  const repairing = wrapLanguageModel({
    model: scriptedModel(answerFor, delayMs, repairStats),
    middleware: backfireMiddleware({
      knowledge: FACTS,
      release: 'verified',
      repair: { attempts: 1 },
      // The server-side halt has the sentence; the metadata never carries it.
      onHalt: (halt) => void withdrawn.push(halt.segment.trim()),
    }),
  });
  write(
    `\n${dim('Again with repair: { attempts: 1 } — on a halt the model is asked to continue with the fact:')}\n`,
  );
  const again = await streamTurn(repairing, REPAIRED_TURN.prompt, write);
  const repair: RepairRun = {
    prompt: REPAIRED_TURN.prompt,
    finishReason: again.finishReason,
    backfire: again.info,
    withdrawn,
    stats: repairStats,
  };
  const fixed = again.info?.repairs?.[0];
  if (fixed !== undefined && again.info?.halted === false) {
    const fact = factOf(fixed.halt.evidence, false);
    write(
      `\n   ${green(bold('✓ corrected:'))} ${red(`"${withdrawn[0] ?? ''}"`)} ${dim('→')} ${fact ?? ''}\n`,
    );
    write(
      `   ${dim(`${fixed.halt.reason}; the first call was aborted, the repair call streamed to the end (finishReason: ${again.finishReason})`)}\n`,
    );
  } else {
    write(
      `\n   ${red(bold('■ HALTED'))} ${again.info?.reason ?? ''} ${dim('(the repair did not fix it)')}\n`,
    );
  }
  write(coherenceLine(again.scores));
  return { runs, stats, repair };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fast = process.env['BACKFIRE_DEMO_FAST'] === '1';
  await runDemo({ delayMs: fast ? 0 : 45 });
}
