/**
 * `next build` (Next 16, Turbopack) of fixture/app — a client page, a Node.js route handler and an
 * edge route handler, each importing @backfire/core (installed without its optional peers and
 * without the addon) — then `next start`: both routes and the page (in Chromium) run the guard.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type Browser, launch } from '../src/browser.js';
import { expectGuarded } from '../src/expect-check.js';
import { cleanEnv, kB, run, seconds } from '../src/run.js';

const projectDir = inject('projectDir');
const NEXT_BIN = join(projectDir, 'node_modules', 'next', 'dist', 'bin', 'next');
const ENV = cleanEnv({ NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });

let server: ChildProcess | undefined;
let serverLog = '';
let browser: Browser | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.js') && statSync(f).isFile());
}

async function startServer(): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: projectDir,
      env: ENV,
    },
  );
  server = child;
  child.stdout.on('data', (c: Buffer) => (serverLog += c.toString()));
  child.stderr.on('data', (c: Buffer) => (serverLog += c.toString()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${serverLog}`);
    try {
      await fetch(url);
      return url;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`next start did not answer within 30 s:\n${serverLog}`);
}

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
});

it('next build (Turbopack): a client page, a Node.js route and an edge route importing core', async () => {
  const started = performance.now();
  const output = await run(process.execPath, [NEXT_BIN, 'build'], { cwd: projectDir, env: ENV });
  console.info(`[bundlers] next build: ${seconds(started)}`);
  expect(output).toContain('(Turbopack)');
  expect(output).toMatch(/ƒ \/api\/edge/);
  expect(output).toMatch(/ƒ \/api\/guard/);

  const sizes: string[] = [];
  const client = files(join(projectDir, '.next', 'static', 'chunks'));
  const server = files(join(projectDir, '.next', 'server'));
  for (const file of [...client, ...server]) {
    const code = readFileSync(file, 'utf8');
    const name = relative(join(projectDir, '.next'), file);
    expect(code, `${name} reaches Transformers.js`).not.toContain('@huggingface/transformers');
    // The client chunk that holds the guard (the kernel's reason text is in it).
    if (client.includes(file) && code.includes('hard_limit'))
      sizes.push(`${name}: ${kB(code.length)}`);
  }
  expect(sizes, 'no client chunk holds @backfire/core').not.toEqual([]);
  const total = client.reduce((n, f) => n + statSync(f).size, 0);
  console.info(
    `[bundlers] next build client chunks: ${kB(total)} in all; with @backfire/core: ${sizes.join(', ')}`,
  );
});

it('next start: the Node.js route, the edge route and the page (in Chromium) guard a stream', async () => {
  const url = await startServer();
  for (const route of ['/api/guard', '/api/edge']) {
    const res = await fetch(`${url}${route}`);
    expect(res.status, `${route}: ${serverLog}`).toBe(200);
    expectGuarded(await res.json(), `next ${route}`);
  }
  const page = browser!.page;
  await page.goto(url);
  const result = page.locator('#result');
  await expect.poll(() => result.textContent(), { timeout: 20_000 }).not.toBe('running');
  expectGuarded(JSON.parse((await result.textContent()) ?? ''), 'next page (client component)');
  expect(browser!.errors, 'the page logged errors').toEqual([]);
});
