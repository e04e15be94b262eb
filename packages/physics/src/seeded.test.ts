/**
 * Seeded-determinism vectors shared with Rust. Unlike the other golden files these are produced by
 * this TypeScript implementation (run with BACKFIRE_WRITE_SEEDED=1 to rewrite
 * testdata/physics/seeded.json); the Rust tests check they get the same numbers. Without the
 * variable this test checks that TypeScript still reproduces the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SSGFEngine } from './ssgf.js';
import { UPDEStepper } from './upde.js';

const FILE = new URL('../../../testdata/physics/seeded.json', import.meta.url);

function compute() {
  const upde = [];
  for (const [seed, checkpoints] of [
    ['7', [1, 10, 100, 1000]],
    ['18446744073709551615', [1, 50, 500]],
  ] as const) {
    const stepper = new UPDEStepper({ seed: BigInt(seed) });
    let st = stepper.createState(Float64Array.from({ length: 16 }, (_, i) => 0.1 * i));
    let done = 0;
    const out = [];
    for (const c of checkpoints) {
      st = stepper.run(st, c - done);
      done = c;
      out.push({
        steps: c,
        theta: Array.from(st.theta),
        dthetaDt: Array.from(st.dthetaDt),
        t: st.t,
        rGlobal: st.rGlobal,
      });
    }
    upde.push({ seed, theta0: Array.from({ length: 16 }, (_, i) => 0.1 * i), checkpoints: out });
  }
  const custom = new UPDEStepper({
    seed: 123,
    dt: 0.05,
    fieldPressure: -0.3,
    noiseAmplitude: 0.4,
    omega: [0.5, 1, 1.5, 2, 2.5],
    knm: {
      n: 5,
      data: Array.from({ length: 25 }, (_, k) =>
        Math.floor(k / 5) === k % 5 ? 0 : 0.2 + 0.01 * k,
      ),
    },
  });
  const cst = custom.run([0, 1, 2, 3, 4], 200);
  const engine = new SSGFEngine({ seed: 42 });
  const logs = engine.run(3);
  return {
    note: 'Written by packages/core/src/physics/seeded.test.ts (BACKFIRE_WRITE_SEEDED=1); Rust must match.',
    upde,
    upde_custom: {
      seed: '123',
      dt: 0.05,
      fieldPressure: -0.3,
      noiseAmplitude: 0.4,
      omega: [0.5, 1, 1.5, 2, 2.5],
      knm: Array.from({ length: 25 }, (_, k) => (Math.floor(k / 5) === k % 5 ? 0 : 0.2 + 0.01 * k)),
      theta0: [0, 1, 2, 3, 4],
      steps: 200,
      theta: Array.from(cst.theta),
      rGlobal: cst.rGlobal,
    },
    ssgf: {
      seed: '42',
      steps: 3,
      logs: logs.map((l) => ({
        rGlobal: l.rGlobal,
        uTotal: l.costs.uTotal,
        cMicro: l.costs.cMicro,
        c7: l.costs.c7,
        c8: l.costs.c8,
        c9: l.costs.c9,
        rGraph: l.costs.rGraph,
        cPgbo: l.costs.cPgbo,
        fiedlerValue: l.fiedlerValue,
        hRec: l.hRec,
        pgboUNorm: l.pgboUNorm,
        pgboHFrob: l.pgboHFrob,
        pgboKappa: l.pgboKappa,
        gradNorm: l.gradNorm,
        refusal: l.refusal,
      })),
      theta: Array.from(engine.getTheta()),
      z: Array.from(engine.getZ()),
    },
  };
}

describe('seeded vectors (TS writes, Rust checks)', () => {
  it('TypeScript reproduces testdata/physics/seeded.json', () => {
    const now = compute();
    if (process.env.BACKFIRE_WRITE_SEEDED === '1') {
      writeFileSync(FILE, `${JSON.stringify(now, null, 1)}\n`);
    }
    const stored = JSON.parse(readFileSync(FILE, 'utf8'));
    // Same code, same platform: bit-identical, so compare exactly.
    expect(now).toEqual(stored);
  });
});
