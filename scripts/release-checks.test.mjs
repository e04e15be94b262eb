// The release dry run's checks can fail: each is run on what a good release gives (recorded from
// a real run) and on the ways a release breaks. `node --test scripts/release-checks.test.mjs`
// (run by `pnpm release:dry` before the dry run itself).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
  NATIVE_MISSING_MESSAGE,
  napiOptionalDependencies,
  readTarball,
} from './release-checks.mjs';

// The shape @napi-rs/cli's readNapiConfig gives for packages/native's targets.
const t = (platformArchABI, platform, arch, abi) => ({ platformArchABI, platform, arch, abi });
const TARGETS = [
  t('linux-x64-gnu', 'linux', 'x64', 'gnu'),
  t('linux-x64-musl', 'linux', 'x64', 'musl'),
  t('linux-arm64-gnu', 'linux', 'arm64', 'gnu'),
  t('darwin-arm64', 'darwin', 'arm64', null),
  t('win32-x64-msvc', 'win32', 'x64', 'msvc'),
];
const HOST = TARGETS[0];
const PKG = { packageName: '@backfire/native', targets: TARGETS, version: '0.1.0' };
const without = (list, item) => list.filter((x) => x !== item);

describe('readTarball', () => {
  it('reads what npm pack writes, long paths included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-checks-'));
    try {
      const deep = `dist/${'a'.repeat(60)}/${'b'.repeat(60)}/index.js`;
      mkdirSync(join(dir, 'pkg', deep, '..'), { recursive: true });
      writeFileSync(join(dir, 'pkg', deep), 'export {};\n');
      writeFileSync(join(dir, 'pkg', 'bin.node'), Buffer.alloc(1500, 7));
      writeFileSync(
        join(dir, 'pkg', 'package.json'),
        JSON.stringify({ name: 'x', version: '1.0.0', files: ['dist', 'bin.node'] }),
      );
      const r = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: join(dir, 'pkg'),
        encoding: 'utf8',
        shell: process.platform === 'win32',
      });
      assert.equal(r.status, 0, r.stderr);
      const files = readTarball(readFileSync(join(dir, JSON.parse(r.stdout)[0].filename)));
      assert.deepEqual([...files.keys()].sort(), ['bin.node', deep, 'package.json'].sort());
      assert.equal(files.get(deep).toString(), 'export {};\n');
      assert.deepEqual(files.get('bin.node'), Buffer.alloc(1500, 7));
      assert.equal(JSON.parse(files.get('package.json')).name, 'x');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostTarget', () => {
  it('picks the napi target of a machine, or none', () => {
    const host = (platform, arch, libc) => hostTarget(TARGETS, { platform, arch, libc });
    assert.equal(host('linux', 'x64', 'gnu'), TARGETS[0]);
    assert.equal(host('linux', 'x64', 'musl'), TARGETS[1]);
    assert.equal(host('darwin', 'arm64', 'musl'), TARGETS[3]);
    assert.equal(host('win32', 'x64', 'gnu'), TARGETS[4]);
    assert.equal(host('linux', 'riscv64', 'gnu'), null);
    assert.equal(host('darwin', 'x64', 'gnu'), null);
  });
});

describe('napiOptionalDependencies', () => {
  it('names every platform package at the root version, replacing stale entries', () => {
    const deps = napiOptionalDependencies(
      {
        other: '^1.0.0',
        '@backfire/native-linux-x64-gnu': '0.0.9',
        '@backfire/native-gone': '0.0.9',
      },
      '@backfire/native',
      TARGETS,
      '0.1.0',
    );
    assert.deepEqual(deps, {
      other: '^1.0.0',
      '@backfire/native-linux-x64-gnu': '0.1.0',
      '@backfire/native-linux-x64-musl': '0.1.0',
      '@backfire/native-linux-arm64-gnu': '0.1.0',
      '@backfire/native-darwin-arm64': '0.1.0',
      '@backfire/native-win32-x64-msvc': '0.1.0',
    });
  });
});

describe('packed manifests', () => {
  const manifest = {
    name: '@backfire/vercel-ai',
    version: '0.1.0',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './ui': { types: './dist/ui.d.ts', import: './dist/ui.js' },
      './package.json': './package.json',
    },
    dependencies: { '@backfire/core': '0.1.0' },
    peerDependencies: { ai: '^6.0.0 || ^7.0.0' },
  };
  const files = ['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/ui.js', 'dist/ui.d.ts'];
  const internal = ['@backfire/core', '@backfire/native'];

  it('pass for a good tarball', () => {
    assert.deepEqual(checkPackedManifest(manifest, files), []);
    assert.deepEqual(checkInternalRanges(manifest, internal, '0.1.0'), []);
  });

  it('fail on a workspace: range left in', () => {
    const m = { ...manifest, dependencies: { '@backfire/core': 'workspace:*' } };
    assert.deepEqual(checkPackedManifest(m, files), [
      'dependencies.@backfire/core is "workspace:*" (not installable from a registry)',
    ]);
    assert.equal(checkInternalRanges(m, internal, '0.1.0').length, 1);
  });

  it('fail on an internal range that is not the exact version', () => {
    const m = { ...manifest, optionalDependencies: { '@backfire/native': '^0.1.0' } };
    assert.deepEqual(checkInternalRanges(m, internal, '0.1.0'), [
      'optionalDependencies.@backfire/native is "^0.1.0", expected "0.1.0"',
    ]);
  });

  it('fail when an export points at a file the tarball lacks', () => {
    assert.deepEqual(checkPackedManifest(manifest, without(files, 'dist/ui.js')), [
      './dist/ui.js (from main/types/exports) is not in the tarball',
    ]);
  });
});

describe('the native root package', () => {
  const files = ['package.json', 'index.js', 'index.d.ts', 'dist/index.js', 'README.md'];
  const manifest = {
    name: '@backfire/native',
    version: '0.1.0',
    optionalDependencies: napiOptionalDependencies({}, '@backfire/native', TARGETS, '0.1.0'),
  };

  it('passes as napi prepublish publishes it', () => {
    assert.deepEqual(checkNativeRoot(manifest, files, PKG), []);
  });

  it('fails without the optionalDependencies (what plain pnpm pack gives)', () => {
    const problems = checkNativeRoot({ ...manifest, optionalDependencies: undefined }, files, PKG);
    assert.equal(problems.length, TARGETS.length);
    assert.match(problems[0], /optionalDependencies.@backfire\/native-linux-x64-gnu is undefined/);
  });

  it('fails on a platform package at another version, a binary inside, or no loader', () => {
    const stale = {
      ...manifest,
      optionalDependencies: {
        ...manifest.optionalDependencies,
        '@backfire/native-darwin-arm64': '0.0.9',
      },
    };
    assert.deepEqual(checkNativeRoot(stale, files, PKG), [
      'optionalDependencies.@backfire/native-darwin-arm64 is "0.0.9", expected "0.1.0"',
    ]);
    assert.deepEqual(checkNativeRoot(manifest, [...files, 'backfire.linux-x64-gnu.node'], PKG), [
      'carries a binary: backfire.linux-x64-gnu.node',
    ]);
    assert.deepEqual(checkNativeRoot(manifest, without(files, 'index.js'), PKG), [
      'index.js (the napi-rs loader) is not in the tarball',
    ]);
  });

  it('the loader must look the platform package up by its published name', () => {
    const loader = "const binding = require('@backfire/native-linux-x64-gnu')";
    assert.deepEqual(checkLoaderLookup(loader, '@backfire/native', HOST), []);
    assert.deepEqual(
      checkLoaderLookup(loader.replace('native-', 'addon-'), '@backfire/native', HOST),
      ["index.js never requires '@backfire/native-linux-x64-gnu'"],
    );
  });
});

describe('the platform package', () => {
  const opts = {
    packageName: '@backfire/native',
    binaryName: 'backfire',
    target: HOST,
    version: '0.1.0',
  };
  const manifest = {
    name: '@backfire/native-linux-x64-gnu',
    version: '0.1.0',
    cpu: ['x64'],
    os: ['linux'],
    libc: ['glibc'],
    main: 'backfire.linux-x64-gnu.node',
    files: ['backfire.linux-x64-gnu.node'],
  };
  const files = ['package.json', 'README.md', 'backfire.linux-x64-gnu.node'];

  it('passes with the binary, the root version and os/cpu/libc', () => {
    assert.deepEqual(checkPlatformPackage(manifest, files, opts), []);
  });

  it('fails without the binary (the npm/<platform> directory as committed)', () => {
    assert.deepEqual(
      checkPlatformPackage(manifest, without(files, 'backfire.linux-x64-gnu.node'), opts),
      ['backfire.linux-x64-gnu.node is not in the tarball'],
    );
  });

  it('fails on another version, name or libc', () => {
    assert.equal(checkPlatformPackage({ ...manifest, version: '0.0.9' }, files, opts).length, 1);
    assert.equal(
      checkPlatformPackage({ ...manifest, name: '@backfire/linux' }, files, opts).length,
      1,
    );
    assert.deepEqual(checkPlatformPackage({ ...manifest, libc: ['musl'] }, files, opts), [
      'libc does not list glibc',
    ]);
  });
});

// Probe outputs as a real run recorded them.
const NATIVE_PROBE = {
  backend: 'native',
  nativeStatus: 'loaded',
  nativeLoadError: null,
  addonFile:
    '/tmp/backfire-release-x/app-native/node_modules/@backfire/native-linux-x64-gnu/backfire.linux-x64-gnu.node',
  nativeImport: 'ok',
  text: 'The Eiffel Tower is 450 metres tall.',
  finishReason: 'content-filter',
  halt: { kind: 'hard_limit', reason: 'hard_limit (0.4560 < 0.5)' },
  langchain: [],
};
const FALLBACK_PROBE = {
  backend: 'js',
  nativeStatus: 'missing',
  nativeLoadError: `${NATIVE_MISSING_MESSAGE} (run \`pnpm build\` with a Rust toolchain, or install a prebuilt @backfire/native-<platform> package).`,
  addonFile: null,
  nativeImport: { name: 'BackfireError', code: 'BACKFIRE_NATIVE', message: NATIVE_MISSING_MESSAGE },
  text: 'The Eiffel Tower is 450 metres tall.',
  finishReason: 'content-filter',
  halt: { kind: 'hard_limit', reason: 'hard_limit (0.4560 < 0.5)' },
};

describe('the installed release', () => {
  const opts = { packageName: '@backfire/native', target: HOST };

  it('a project with the platform package passes the native checks', () => {
    assert.deepEqual(checkNativeInstall(NATIVE_PROBE, opts), []);
  });

  it('a project that fell back fails them', () => {
    assert.deepEqual(checkNativeInstall(FALLBACK_PROBE, opts), [
      'backend is "js", expected "native"',
      `nativeStatus is "missing": ${FALLBACK_PROBE.nativeLoadError}`,
      'addon loaded from nowhere, expected node_modules/@backfire/native-linux-x64-gnu/',
    ]);
  });

  it('a binary loaded from the root package (not the platform package) fails', () => {
    const probe = {
      ...NATIVE_PROBE,
      addonFile: '/p/node_modules/@backfire/native/backfire.linux-x64-gnu.node',
    };
    assert.equal(checkNativeInstall(probe, opts).length, 1);
  });

  it('a stream that was not halted fails', () => {
    const probe = { ...NATIVE_PROBE, finishReason: 'stop', halt: null };
    assert.deepEqual(checkNativeInstall(probe, opts), [
      'finishReason is "stop", expected "content-filter"',
      'no providerMetadata.backfire halt',
    ]);
  });

  it('a probe that crashed fails both', () => {
    const probe = { error: "Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'ai'" };
    assert.equal(checkNativeInstall(probe, opts).length, 1);
    assert.equal(checkFallbackInstall(probe).length, 1);
  });

  it('the fallback checks pass the fallback project and fail the native one', () => {
    assert.deepEqual(checkFallbackInstall(FALLBACK_PROBE), []);
    assert.equal(checkFallbackInstall(NATIVE_PROBE).length, 5); // backend, status, error, addon, import
  });

  it('a fallback with another reason or a loadable @backfire/native fails', () => {
    const other = { ...FALLBACK_PROBE, nativeLoadError: "Cannot find module '@backfire/native'" };
    assert.equal(checkFallbackInstall(other).length, 1);
    const loads = { ...FALLBACK_PROBE, nativeImport: 'ok' };
    assert.equal(checkFallbackInstall(loads).length, 1);
  });
});

describe('BACKFIRE_REQUIRE_NATIVE=1 without the addon', () => {
  const stderr = [
    'file:///p/node_modules/@backfire/core/dist/native/loader.js:61',
    "        throw new BackfireError('BACKFIRE_NATIVE', `BACKFIRE_REQUIRE_NATIVE=1 but @backfire/native cannot be used (missing)`);",
    '              ^',
    '',
    `BackfireError: BACKFIRE_REQUIRE_NATIVE=1 but @backfire/native cannot be used (missing): ${NATIVE_MISSING_MESSAGE} (run \`pnpm build\` …).`,
    '    at loadNative (file:///p/node_modules/@backfire/core/dist/native/loader.js:61:15) {',
    "  code: 'BACKFIRE_NATIVE',",
    '}',
  ].join('\n');

  it('passes when the import exits with the error', () => {
    assert.deepEqual(checkRequireNativeFailure({ code: 1, stderr }), []);
  });

  it('fails when the import succeeds or fails for another reason', () => {
    assert.equal(checkRequireNativeFailure({ code: 0, stderr: '' }).length, 3);
    const other = "Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@backfire/core'\n";
    assert.equal(checkRequireNativeFailure({ code: 1, stderr: other }).length, 2);
    // The message alone in the source line Node echoes is not the error.
    assert.equal(checkRequireNativeFailure({ code: 1, stderr: stderr.split('\n\n')[0] }).length, 2);
  });
});
