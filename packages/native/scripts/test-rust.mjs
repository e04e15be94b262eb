// Runs the Rust test suites (every crate, including the golden vectors in testdata/) when a Rust
// toolchain is present; without one, says so and succeeds — the TypeScript suites still run.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cargo = spawnSync('cargo', ['--version'], { stdio: 'ignore' });
if (cargo.error || cargo.status !== 0) {
  console.log('cargo test skipped: no Rust toolchain');
  process.exit(0);
}
const r = spawnSync('cargo', ['test', '--workspace', '--manifest-path', 'Cargo.toml'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.error ? 1 : (r.status ?? 1));
