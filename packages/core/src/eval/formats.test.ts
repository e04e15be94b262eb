import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thrown } from '@backfire/test-support/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { EvalInputError, parseEvalJsonl, readEvalFile } from './formats.js';

const halu = {
  knowledge: 'The Oberoi Group is a hotel company with its head office in Delhi.',
  question: 'The Oberoi family is part of a hotel company that has a head office in what city?',
  right_answer: 'Delhi',
  hallucinated_answers: ['Mumbai, the financial capital of India.', 'It has no head office.'],
};
const generic = {
  knowledge: ['Water boils at 100 degrees Celsius at sea level.'],
  prompt: 'At what temperature does water boil?',
  answer: 'Water boils at 100 degrees Celsius.',
  label: 'faithful',
  kind: 'number',
  id: 'water',
};
const lines = (...rows: unknown[]): string =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

/** The error a parse throws, or fails the test. */
const errorOf = (text: string) => thrown(() => parseEvalJsonl(text, 'data.jsonl'), EvalInputError);

describe('formats', () => {
  it('turns a HaluEval line into one faithful and one unfaithful item per hallucinated answer', () => {
    const items = parseEvalJsonl(lines(halu), 'dev.jsonl');
    expect(items.map((i) => [i.id, i.label, i.answer])).toEqual([
      ['L1:right', 'faithful', 'Delhi'],
      ['L1:hallucinated:1', 'unfaithful', 'Mumbai, the financial capital of India.'],
      ['L1:hallucinated:2', 'unfaithful', 'It has no head office.'],
    ]);
    for (const item of items) {
      expect(item).toMatchObject({
        kind: 'halueval',
        prompt: halu.question,
        knowledge: [halu.knowledge],
        line: 1,
        format: 'halueval',
      });
    }
  });

  it('reads generic lines, knowledge as a string or a list, kind and id optional', () => {
    const items = parseEvalJsonl(
      lines(generic, '', { ...generic, knowledge: 'one fact.', kind: undefined, id: undefined }),
      'g.jsonl',
    );
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ id: 'water', kind: 'number', knowledge: generic.knowledge });
    // Blank lines are skipped but still counted.
    expect(items[1]).toMatchObject({ id: 'L3', kind: null, knowledge: ['one fact.'], line: 3 });
  });

  it('detects the format per line, so the two can be mixed in one file', () => {
    const items = parseEvalJsonl(lines(generic, halu), 'mixed.jsonl');
    expect(items.map((i) => i.format)).toEqual(['generic', 'halueval', 'halueval', 'halueval']);
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const items = parseEvalJsonl(
      `\uFEFF${JSON.stringify(generic)}\r\n${JSON.stringify(generic)}\r\n`,
      'w.jsonl',
    );
    expect(items).toHaveLength(2);
  });

  it('stops after --limit answers', () => {
    const items = parseEvalJsonl(lines(halu, halu, '{broken'), 'dev.jsonl', { limit: 4 });
    expect(items.map((i) => i.id)).toEqual([
      'L1:right',
      'L1:hallucinated:1',
      'L1:hallucinated:2',
      'L2:right',
    ]);
  });

  it('names the line of malformed JSON', () => {
    const err = errorOf(lines(generic, generic, '{"knowledge": "x", "prompt": '));
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^data\.jsonl:3: malformed JSON/u);
  });

  it('rejects unknown fields, suggesting the one probably meant', () => {
    const { label: _label, ...rest } = generic;
    const typo = errorOf(lines(generic, { ...rest, lable: 'faithful' }));
    expect(typo.message).toBe('data.jsonl:2: unknown field "lable" — did you mean "label"?');
    const extra = errorOf(lines({ ...halu, source: 'wiki' }));
    expect(extra.message).toMatch(/^data\.jsonl:1: unknown field "source" \(HaluEval QA fields: /u);
  });

  it('rejects a line that matches neither format, or mixes both', () => {
    expect(errorOf(lines(generic, { text: 'hello' })).message).toMatch(
      /^data\.jsonl:2: matches neither format/u,
    );
    expect(errorOf(lines({ ...generic, question: 'q' })).message).toMatch(
      /^data\.jsonl:1: mixes HaluEval fields \(question\) with generic fields/u,
    );
    expect(errorOf('[1, 2]').message).toBe('data.jsonl:1: expected a JSON object, got an array');
  });

  it('checks required fields and their types', () => {
    const { answer: _a, ...noAnswer } = generic;
    expect(errorOf(lines(noAnswer)).message).toBe(
      'data.jsonl:1: missing field answer (generic format)',
    );
    expect(errorOf(lines({ ...generic, label: 'true' })).message).toBe(
      'data.jsonl:1: label must be "faithful" or "unfaithful", got string "true"',
    );
    expect(errorOf(lines({ ...generic, knowledge: ['ok', 3] })).message).toBe(
      'data.jsonl:1: knowledge[1] must be a string, got number 3',
    );
    expect(errorOf(lines({ ...halu, hallucinated_answers: 'x' })).message).toMatch(
      /^data\.jsonl:1: hallucinated_answers must be an array/u,
    );
    expect(errorOf(lines({ ...generic, answer: '  ' })).message).toBe(
      'data.jsonl:1: answer must not be empty',
    );
  });

  it('rejects an empty file', () => {
    const err = errorOf('\n  \n');
    expect(err.line).toBeNull();
    expect(err.message).toMatch(/^data\.jsonl: no items: the file is empty/u);
  });

  describe('readEvalFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfire-eval-formats-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a file', () => {
      const file = join(dir, 'ok.jsonl');
      writeFileSync(file, lines(halu, generic));
      expect(readEvalFile(file)).toHaveLength(4);
    });

    it('reports a missing file', () => {
      const file = join(dir, 'missing.jsonl');
      expect(() => readEvalFile(file)).toThrow(`${file}: no such file`);
    });
  });
});
