import type { GuardHalt } from '../guard/types.js';

/**
 * The default correction note sent to the model on a repair: the sentence that was withheld, the
 * fact it contradicted (from the scorer's evidence, when it names one), and the instruction to go
 * on from the verified part. Written for the model only; it is never shown to the user.
 */
export function repairNote(halt: GuardHalt): string {
  const facts = factsOf(halt.evidence);
  const lines = [
    `Your answer was stopped before this sentence, which was withheld: "${halt.segment.trim()}"`,
  ];
  if (halt.kind === 'unsupported') {
    lines.push('It states something the available sources do not support.');
  } else if (halt.kind === 'window_avg' || halt.kind === 'downward_trend') {
    lines.push('The answer was drifting away from the facts.');
  }
  if (facts.length > 0) {
    lines.push(`${facts.length === 1 ? 'The fact' : 'The facts'} it must agree with:`);
    for (const fact of facts) lines.push(`- ${fact}`);
  }
  lines.push(
    'Continue the answer from here, consistent with these facts. Do not repeat what is already written and do not mention this note.',
  );
  return lines.join('\n');
}

// The premise a contradiction cue names, else the retrieved chunks' text, else a `text` or `fact`
// string in a custom scorer's evidence.
function factsOf(evidence: unknown): string[] {
  if (evidence === null || typeof evidence !== 'object') return [];
  const e = evidence as {
    contradiction?: { premiseSentence?: unknown; detail?: unknown } | null;
    chunks?: unknown;
    text?: unknown;
    fact?: unknown;
  };
  const premise = e.contradiction?.premiseSentence;
  if (typeof premise === 'string' && premise.trim() !== '') return [premise.trim()];
  if (Array.isArray(e.chunks)) {
    const texts = e.chunks
      .map((c: unknown) =>
        c !== null && typeof c === 'object' ? (c as { text?: unknown }).text : c,
      )
      .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
      .slice(0, 3)
      .map((t) => t.trim());
    if (texts.length > 0) return texts;
  }
  for (const value of [e.text, e.fact]) {
    if (typeof value === 'string' && value.trim() !== '') return [value.trim()];
  }
  return [];
}
