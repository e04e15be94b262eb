/**
 * The Backfire demo: a scripted model streams two answers through the AI SDK's `streamText`, with
 * the Backfire middleware around the model. The first answer is faithful to a small knowledge base
 * and streams to the end; the second contradicts it in its second sentence and is halted there —
 * the finish reason becomes `content-filter`, the model request is aborted, and the halt says why.
 */
import { backends, nativeLoadError, nativeStatus } from '@backfire/core';
import { backfireMiddleware } from '@backfire/vercel-ai';
import { streamText, wrapLanguageModel } from 'ai';
import { backendLine } from './backend-line.js';
import { bold, cyan, dim, green, red, sparkline, yellow } from './render.js';
import { answerFor, FACTS, TURNS } from './script.js';
import { scriptedModel } from './scripted-model.js';

/** The parts of `providerMetadata.backfire` the demo prints. */
interface BackfireInfo {
  halted: boolean;
  reason?: string;
  tokenIndex?: number;
  suggestedAction?: string;
  tokensGenerated: number;
  tokensReleased: number;
  tokensWithheld?: number;
  evidence?: {
    chunks?: { text: string }[];
    contradiction?: { premiseSentence: string; kind: string; detail: string } | null;
  };
  segments: { score: number | null }[];
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
    write(`\n${cyan('Q:')} ${turn.prompt}\n${cyan('A:')} `);
    const result = streamText({ model, prompt: turn.prompt });
    let finishReason = '';
    let info: BackfireInfo | undefined;
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') write(part.text);
      if (part.type === 'finish-step') {
        info = part.providerMetadata?.['backfire'] as unknown as BackfireInfo | undefined;
      }
      if (part.type === 'finish') finishReason = part.finishReason;
    }
    runs.push({ prompt: turn.prompt, finishReason, backfire: info });
    const scores = (info?.segments ?? []).flatMap((s) => (s.score === null ? [] : [s.score]));
    const line = `${sparkline(scores, 0.5)} ${dim(scores.map((s) => s.toFixed(2)).join(' '))}`;
    if (info?.halted) {
      write(
        `\n   ${red(bold('■ HALTED'))} ${info.reason} at token ${info.tokenIndex} ${dim(`(finishReason: ${finishReason})`)}\n`,
      );
      const cue = info.evidence?.contradiction;
      const fact = cue?.premiseSentence || info.evidence?.chunks?.[0]?.text;
      if (fact)
        write(
          `   ${dim('evidence: ')} ${yellow(fact)}${cue ? dim(` (${cue.kind}: ${cue.detail})`) : ''}\n`,
        );
      write(`   ${dim('action:   ')} ${info.suggestedAction}\n`);
      write(
        `   ${dim(`tokens: ${info.tokensGenerated} generated, ${info.tokensReleased} shown, ${info.tokensWithheld} withheld; model request aborted`)}\n`,
      );
    } else {
      write(
        `\n   ${green('✓ passed')} ${dim(`${scores.length} sentences, finishReason: ${finishReason}`)}\n`,
      );
    }
    write(`   ${dim('coherence:')} ${line}\n`);
  }
  return { runs, stats };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fast = process.env['BACKFIRE_DEMO_FAST'] === '1';
  await runDemo({ delayMs: fast ? 0 : 45 });
}
