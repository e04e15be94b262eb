import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILD_ADDON, backendLine } from './backend-line.js';
import { TURNS } from './script.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const quickstart = join(here, '..');
const root = join(quickstart, '..', '..');

/** The environment without the backend switches the surrounding test run may set. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('BACKFIRE_REQUIRE_NATIVE' in extra)) delete env['BACKFIRE_REQUIRE_NATIVE'];
  if (!('BACKFIRE_FORCE_JS' in extra)) delete env['BACKFIRE_FORCE_JS'];
  return env;
}

type Task = { taskId: string; dependencies: string[] };

async function demoBuildPlan(env: NodeJS.ProcessEnv): Promise<Task[]> {
  const { stdout } = await run(process.execPath, ['scripts/demo-build.mjs', '--dry'], {
    cwd: quickstart,
    env,
  });
  return JSON.parse(stdout) as Task[];
}

describe('pnpm demo does not wait for the Rust build', () => {
  it('the root `demo` script builds through scripts/demo-build.mjs, then starts the demo', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['demo']).toBe(
      'node examples/quickstart/scripts/demo-build.mjs && pnpm --filter quickstart start',
    );
  });

  it("builds core and the AI SDK adapter, in order, and not @backfire/native's cargo build", async () => {
    const tasks = await demoBuildPlan(cleanEnv());
    expect(tasks.map((t) => t.taskId).sort()).toEqual([
      '@backfire/core#build',
      '@backfire/vercel-ai#build',
    ]);
    expect(tasks.find((t) => t.taskId === '@backfire/vercel-ai#build')?.dependencies).toEqual([
      '@backfire/core#build',
    ]);
  });

  it('builds the addon first when BACKFIRE_REQUIRE_NATIVE=1 asks for it', async () => {
    const tasks = await demoBuildPlan(cleanEnv({ BACKFIRE_REQUIRE_NATIVE: '1' }));
    expect(tasks.map((t) => t.taskId)).toContain('@backfire/native#build');
    expect(tasks.find((t) => t.taskId === '@backfire/core#build')?.dependencies).toEqual([
      '@backfire/native#build',
    ]);
  });

  it('runs on TypeScript scoring without the addon: one line says how to build it, then it streams', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--require', './test/no-native.cjs', '--import', 'tsx', 'src/main.ts'],
      { cwd: quickstart, env: cleanEnv({ BACKFIRE_DEMO_FAST: '1', NO_COLOR: '1' }) },
    );
    const lines = stdout.split('\n');
    expect(lines[1]).toBe(backendLine({ status: 'missing', scoring: 'js' }));
    expect(lines[1]).toContain(`\`${BUILD_ADDON}\``);
    expect(lines.filter((l) => l.includes(BUILD_ADDON))).toHaveLength(1);
    expect(stdout).toContain(TURNS[0]!.answer);
    expect(stdout).toContain('✓ passed');
    expect(stdout).toContain('HALTED');
    expect(stdout).toContain('✓ corrected: "The Eiffel Tower is 450 metres tall."');
  });
});

describe("the demo's line about where Backfire runs", () => {
  it('with the addon built: native scoring, TypeScript kernel, no build hint', () => {
    const line = backendLine({ status: 'loaded', scoring: 'native' });
    expect(line).toBe(
      'scoring: native (Rust addon) · kernel: TypeScript · a review against 10,000 passages takes 22 µs here, 93 µs in TypeScript',
    );
    expect(line).not.toContain(BUILD_ADDON);
  });

  it('without it: TypeScript scoring, the build command and what it speeds up', () => {
    expect(backendLine({ status: 'missing', scoring: 'js' })).toBe(
      'scoring: js (TypeScript) · kernel: TypeScript · the Rust addon is not built: `pnpm --filter @backfire/native build` (needs Rust, ~2–3 min once) makes a review against 10,000 passages 4× faster (22 µs instead of 93 µs)',
    );
    expect(
      backendLine({ status: 'incompatible', scoring: 'js', error: new Error('has ABI 0') }),
    ).toMatch(
      /^scoring: js \(TypeScript\) · kernel: TypeScript · the Rust addon cannot be used \(has ABI 0\): `pnpm --filter @backfire\/native build`/,
    );
    expect(backendLine({ status: 'forced-js', scoring: 'js' })).toBe(
      'scoring: js (TypeScript, BACKFIRE_FORCE_JS=1) · kernel: TypeScript',
    );
  });

  it('never claims a Rust kernel', () => {
    for (const status of ['loaded', 'missing', 'incompatible', 'forced-js'] as const) {
      for (const scoring of ['native', 'js'] as const) {
        const line = backendLine({ status, scoring });
        expect(line).toContain('kernel: TypeScript');
        expect(line).not.toMatch(/kernel: (native|Rust)/);
      }
    }
  });
});
