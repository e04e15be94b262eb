#!/usr/bin/env node
// Release dry run: pack what a release publishes and install it the way a user would.
//
//   pnpm release:dry [--no-build] [--keep]
//
// 1. build   the publishable packages (turbo; Rust via `napi build`, BACKFIRE_REQUIRE_NATIVE=1)
// 2. pack    every publishable package with `pnpm pack` (workspace:* becomes the real version)
// 3. layout  @backfire/native as `napi prepublish` publishes it (optionalDependencies on every
//            platform package, at the root version) and this machine's platform package with the
//            built binary inside, as `napi artifacts` lays it out (npm/<platform>/)
// 4. install the tarballs with npm into a fresh project (+ ai@6 from the registry): core must run
//            on the Rust addon loaded from the platform package, a guarded streamText must halt
// 5. install again without the platform package: core must fall back to TypeScript with the
//            documented error, and BACKFIRE_REQUIRE_NATIVE=1 must make the import fail
//
// The tarballs are not on any registry, so npm gets a local stub registry for the @backfire scope
// (404 for everything): the unpublished platform packages are skipped as optional dependencies,
// and nothing under @backfire can come from the public registry instead of these tarballs.
// --no-build reuses what is built; --keep leaves the temporary directory for inspection.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import {
  checkFallbackInstall,
  checkInternalRanges,
  checkLoaderLookup,
  checkNativeInstall,
  checkNativeRoot,
  checkPackedManifest,
  checkPlatformPackage,
  checkRequireNativeFailure,
  hostTarget,
  napiOptionalDependencies,
  readTarball,
  requireNativeErrorLine,
} from './release-checks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'packages', 'native');
const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!['--no-build', '--keep'].includes(a)) {
    console.error(`unknown option ${a} (use --no-build, --keep)`);
    process.exit(2);
  }
}
const started = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

// ---- log and checks -----------------------------------------------------------------------------

let passed = 0;
const failures = [];
function step(title) {
  console.log(`\n== ${title}`);
}
function check(label, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`  ok    ${label}`);
  } else {
    failures.push(label);
    console.log(`  FAIL  ${label}`);
    for (const p of problems) console.log(`          - ${p}`);
  }
  return problems.length === 0;
}
class StepError extends Error {}

// ---- processes ----------------------------------------------------------------------------------

const win = process.platform === 'win32';
// `pnpm release:dry` (or `npx pnpm@10 release:dry` in CI) runs this with npm_execpath = that pnpm.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm; this script is no turbo task
const pnpmEntry = process.env.npm_execpath ?? '';
const pnpm = /pnpm/.test(pnpmEntry) ? [process.execPath, pnpmEntry] : ['pnpm'];

// A child's environment: nothing that would pick or force a backend behind the checks' back.
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(BACKFIRE_|NAPI_RS_)/.test(k)) delete env[k];
  }
  return { ...env, ...extra };
}

/** Runs a command; resolves { code, stdout, stderr, ms } (async: the stub registry must answer). */
function run(cmd, argv, { cwd = root, env = cleanEnv() } = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, env, shell: win && !cmd.endsWith('.exe') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', (err) =>
      resolve({ code: -1, stdout, stderr: String(err), ms: Date.now() - t0 }),
    );
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - t0 }));
  });
}

async function mustRun(what, cmd, argv, options) {
  const r = await run(cmd, argv, options);
  if (r.code !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new StepError(`${what} failed (exit ${r.code}):\n${tail}`);
  }
  return r;
}

// ---- the stub registry for @backfire/* ----------------------------------------------------------

function startStubRegistry() {
  const asked = new Set();
  const server = createServer((req, res) => {
    asked.add(decodeURIComponent((req.url ?? '').replace(/^\//, '').split('/-/')[0]));
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"Not found"}');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, asked, close: () => server.close() });
    });
  });
}

// ---- the probe that runs inside each fresh project ----------------------------------------------

const PROBE = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const want = new Set(process.argv.slice(2));
const out = {};
try {
  const core = await import('@backfire/core');
  out.backend = core.backend;
  out.nativeStatus = core.nativeStatus;
  const e = core.nativeLoadError;
  out.nativeLoadError = e == null ? null : String(e instanceof Error ? e.message : e);
  out.addonFile = Object.keys(require.cache).find((f) => f.endsWith('.node')) ?? null;
  try {
    await import('@backfire/native');
    out.nativeImport = 'ok';
  } catch (err) {
    out.nativeImport = { name: err.name, code: err.code, message: err.message };
  }
  const { streamText, wrapLanguageModel, simulateReadableStream } = await import('ai');
  const { MockLanguageModelV3 } = await import('ai/test');
  const { backfireMiddleware } = await import('@backfire/vercel-ai');
  const answer = 'The Eiffel Tower is 450 metres tall. It was finished in 1889.';
  const model = new MockLanguageModelV3({
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: [
          { type: 'stream-start', warnings: [] },
          { type: 'text-start', id: 't' },
          ...answer.match(/\\s*\\S+/g).map((delta) => ({ type: 'text-delta', id: 't', delta })),
          { type: 'text-end', id: 't' },
          {
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: {
              inputTokens: { total: 8, noCache: 8, cacheRead: undefined, cacheWrite: undefined },
              outputTokens: { total: 14, text: 14, reasoning: undefined },
            },
          },
        ],
      }),
    }),
  });
  const result = streamText({
    model: wrapLanguageModel({
      model,
      middleware: backfireMiddleware({
        knowledge: { height: 'The Eiffel Tower is 330 metres tall.' },
      }),
    }),
    prompt: 'How tall is the Eiffel Tower?',
  });
  let text = '';
  for await (const t of result.textStream) text += t;
  out.text = text;
  out.finishReason = await result.finishReason;
  const halt = (await result.providerMetadata)?.backfire;
  out.halt = halt?.kind ? { kind: halt.kind, reason: halt.reason } : null;
  if (want.has('--langchain')) {
    const lc = await import('@backfire/langchain');
    out.langchain = ['BackfireCallbackHandler', 'withBackfire', 'retrieverKnowledge'].filter(
      (n) => typeof lc[n] !== 'function',
    );
  }
} catch (err) {
  out.error = err instanceof Error ? (err.stack ?? err.message).split('\\n').slice(0, 3).join(' | ') : String(err);
}
console.log(JSON.stringify(out));
`;

async function probe(dir, argv) {
  const r = await run(process.execPath, ['probe.mjs', ...argv], { cwd: dir });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return { error: `exit ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 800)}` };
  }
}

async function freshProject(dir, name, tarballs, registry) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(dir, '.npmrc'), `@backfire:registry=${registry.url}\n`);
  writeFileSync(join(dir, 'probe.mjs'), PROBE);
  registry.asked.clear();
  const r = await mustRun(
    `npm install in ${name}`,
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs, 'ai@6'],
    { cwd: dir },
  );
  const installed = readdirSync(join(dir, 'node_modules', '@backfire')).map(
    (n) => `@backfire/${n}`,
  );
  return { ms: r.ms, installed, asked: [...registry.asked].filter(Boolean).sort() };
}

// ---- main ---------------------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'backfire-release-'));
let registry = null;
function cleanup() {
  registry?.close();
  if (args.has('--keep')) console.log(`(kept ${work})`);
  else rmSync(work, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

const timings = [];
async function timed(name, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${name} ${secs(Date.now() - t0)}`);
  }
}

try {
  // Which packages a release publishes: every non-private workspace package under packages/.
  const packages = readdirSync(join(root, 'packages'))
    .map((d) => ({ dir: join(root, 'packages', d) }))
    .filter((p) => existsSync(join(p.dir, 'package.json')))
    .map((p) => ({ ...p, manifest: JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) }))
    .filter((p) => p.manifest.private !== true);
  const names = packages.map((p) => p.manifest.name);
  const nativePkg = packages.find((p) => p.dir === nativeDir);
  const version = nativePkg.manifest.version;

  // napi-rs's own reading of the `napi` config: package names, binary name, targets.
  const napiCli = createRequire(join(nativeDir, 'package.json'))('@napi-rs/cli');
  const napi = await napiCli.readNapiConfig(join(nativeDir, 'package.json'));
  process.report.excludeNetwork = true;
  const libc = process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl';
  const target = hostTarget(napi.targets, { platform: process.platform, arch: process.arch, libc });
  if (!target) {
    throw new StepError(
      `no napi target for this machine (${process.platform}-${process.arch}${process.platform === 'linux' ? `-${libc}` : ''})`,
    );
  }
  const platformName = `${napi.packageName}-${target.platformArchABI}`;
  const binaryFile = `${napi.binaryName}.${target.platformArchABI}.node`;
  console.log(
    `release dry run: ${names.join(', ')} ${version} + ${platformName} (node ${process.version})`,
  );
  console.log(`work dir: ${work}`);

  step(args.has('--no-build') ? 'build: skipped (--no-build)' : 'build');
  if (!args.has('--no-build')) {
    await timed('build', async () => {
      const filters = names.map((n) => `--filter=${n}`);
      const r = await mustRun(
        'build',
        pnpm[0],
        [
          ...pnpm.slice(1),
          'exec',
          'turbo',
          'run',
          'build',
          ...filters,
          '--output-logs=errors-only',
        ],
        { env: cleanEnv({ BACKFIRE_REQUIRE_NATIVE: '1' }) },
      );
      const plain = stripVTControlCharacters(r.stdout);
      const summary = ['Tasks:', 'Cached:'].map(
        (k) => plain.match(new RegExp(`${k}\\s+(.*)`))?.[1],
      );
      console.log(`  turbo run build ${filters.join(' ')}: ${summary.join(', ')} (${secs(r.ms)})`);
    });
  }
  const builtBinary = join(nativeDir, binaryFile);
  if (!existsSync(builtBinary)) {
    throw new StepError(
      `packages/native/${binaryFile} is missing: the addon was not built (a release needs the ` +
        'Rust toolchain; run `pnpm build` with cargo on the PATH)',
    );
  }
  console.log(
    `  addon: packages/native/${binaryFile} (${(statSync(builtBinary).size / 1e6).toFixed(1)} MB, built ${new Date(statSync(builtBinary).mtimeMs).toISOString()})`,
  );

  step('pack (pnpm pack)');
  const packs = join(work, 'packs');
  const release = join(work, 'release');
  mkdirSync(packs);
  mkdirSync(release);
  const tarballs = {};
  await timed('pack', async () => {
    for (const p of packages) {
      const r = await mustRun(
        `pnpm pack ${p.manifest.name}`,
        pnpm[0],
        [...pnpm.slice(1), 'pack', '--pack-destination', packs, '--json'],
        { cwd: p.dir },
      );
      const { filename } = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
      const files = readTarball(readFileSync(filename));
      const manifest = JSON.parse(files.get('package.json').toString('utf8'));
      const list = [...files.keys()];
      const deps = Object.entries({ ...manifest.dependencies, ...manifest.optionalDependencies })
        .filter(([n]) => names.includes(n))
        .map(([n, v]) => `${n}@${v}`);
      check(
        `${manifest.name}@${manifest.version}: ${list.length} files${deps.length ? `, ${deps.join(', ')}` : ''}`,
        [...checkPackedManifest(manifest, list), ...checkInternalRanges(manifest, names, version)],
      );
      tarballs[manifest.name] = { filename, files, manifest };
    }
  });

  step(`release layout (as napi prepublish / napi artifacts of @napi-rs/cli lay it out)`);
  const nativeName = nativePkg.manifest.name;
  await timed('layout', async () => {
    // The root package: what pnpm packed, with the optionalDependencies napi prepublish writes.
    const stage = join(work, 'stage', 'native');
    for (const [path, body] of tarballs[nativeName].files) {
      mkdirSync(dirname(join(stage, path)), { recursive: true });
      writeFileSync(join(stage, path), body);
    }
    const manifest = { ...tarballs[nativeName].manifest };
    manifest.optionalDependencies = napiOptionalDependencies(
      manifest.optionalDependencies,
      napi.packageName,
      napi.targets,
      version,
    );
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const rootPack = await mustRun(
      'npm pack (native)',
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', release],
      { cwd: stage },
    );
    const rootTgz = join(release, JSON.parse(rootPack.stdout)[0].filename);
    const rootFiles = readTarball(readFileSync(rootTgz));
    const rootManifest = JSON.parse(rootFiles.get('package.json').toString('utf8'));
    check(
      `${nativeName}: no binary inside, optionalDependencies on ${napi.targets.length} platform packages at ${version}`,
      checkNativeRoot(rootManifest, [...rootFiles.keys()], {
        packageName: napi.packageName,
        targets: napi.targets,
        version,
      }),
    );
    check(
      `index.js (generated loader) looks up ${platformName}`,
      checkLoaderLookup(
        rootFiles.get('index.js')?.toString('utf8') ?? '',
        napi.packageName,
        target,
      ),
    );
    // Every target has its npm/<platform> directory, named as napi-rs names it.
    check(
      `npm/<platform>/package.json for all ${napi.targets.length} targets`,
      napi.targets.flatMap((t) => {
        const f = join(nativeDir, 'npm', t.platformArchABI, 'package.json');
        if (!existsSync(f)) return [`${relative(root, f)} is missing`];
        const n = JSON.parse(readFileSync(f, 'utf8')).name;
        const want = `${napi.packageName}-${t.platformArchABI}`;
        return n === want ? [] : [`${relative(root, f)} is named ${n}, expected ${want}`];
      }),
    );
    tarballs[nativeName].release = rootTgz;

    // This machine's platform package: npm/<platform> + the binary; napi prepublish sets its
    // version to the root version.
    const pstage = join(work, 'stage', target.platformArchABI);
    cpSync(join(nativeDir, 'npm', target.platformArchABI), pstage, { recursive: true });
    const pmanifest = JSON.parse(readFileSync(join(pstage, 'package.json'), 'utf8'));
    pmanifest.version = version;
    writeFileSync(join(pstage, 'package.json'), `${JSON.stringify(pmanifest, null, 2)}\n`);
    cpSync(builtBinary, join(pstage, binaryFile));
    const pPack = await mustRun(
      `npm pack (${platformName})`,
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', release],
      { cwd: pstage },
    );
    const platformTgz = join(release, JSON.parse(pPack.stdout)[0].filename);
    const pfiles = readTarball(readFileSync(platformTgz));
    check(
      `${platformName}@${version}: ${binaryFile} (${(pfiles.get(binaryFile)?.length / 1e6 || 0).toFixed(1)} MB), os/cpu/libc`,
      checkPlatformPackage(
        JSON.parse(pfiles.get('package.json').toString('utf8')),
        [...pfiles.keys()],
        {
          packageName: napi.packageName,
          binaryName: napi.binaryName,
          target,
          version,
        },
      ),
    );
    tarballs[platformName] = { release: platformTgz };
  });
  const tgz = (name) => tarballs[name].release ?? tarballs[name].filename;

  registry = await startStubRegistry();
  const withPlatform = names.map(tgz).concat(tgz(platformName));

  step('fresh project with the platform package');
  const appNative = join(work, 'app-native');
  let nativeProbe = null;
  await timed('install+probe (native)', async () => {
    const inst = await freshProject(appNative, 'release-dry-run-native', withPlatform, registry);
    console.log(`  npm install ${withPlatform.length} tarballs + ai@6 (${secs(inst.ms)})`);
    console.log(
      `  the @backfire stub registry answered 404 to: ${inst.asked.map((n) => n.replace('@backfire/', '')).join(' ') || 'nothing'}`,
    );
    nativeProbe = await probe(appNative, ['--langchain']);
    check(
      `@backfire/core: backend 'native', addon from ${platformName}`,
      checkNativeInstall(nativeProbe, { packageName: napi.packageName, target }),
    );
    console.log(
      `          streamText: finishReason ${nativeProbe.finishReason}, ${nativeProbe.halt?.kind} (${nativeProbe.halt?.reason}), text "${nativeProbe.text}"`,
    );
    if (names.includes('@backfire/langchain')) {
      check(
        '@backfire/langchain imports (with @langchain/core from the registry)',
        nativeProbe.error
          ? [nativeProbe.error]
          : (nativeProbe.langchain ?? ['not probed']).map((n) => `${n} missing`),
      );
    }
  });

  step('fresh project without the platform package');
  const appJs = join(work, 'app-fallback');
  const withoutPlatform = ['@backfire/core', '@backfire/vercel-ai', nativeName].map(tgz);
  let fallbackProbe = null;
  await timed('install+probe (fallback)', async () => {
    const inst = await freshProject(appJs, 'release-dry-run-fallback', withoutPlatform, registry);
    console.log(`  npm install ${withoutPlatform.length} tarballs + ai@6 (${secs(inst.ms)})`);
    console.log(
      `  the @backfire stub registry answered 404 to: ${inst.asked.map((n) => n.replace('@backfire/', '')).join(' ') || 'nothing'}`,
    );
    check(`npm followed ${nativeName}'s optionalDependencies to ${platformName} and skipped it`, [
      ...(inst.asked.includes(platformName) ? [] : [`npm never asked for ${platformName}`]),
      ...inst.installed
        .filter((n) => n.startsWith(`${napi.packageName}-`))
        .map((n) => `${n} installed`),
    ]);
    fallbackProbe = await probe(appJs, []);
    check(
      `@backfire/core: backend 'js', nativeStatus 'missing'`,
      checkFallbackInstall(fallbackProbe),
    );
    console.log(
      `          nativeLoadError: "${String(fallbackProbe.nativeLoadError).split('(')[0].trim()}"`,
    );
    const req = await run(
      process.execPath,
      ['--input-type=module', '-e', "import '@backfire/core';"],
      {
        cwd: appJs,
        env: cleanEnv({ BACKFIRE_REQUIRE_NATIVE: '1' }),
      },
    );
    check(
      'BACKFIRE_REQUIRE_NATIVE=1: importing @backfire/core fails',
      checkRequireNativeFailure(req),
    );
    const line = requireNativeErrorLine(req.stderr) ?? req.stderr.trim().split('\n')[0];
    console.log(`          exit ${req.code}: ${line.slice(0, 150)}…`);
  });

  // The checks that passed above must be able to fail: run each on the other project's probe.
  // Only meaningful when both probes ran (a crashed probe fails every check for the wrong reason).
  step("negative control: each install fails the other install's checks");
  if (nativeProbe?.error || fallbackProbe?.error) {
    check('negative control (needs both probes to run)', ['a probe crashed, see above']);
  } else {
    const wrongNative = checkNativeInstall(fallbackProbe, {
      packageName: napi.packageName,
      target,
    });
    const wrongFallback = checkFallbackInstall(nativeProbe);
    check(
      `the native checks reject the fallback install (${wrongNative.length} problems)`,
      wrongNative.some((p) => p.startsWith('backend is "js"'))
        ? []
        : [`checkNativeInstall on the fallback probe: ${JSON.stringify(wrongNative)}`],
    );
    check(
      `the fallback checks reject the native install (${wrongFallback.length} problems)`,
      wrongFallback.some((p) => p.startsWith('backend is "native"'))
        ? []
        : [`checkFallbackInstall on the native probe: ${JSON.stringify(wrongFallback)}`],
    );
  }
} catch (err) {
  failures.push(err instanceof StepError ? err.message : (err?.stack ?? String(err)));
  console.log(`\n  ERROR ${failures.at(-1)}`);
} finally {
  cleanup();
}

console.log(`\n== summary (${timings.join(', ')})`);
console.log(
  `release dry run: ${passed} checks passed, ${failures.length} failed in ${secs(Date.now() - started)}`,
);
for (const f of failures) console.log(`  failed: ${f.split('\n')[0]}`);
process.exit(failures.length === 0 ? 0 : 1);
