// The picture of the house: which package depends on which (its floor), and which folder of a
// package's src imports which. `node scripts/import-map.mjs` prints it as Mermaid (the figure in
// docs/architecture.md); `scripts/import-map.test.mjs` checks that it has no circle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The workspace packages under packages/: name, folder and the @backfire packages they use. */
export function workspacePackages() {
  const dir = join(root, 'packages');
  const out = [];
  for (const folder of readdirSync(dir).sort()) {
    const file = join(dir, folder, 'package.json');
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const deps = new Set();
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) {
        if (name.startsWith('@backfire/')) deps.add(name);
      }
    }
    out.push({ name: manifest.name, folder, deps: [...deps].sort() });
  }
  return out;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (
      /\.(ts|mts)$/.test(entry) &&
      !/\.test\.(ts|mts)$/.test(entry) &&
      !entry.endsWith('.d.ts')
    ) {
      out.push(path);
    }
  }
  return out;
}

const VALUE_IMPORT = /(?:^|\n)\s*(?:import|export)\s(?!type\b)[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

/**
 * Value imports between the source files of one package (type-only imports left out: they vanish
 * at run time), as a graph of paths relative to its src.
 */
export function fileImports(folder) {
  const src = join(root, 'packages', folder, 'src');
  const edges = new Map();
  let files;
  try {
    files = sourceFiles(src);
  } catch {
    return edges;
  }
  for (const file of files) {
    const targets = new Set();
    for (const m of readFileSync(file, 'utf8').matchAll(VALUE_IMPORT)) {
      const target = resolve(dirname(file), m[1]).replace(/\.js$/, '.ts');
      if (target.startsWith(src + sep)) targets.add(relative(src, target));
    }
    edges.set(relative(src, file), targets);
  }
  return edges;
}

/**
 * Value imports between the top-level folders of one package's src (its root index and test
 * support left out): the floors inside a package.
 */
export function folderValueImports(folder) {
  const unit = (path) =>
    path.includes('/') ? path.split('/')[0] : path.replace(/\.(ts|mts)$/, '');
  const edges = new Map();
  for (const [file, targets] of fileImports(folder)) {
    const from = unit(file);
    if (from === 'index' || from === 'test') continue;
    for (const target of targets) {
      const to = unit(target);
      if (to === from || to === 'test') continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from).add(to);
    }
  }
  return edges;
}

/** A circle in a graph given as Map<node, Set<node>>, as a list of nodes, or null. */
export function findCycle(edges) {
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found !== null) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of edges.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found !== null) return found;
    }
  }
  return null;
}

export function mermaid() {
  const packages = workspacePackages();
  const id = (name) => name.replace(/[^a-z0-9]/gi, '_');
  const lines = ['flowchart BT'];
  for (const p of packages) lines.push(`  ${id(p.name)}["${p.name}"]`);
  for (const p of packages) for (const d of p.deps) lines.push(`  ${id(p.name)} --> ${id(d)}`);
  const out = [lines.join('\n')];
  for (const p of packages) {
    const edges = folderValueImports(p.folder);
    if (edges.size === 0) continue;
    const g = [`flowchart BT`, `  %% ${p.name}: src folders`];
    for (const [from, tos] of [...edges].sort()) {
      for (const to of [...tos].sort())
        g.push(`  ${p.folder}_${from}[${from}] --> ${p.folder}_${to}[${to}]`);
    }
    out.push(g.join('\n'));
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const graph of mermaid()) console.log(`\`\`\`mermaid\n${graph}\n\`\`\`\n`);
}
