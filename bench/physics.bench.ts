/**
 * Physics benchmarks (issue 8): UPDE step at 16 oscillators and the SSGF outer step (analytic
 * gradient, n = 16), TypeScript (`@backfire/physics`) and the Rust addon (`@backfire/physics/native`)
 * side by side on the same seeds. Native `run(k)` crosses the boundary once for k steps; a single
 * `step()` pays one crossing plus the state conversion. Without a built addon only the JS side is
 * reported. The criterion twins live in packages/native/crates/backfire-{physics,ssgf}/benches.
 */
import { SSGFEngine, UPDEStepper } from '@backfire/physics';
import type * as NativeModule from '@backfire/physics/native';
import type { AnyCase } from './lib.js';

const THETA0 = Float64Array.from({ length: 16 }, (_, i) => 0.1 * i);

/** The addon's physics classes; null when `@backfire/native` is not installed and built. */
async function loadNativePhysics(): Promise<typeof NativeModule | null> {
  try {
    return await import('@backfire/physics/native');
  } catch {
    return null;
  }
}

export async function cases(): Promise<AnyCase[]> {
  const stepper = new UPDEStepper({ seed: 1 });
  const state = stepper.createState(THETA0);
  const engine = new SSGFEngine({ seed: 42 });
  engine.run(5);
  const out: AnyCase[] = [
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
    {
      row: 'SSGF outer step, analytic gradient, n = 16, within run(10)',
      variant: 'js',
      fn: () => engine.run(10),
      perOp: 10,
    },
  ];
  const native = await loadNativePhysics();
  if (native === null) {
    console.warn('physics.bench: @backfire/native is not built — native rows skipped');
    return out;
  }
  const nStepper = new native.UPDEStepper({ seed: 1 });
  const nState = nStepper.createState(THETA0);
  const nEngine = new native.SSGFEngine({ seed: 42 });
  nEngine.run(5);
  out.push(
    {
      row: 'UPDE step, 16 oscillators, within run(1000)',
      variant: 'native',
      fn: () => nStepper.run(nState, 1000),
      perOp: 1000,
    },
    {
      row: 'UPDE step, 16 oscillators, one step() call',
      variant: 'native',
      fn: () => nStepper.step(nState),
    },
    {
      row: 'SSGF outer step, analytic gradient, n = 16',
      variant: 'native',
      fn: () => nEngine.outerStep(),
    },
    {
      row: 'SSGF outer step, analytic gradient, n = 16, within run(10)',
      variant: 'native',
      fn: () => nEngine.run(10),
      perOp: 10,
    },
  );
  return out;
}

/** The same cases for a mitata-style `bench(name, fn)` registrar. */
export async function physicsBenches(
  bench: (name: string, fn: () => unknown) => unknown,
): Promise<void> {
  for (const c of await cases()) if ('fn' in c) bench(`${c.row} [${c.variant}]`, c.fn);
}
