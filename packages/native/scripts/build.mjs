// Builds @backfire/native: the TypeScript entry always, the Rust addon when a Rust toolchain is
// present. Without cargo the build still succeeds (core then scores in TypeScript).
//
//   node scripts/build.mjs            release addon (LTO) + dist/
//   node scripts/build.mjs --debug    debug addon (fast to compile) + dist/
//
// BACKFIRE_NATIVE_PROFILE=debug|release overrides the profile; BACKFIRE_REQUIRE_NATIVE=1 turns a
// missing toolchain or a failed Rust build into a failing build (for CI jobs that ship the addon).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const required = ['1', 'true'].includes(process.env.BACKFIRE_REQUIRE_NATIVE ?? '');
const debug = process.argv.includes('--debug') || process.env.BACKFIRE_NATIVE_PROFILE === 'debug';

function run(cmd, args) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  return r.error ? 1 : (r.status ?? 1);
}

function bin(name) {
  const local = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? `${name}.cmd` : name,
  );
  return existsSync(local) ? local : name;
}

if (run(bin('tsc'), ['-p', 'tsconfig.build.json']) !== 0) process.exit(1);

const cargo = spawnSync('cargo', ['--version'], {
  stdio: 'ignore',
  shell: process.platform === 'win32',
});
if (cargo.error || cargo.status !== 0) {
  console.log('native addon skipped: no Rust toolchain — scoring runs on TypeScript');
  process.exit(required ? 1 : 0);
}

// The loader and its declarations (index.js, index.d.ts) are committed and rewritten by the build;
// a stale binary next to a failed build would be loaded as if it were new: remove it first.
for (const f of readdirSync(root)) {
  if (f.startsWith('backfire.') && f.endsWith('.node')) rmSync(join(root, f), { force: true });
}
const args = [
  'build',
  '--platform',
  '--manifest-path',
  'crates/backfire-napi/Cargo.toml',
  '--package',
  'backfire-napi',
  '--target-dir',
  'target',
  '--output-dir',
  '.',
  '--js',
  'index.js',
  '--dts',
  'index.d.ts',
];
if (!debug) args.push('--release');
if (run(bin('napi'), args) !== 0) {
  console.error(
    'native addon build failed — @backfire/core will score in TypeScript' +
      (required ? '' : ' (set BACKFIRE_REQUIRE_NATIVE=1 to make this fatal)'),
  );
  process.exit(required ? 1 : 0);
}
