/**
 * The Backfire demo: a scripted model streams two answers through the guard in your terminal. The
 * first is faithful to the small knowledge base and streams to the end; the second contradicts it
 * in its second sentence and is halted there, with the reason, the evidence and a sparkline of the
 * sentence scores.
 */
import {
  backend,
  CoherenceScorer,
  createGuard,
  type GuardHalt,
  InMemoryKnowledge,
  type ScoringEvidence,
  type SegmentRecord,
} from '@backfire/core';
import { bold, cyan, dim, green, red, sparkline, yellow } from './render.js';
import { FACTS, scriptedModel, TURNS } from './script.js';

export interface DemoOptions {
  /** Milliseconds between tokens (0 = instant). */
  delayMs?: number;
  write?: (s: string) => void;
}

export async function runDemo(options: DemoOptions = {}): Promise<{ halts: GuardHalt[] }> {
  const delayMs = options.delayMs ?? 45;
  const write = options.write ?? ((s: string) => process.stdout.write(s));
  const knowledge = new InMemoryKnowledge();
  for (const [key, value] of Object.entries(FACTS)) knowledge.addFact(key, value);
  const scorer = new CoherenceScorer({ knowledge });
  const halts: GuardHalt[] = [];

  write(
    `${bold('Backfire demo')} ${dim(`— kernel: ${backend === 'native' ? 'native (Rust)' : 'js (TypeScript)'}, knowledge base: ${knowledge.size} facts`)}\n`,
  );
  for (const turn of TURNS) {
    write(`\n${cyan('Q:')} ${turn.prompt}\n${cyan('A:')} `);
    const guard = createGuard({
      scorer,
      prompt: turn.prompt,
      onEvent: (e) => {
        if (e.type === 'release') write(e.text);
      },
    });
    for await (const delta of scriptedModel(turn.answer, delayMs)) {
      await guard.write(delta);
      if (guard.halted) break; // stop pulling: the upstream model is cancelled here
    }
    const result = await guard.end();
    const scores = result.segments.flatMap((s: SegmentRecord) =>
      s.score === null ? [] : [s.score],
    );
    const line = `${sparkline(scores, scorer.config.hardLimit)} ${dim(scores.map((s) => s.toFixed(2)).join(' '))}`;
    if (result.halt) {
      const h = result.halt;
      halts.push(h);
      write(`\n   ${red(bold('■ HALTED'))} ${h.reason} at token ${h.tokenIndex}\n`);
      write(`   ${dim('offending:')} ${h.segment.trim()}\n`);
      const ev = h.evidence as ScoringEvidence | null;
      const cue = ev?.contradiction;
      const fact = cue?.premiseSentence || ev?.chunks[0]?.text;
      if (fact)
        write(
          `   ${dim('evidence: ')} ${yellow(fact)}${cue ? dim(` (${cue.kind}: ${cue.detail})`) : ''}\n`,
        );
      write(`   ${dim('action:   ')} ${h.suggestedAction}\n`);
      write(
        `   ${dim(`tokens: ${h.tokensGenerated} generated, ${h.tokensReleased} shown, ${h.tokensWithheld} withheld`)}\n`,
      );
    } else {
      write(`\n   ${green('✓ passed')} ${dim(`${result.segments.length} sentences`)}\n`);
    }
    write(`   ${dim('coherence:')} ${line}\n`);
  }
  return { halts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fast = process.env['BACKFIRE_DEMO_FAST'] === '1';
  await runDemo({ delayMs: fast ? 0 : 45 });
}
