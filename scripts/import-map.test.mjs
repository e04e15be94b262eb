// The house's floors: run with `node --test scripts/import-map.test.mjs` (part of `pnpm lint`).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  fileImports,
  findCycle,
  folderValueImports,
  mermaid,
  workspacePackages,
} from './import-map.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('findCycle finds a circle and only a circle', () => {
  const circle = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
  ]);
  assert.deepEqual(findCycle(circle), ['a', 'b', 'c', 'a']);
  const line = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
  ]);
  assert.equal(findCycle(line), null);
});

test('packages stand on floors: no package depends on itself through others', () => {
  const packages = workspacePackages();
  assert.ok(packages.length >= 4);
  const graph = new Map(packages.map((p) => [p.name, new Set(p.deps)]));
  assert.equal(findCycle(graph), null);
});

test('@backfire/native depends on nothing of ours, and core only on native (loaded at run time)', () => {
  const byName = new Map(workspacePackages().map((p) => [p.name, p]));
  assert.deepEqual(byName.get('@backfire/native')?.deps, []);
  for (const dep of byName.get('@backfire/core')?.deps ?? []) assert.equal(dep, '@backfire/native');
});

test('@backfire/test-support (tests/support) is private and depends on nothing of ours', () => {
  // Every package may dev-depend on it, core included: one dependency back would be a circle.
  const manifest = JSON.parse(readFileSync(join(root, 'tests', 'support', 'package.json'), 'utf8'));
  assert.equal(manifest.private, true);
  const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
  const ours = fields.flatMap((f) => Object.keys(manifest[f] ?? {}));
  assert.deepEqual(
    ours.filter((name) => name.startsWith('@backfire/')),
    [],
  );
});

test('no source file of any package imports itself back at run time', () => {
  for (const p of workspacePackages()) {
    assert.equal(findCycle(fileImports(p.folder)), null, `${p.name} has an import circle`);
  }
});

test('inside each package, its src folders stand on floors too (no folder circle at run time)', () => {
  for (const p of workspacePackages()) {
    assert.equal(
      findCycle(folderValueImports(p.folder)),
      null,
      `${p.name}'s folders form a circle`,
    );
  }
});

test("core's src holds no physics", () => {
  const src = join(root, 'packages', 'core', 'src');
  assert.ok(existsSync(src));
  assert.ok(!readdirSync(src).includes('physics'));
});

test("docs/architecture.md shows the imports as they are (the packages, and core's src folders)", () => {
  const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const shown = [...doc.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1].trimEnd());
  const [packages, core] = mermaid();
  assert.deepEqual(shown, [packages, core], 'regenerate them with `node scripts/import-map.mjs`');
});
