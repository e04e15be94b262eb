/**
 * Vitest globalSetup for the end-to-end suite: builds the app (`next build`), starts it
 * (`next start`) on a free localhost port with the test-only routes enabled, waits until it
 * answers, and hands its URL to the tests. The server's output goes to test-output/server.log.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT_DIR = join(APP_DIR, 'test-output');
const NEXT_BIN = join(APP_DIR, 'node_modules', 'next', 'dist', 'bin', 'next');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv, log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(join(OUTPUT_DIR, log));
    const child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: APP_DIR, env });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`next ${args.join(' ')} exited with ${code}; see test-output/${log}`)),
    );
  });
}

async function waitUntilUp(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/api/knowledge`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not answer within ${timeoutMs} ms; see test-output/server.log`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    // The offline scripted model, whatever the developer's shell has.
    OPENAI_API_KEY: '',
  };
  if (process.env.E2E_SKIP_BUILD !== '1') {
    const started = Date.now();
    await run(['build'], env, 'build.log');
    console.info(`[e2e] next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const out = createWriteStream(join(OUTPUT_DIR, 'server.log'));
  const server = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: APP_DIR,
      env: { ...env, BACKFIRE_EXAMPLE_TEST_ROUTES: '1', NODE_ENV: 'production' },
    },
  );
  server.stdout.pipe(out);
  server.stderr.pipe(out);
  try {
    await waitUntilUp(baseURL, server, 30_000);
  } catch (error) {
    server.kill('SIGTERM');
    throw error;
  }
  project.provide('baseURL', baseURL);

  return async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
}
