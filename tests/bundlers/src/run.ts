import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${options.cwd}) exited with ${code ?? signal}\n${output}`,
          ),
        );
    });
  });
}

/**
 * The environment of a user's shell: without the `npm_*` variables a parent pnpm sets
 * (`npm_config_*` would configure the npm we start), without Vitest's own variables, and without
 * `NODE_PATH` — the package-manager shim that starts Vitest points it at the workspace's
 * node_modules, where `require('@backfire/native')` would find the addon this project lacks — and
 * without `BACKFIRE_REQUIRE_NATIVE` / `BACKFIRE_FORCE_JS`: CI sets the first for the workspace's
 * own suites, but these projects install no addon on purpose (and a browser or edge bundle can
 * never load one).
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|vitest)|^node_path$|^backfire_(require_native|force_js)$/i.test(key)) {
      env[key] = value;
    }
  }
  return { ...env, ...extra };
}

/** Seconds since `started`, for the log. */
export function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

/** Bytes as kB (1000), one decimal. */
export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
