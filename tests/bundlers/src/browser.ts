/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot work offline;
 * CHROMIUM_PATH overrides the binary), a static server for the bundles (a Web Worker needs an http
 * origin), and a way to run a bundle in a Web Worker.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

export interface Browser {
  readonly page: Page;
  /** Uncaught errors and console errors of the page and its workers, for a test to insist on none. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Headless Chromium with one page that records its errors. */
export async function launch(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('worker', (worker) =>
    worker.on('console', (m) => {
      if (m.type() === 'error') errors.push(`worker console: ${m.text()}`);
    }),
  );
  return { page, errors, close: () => browser.close() };
}

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `root` on a free localhost port; `/` is a blank page. */
export function serve(root: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>bundles</title>');
      return;
    }
    readFile(join(root, path)).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) {
        reject(new Error('no port'));
        return;
      }
      resolve({
        origin: `http://127.0.0.1:${address.port}`,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * `new Worker(url, { type: 'module' })` on `page`: resolves with the first message the worker
 * posts; rejects on its `error` event (a bundle that throws while it loads) or after `timeoutMs`.
 */
export function runWorker(page: Page, url: string, timeoutMs = 20_000): Promise<unknown> {
  return page.evaluate(
    ({ url, timeoutMs }) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(url, { type: 'module' });
        const timer = setTimeout(() => {
          worker.terminate();
          reject(new Error(`${url}: no message within ${timeoutMs} ms`));
        }, timeoutMs);
        worker.onmessage = (e) => {
          clearTimeout(timer);
          worker.terminate();
          resolve(e.data);
        };
        worker.onerror = (e) => {
          clearTimeout(timer);
          worker.terminate();
          reject(new Error(`${url}: worker error: ${e.message}`));
        };
      }),
    { url, timeoutMs },
  );
}
