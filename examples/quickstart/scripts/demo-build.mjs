// The build step of `pnpm demo` (the root script runs this, then `pnpm --filter quickstart start`).
//
// It builds only the TypeScript packages the demo imports (@backfire/core, @backfire/vercel-ai,
// and the TypeScript entry of @backfire/native whose declarations core type-checks against):
// seconds, not the minutes @backfire/native's cargo build takes on a fresh clone. turbo's `^build`
// would pull that build in (core lists the addon as an optional dependency), so the addon is
// filtered out and `--only` keeps turbo from adding it back as a dependency; the order between the
// remaining packages is kept. Without the addon the demo scores in TypeScript and prints how to
// build it; when it is already built, the demo uses it and says so.
//
// BACKFIRE_REQUIRE_NATIVE=1 means "the addon must be used" (core throws at import without it), so
// then the addon is built first, as `pnpm build` does — and that build fails loudly when there is
// no Rust toolchain, which is what the variable asks for.
//
//   node scripts/demo-build.mjs          build, as `pnpm demo` does
//   node scripts/demo-build.mjs --dry    print the tasks turbo would run (JSON), build nothing
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const requireNative = ['1', 'true'].includes(
  (process.env.BACKFIRE_REQUIRE_NATIVE ?? '').toLowerCase(),
);
const dry = process.argv.includes('--dry');

const args = ['run', 'build', '--filter=quickstart...', '--output-logs=errors-only'];
if (!requireNative) args.push('--filter=!@backfire/native', '--only');

function turbo() {
  const name = process.platform === 'win32' ? 'turbo.cmd' : 'turbo';
  const local = join(root, 'node_modules', '.bin', name);
  return existsSync(local) ? local : name;
}

if (dry) {
  const r = spawnSync(turbo(), [...args, '--dry=json'], {
    cwd: root,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr ?? String(r.error));
    process.exit(1);
  }
  const plan = JSON.parse(r.stdout);
  // A package without a build script (the private @backfire/test-support that packages
  // dev-depend on) is a task turbo plans but never runs: left out, also as a dependency.
  const runs = plan.tasks.filter((t) => t.command !== '<NONEXISTENT>');
  const ids = new Set(runs.map((t) => t.taskId));
  const tasks = runs.map((t) => ({
    taskId: t.taskId,
    dependencies: t.dependencies.filter((d) => ids.has(d)),
  }));
  process.stdout.write(`${JSON.stringify(tasks)}\n`);
  process.exit(0);
}

console.log(
  requireNative
    ? 'demo: BACKFIRE_REQUIRE_NATIVE=1, so building the Rust addon too (minutes on a first build)…'
    : 'demo: building @backfire/core and @backfire/vercel-ai (TypeScript; the Rust addon is optional)…',
);
// Core type-checks against @backfire/native's declarations (its thin entry over the committed
// generated binding), so that entry's TypeScript is compiled first — tsc only, no cargo.
if (!requireNative) {
  const name = process.platform === 'win32' ? 'tsc.cmd' : 'tsc';
  const local = join(root, 'node_modules', '.bin', name);
  const tsc = spawnSync(
    existsSync(local) ? local : name,
    ['-p', join(root, 'packages', 'native', 'tsconfig.build.json')],
    { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' },
  );
  if (tsc.error || tsc.status !== 0) process.exit(1);
}
const r = spawnSync(turbo(), args, {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
process.exit(r.error ? 1 : (r.status ?? 1));
