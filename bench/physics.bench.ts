/**
 * Physics benchmarks (issue 8): UPDE step at 16 oscillators and the SSGF outer step (analytic
 * gradient, n = 16), TypeScript implementation. The criterion twins live in
 * packages/native/crates/backfire-{physics,ssgf}/benches.
 */
import { SSGFEngine, UPDEStepper } from '@backfire/core/physics';
import type { AnyCase } from './lib.js';

const THETA0 = Float64Array.from({ length: 16 }, (_, i) => 0.1 * i);

export function cases(): AnyCase[] {
  const stepper = new UPDEStepper({ seed: 1 });
  const state = stepper.createState(THETA0);
  const engine = new SSGFEngine({ seed: 42 });
  engine.run(5);
  return [
    {
      row: 'UPDE step, 16 oscillators, within run(1000)',
      variant: 'js',
      fn: () => stepper.run(state, 1000),
      perOp: 1000,
      target: 'js ≤ 3 µs, native ≤ 1 µs (seed: Rust 3 µs, Python 50 µs)',
    },
    {
      row: 'UPDE step, 16 oscillators, one step() call',
      variant: 'js',
      fn: () => stepper.step(state),
    },
    {
      row: 'SSGF outer step, analytic gradient, n = 16',
      variant: 'js',
      fn: () => engine.outerStep(),
      target: 'native ≤ 100 µs (reference: 229–261 µs)',
    },
  ];
}

/** The same cases for a mitata-style `bench(name, fn)` registrar. */
export async function physicsBenches(
  bench: (name: string, fn: () => unknown) => unknown,
): Promise<void> {
  for (const c of cases()) if ('fn' in c) bench(`${c.row} [${c.variant}]`, c.fn);
}
