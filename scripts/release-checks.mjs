// The checks of the release dry run (scripts/release-dry-run.mjs), as pure functions so that
// scripts/release-checks.test.mjs can show each one fails on a broken release. Every check returns
// a list of problems; an empty list is a pass.
import { gunzipSync } from 'node:zlib';

/** What `@backfire/native` throws when no binary matches (packages/native/src/binding.ts). */
export const NATIVE_MISSING_MESSAGE =
  '@backfire/native: the Rust addon is not available on this platform or was not built';
/** What `@backfire/core` throws at import under BACKFIRE_REQUIRE_NATIVE=1 without a usable addon. */
export const REQUIRE_NATIVE_MESSAGE =
  'BACKFIRE_REQUIRE_NATIVE=1 but @backfire/native cannot be used (missing)';

const DEP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];
// Ranges npm cannot resolve from a registry: they must never reach a published manifest.
const LOCAL_PROTOCOL = /^(workspace|link|file|portal|catalog):/;

/**
 * The files of an npm tarball (.tgz): path (without the leading `package/`) → contents. Reads
 * ustar names with their prefix and pax `path` records, which is all npm and pnpm write.
 */
export function readTarball(tgz) {
  const tar = gunzipSync(tgz);
  const files = new Map();
  let paxPath = null;
  const text = (start, end) => {
    const s = tar.subarray(start, end).toString('utf8');
    const nul = s.indexOf('\0');
    return nul === -1 ? s : s.slice(0, nul);
  };
  for (let at = 0; at + 512 <= tar.length; ) {
    if (tar[at] === 0) break; // end-of-archive block
    const size = Number.parseInt(text(at + 124, at + 136).trim() || '0', 8);
    const type = String.fromCharCode(tar[at + 156] || 0x30);
    const body = tar.subarray(at + 512, at + 512 + size);
    const prefix = text(at + 345, at + 500);
    const name = prefix ? `${prefix}/${text(at, at + 100)}` : text(at, at + 100);
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      paxPath = m ? m[1] : null;
    } else if (type === '0' || type === '\0') {
      files.set((paxPath ?? name).replace(/^[^/]+\//, ''), Buffer.from(body));
      paxPath = null;
    } else {
      paxPath = null;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * The napi-rs target of this machine among the configured ones (`readNapiConfig(...).targets`),
 * or null. `libc` is 'gnu' or 'musl' on Linux (ignored elsewhere); Windows targets are msvc.
 */
export function hostTarget(targets, { platform, arch, libc }) {
  return (
    targets.find((t) => {
      if (t.platform !== platform || t.arch !== arch) return false;
      if (platform === 'linux') return t.abi === libc;
      if (platform === 'win32') return t.abi === 'msvc';
      return true;
    }) ?? null
  );
}

/**
 * The root package's `optionalDependencies` as `napi prepublish` (@napi-rs/cli 3) writes them at
 * publish time: `<packageName>-<platformArchABI>` at the root version for every configured target,
 * other entries kept.
 */
export function napiOptionalDependencies(existing, packageName, targets, version) {
  const out = {};
  for (const [name, range] of Object.entries(existing ?? {})) {
    if (!name.startsWith(`${packageName}-`)) out[name] = range;
  }
  for (const t of targets) out[`${packageName}-${t.platformArchABI}`] = version;
  return out;
}

function exportTargets(node, out = []) {
  if (typeof node === 'string') out.push(node);
  else if (node && typeof node === 'object')
    for (const v of Object.values(node)) exportTargets(v, out);
  return out;
}

/**
 * A packed manifest and its file list: no workspace/link/file ranges left, and every file that
 * `main`, `types` and `exports` point to is in the tarball.
 */
export function checkPackedManifest(manifest, files) {
  const problems = [];
  for (const field of DEP_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (LOCAL_PROTOCOL.test(String(range))) {
        problems.push(`${field}.${name} is "${range}" (not installable from a registry)`);
      }
    }
  }
  const have = new Set(files);
  const refs = [manifest.main, manifest.types, ...exportTargets(manifest.exports)].filter(
    (p) => typeof p === 'string' && !p.includes('*'),
  );
  for (const ref of refs) {
    const path = ref.replace(/^\.\//, '');
    if (!have.has(path)) problems.push(`${ref} (from main/types/exports) is not in the tarball`);
  }
  return problems;
}

/** `dependencies` / `optionalDependencies` on our own packages name exactly `version`. */
export function checkInternalRanges(manifest, internalNames, version) {
  const problems = [];
  for (const field of ['dependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (internalNames.includes(name) && range !== version) {
        problems.push(`${field}.${name} is "${range}", expected "${version}"`);
      }
    }
  }
  return problems;
}

/**
 * The root `@backfire/native` tarball as published: the loader and the compiled entry, no binary
 * (binaries travel in the platform packages), and an exact-version optional dependency on every
 * platform package.
 */
export function checkNativeRoot(manifest, files, { packageName, targets, version }) {
  const problems = [];
  for (const f of files) if (f.endsWith('.node')) problems.push(`carries a binary: ${f}`);
  for (const f of ['index.js', 'index.d.ts']) {
    if (!files.includes(f)) problems.push(`${f} (the napi-rs loader) is not in the tarball`);
  }
  const optional = manifest.optionalDependencies ?? {};
  for (const t of targets) {
    const name = `${packageName}-${t.platformArchABI}`;
    if (optional[name] !== version) {
      problems.push(
        `optionalDependencies.${name} is ${JSON.stringify(optional[name])}, expected "${version}"`,
      );
    }
  }
  return problems;
}

/** A platform package as napi-rs lays it out: its name, the root version, the binary, os/cpu/libc. */
export function checkPlatformPackage(
  manifest,
  files,
  { packageName, binaryName, target, version },
) {
  const problems = [];
  const name = `${packageName}-${target.platformArchABI}`;
  const binary = `${binaryName}.${target.platformArchABI}.node`;
  if (manifest.name !== name) problems.push(`name is "${manifest.name}", expected "${name}"`);
  if (manifest.version !== version) {
    problems.push(`version is "${manifest.version}", expected "${version}"`);
  }
  if (!files.includes(binary)) problems.push(`${binary} is not in the tarball`);
  if (manifest.main !== binary) problems.push(`main is "${manifest.main}", expected "${binary}"`);
  if (!manifest.os?.includes(target.platform)) problems.push(`os does not list ${target.platform}`);
  if (!manifest.cpu?.includes(target.arch)) problems.push(`cpu does not list ${target.arch}`);
  if (target.platform === 'linux') {
    const libc = target.abi === 'musl' ? 'musl' : 'glibc';
    if (!manifest.libc?.includes(libc)) problems.push(`libc does not list ${libc}`);
  }
  return problems;
}

/** The generated loader (index.js) looks the platform package up under the name it is published as. */
export function checkLoaderLookup(indexJs, packageName, target) {
  const name = `${packageName}-${target.platformArchABI}`;
  return indexJs.includes(`require('${name}')`) ? [] : [`index.js never requires '${name}'`];
}

/**
 * The probe (release-dry-run.mjs) in a project with the platform package: core on the Rust addon,
 * loaded from the platform package, and the guarded streamText halted.
 */
export function checkNativeInstall(probe, { packageName, target }) {
  const problems = [];
  if (probe.error) return [`probe failed: ${probe.error}`];
  if (probe.backend !== 'native') problems.push(`backend is "${probe.backend}", expected "native"`);
  if (probe.nativeStatus !== 'loaded') {
    problems.push(`nativeStatus is "${probe.nativeStatus}": ${probe.nativeLoadError ?? ''}`);
  }
  const dir = `node_modules/${packageName}-${target.platformArchABI}/`;
  if (
    !String(probe.addonFile ?? '')
      .replaceAll('\\', '/')
      .includes(dir)
  ) {
    problems.push(`addon loaded from ${probe.addonFile ?? 'nowhere'}, expected ${dir}`);
  }
  problems.push(...checkHalt(probe));
  return problems;
}

/**
 * The probe in a project without the platform package: core falls back to TypeScript with the
 * documented error, `@backfire/native` throws BACKFIRE_NATIVE, and the guard still halts.
 */
export function checkFallbackInstall(probe) {
  const problems = [];
  if (probe.error) return [`probe failed: ${probe.error}`];
  if (probe.backend !== 'js') problems.push(`backend is "${probe.backend}", expected "js"`);
  if (probe.nativeStatus !== 'missing') {
    problems.push(`nativeStatus is "${probe.nativeStatus}", expected "missing"`);
  }
  if (!String(probe.nativeLoadError ?? '').includes(NATIVE_MISSING_MESSAGE)) {
    problems.push(`nativeLoadError is ${JSON.stringify(probe.nativeLoadError)}`);
  }
  if (probe.addonFile) problems.push(`an addon was loaded: ${probe.addonFile}`);
  const ni = probe.nativeImport;
  if (ni?.code !== 'BACKFIRE_NATIVE' || ni?.name !== 'BackfireError') {
    problems.push(
      `import('@backfire/native') gave ${JSON.stringify(ni)}, expected BACKFIRE_NATIVE`,
    );
  }
  problems.push(...checkHalt(probe));
  return problems;
}

function checkHalt(probe) {
  const problems = [];
  if (probe.finishReason !== 'content-filter') {
    problems.push(`finishReason is "${probe.finishReason}", expected "content-filter"`);
  }
  if (!probe.halt?.kind) problems.push('no providerMetadata.backfire halt');
  return problems;
}

/**
 * `import '@backfire/core'` under BACKFIRE_REQUIRE_NATIVE=1 without the addon: the process exits
 * non-zero and prints the BackfireError, its code, and why the addon is missing.
 */
export function checkRequireNativeFailure({ code, stderr }) {
  const problems = [];
  if (code === 0) problems.push('import succeeded (exit 0)');
  const line = requireNativeErrorLine(stderr);
  if (!line) problems.push(`stderr has no line "BackfireError: ${REQUIRE_NATIVE_MESSAGE}: …"`);
  else if (!line.includes(NATIVE_MISSING_MESSAGE))
    problems.push(`the error does not say why: ${line}`);
  if (!stderr.includes("code: 'BACKFIRE_NATIVE'"))
    problems.push("stderr lacks code: 'BACKFIRE_NATIVE'");
  return problems;
}

/** The line of stderr where Node prints the uncaught error's name and message. */
export function requireNativeErrorLine(stderr) {
  return (
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith(`BackfireError: ${REQUIRE_NATIVE_MESSAGE}`)) ?? null
  );
}
