/**
 * Writes functions/package-lock.json: the versions the repository's lockfile (the ones every test
 * ran with) resolves for the functions' production dependencies, re-rooted at functions/. Deploy
 * uploads functions/ alone and Cloud Build installs with `npm ci` from this file, so what was
 * tested is what is installed. `npm test` fails when the committed file is not what this computes.
 *
 *   npm run functions-lockfile            (writes it)
 *   npm run functions-lockfile -- --check (exit 1 when stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  name: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const WORKSPACE = 'functions';

/** Where Node finds `name` from the package at `from` (a lockfile path), or null. */
function resolveIn(packages: Record<string, unknown>, from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (candidate in packages) return candidate;
    if (dir === '') return null;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

/** The names an installed package needs at run time. */
function runtimeDependencies(entry: LockEntry): string[] {
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  return [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.optionalDependencies ?? {}),
    ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional),
  ];
}

const reRoot = (path: string): string => (path.startsWith(`${WORKSPACE}/`) ? path.slice(WORKSPACE.length + 1) : path);

export function functionsLockfile(root: Lockfile, manifest: { name: string; version?: string; dependencies: Record<string, string>; engines?: unknown }): Lockfile {
  const used = new Set<string>();
  const queue: [string, string[]][] = [[WORKSPACE, Object.keys(manifest.dependencies)]];
  const edges: [string, string, string][] = [];
  while (queue.length > 0) {
    const [from, names] = queue.shift()!;
    for (const name of names) {
      const path = resolveIn(root.packages, from, name);
      if (!path) {
        const optional = root.packages[from]?.optionalDependencies?.[name] !== undefined || root.packages[from]?.peerDependencies?.[name] !== undefined;
        if (optional) continue;
        throw new Error(`${from} needs ${name}, which the repository's lockfile does not hold: run npm install`);
      }
      edges.push([from, name, path]);
      if (used.has(path)) continue;
      used.add(path);
      queue.push([path, runtimeDependencies(root.packages[path]!)]);
    }
  }

  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, ...(manifest.version ? { version: manifest.version } : {}), dependencies: manifest.dependencies, ...(manifest.engines ? { engines: manifest.engines } : {}) },
  };
  for (const path of [...used].sort()) {
    const target = reRoot(path);
    if (packages[target]) throw new Error(`${path} and another package both land at ${target} in functions/: nest one of them by hand`);
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = root.packages[path]!;
    packages[target] = entry;
  }
  // Every require must find, in the new tree, the very package it found in the tested one.
  for (const [from, name, path] of edges) {
    const found = resolveIn(packages, from === WORKSPACE ? '' : reRoot(from), name);
    if (found !== reRoot(path)) throw new Error(`${reRoot(from)} would load ${name} from ${found} instead of ${reRoot(path)}`);
  }
  return { name: manifest.name, ...(manifest.version ? { version: manifest.version } : {}), lockfileVersion: 3, requires: true, packages };
}

function main(): void {
  const root = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const manifest = JSON.parse(readFileSync(join(repoRoot, WORKSPACE, 'package.json'), 'utf8'));
  const text = `${JSON.stringify(functionsLockfile(root, manifest), null, 2)}\n`;
  const target = join(repoRoot, WORKSPACE, 'package-lock.json');
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // Missing counts as stale.
    }
    if (current !== text) {
      console.error('functions/package-lock.json is not what the repository lockfile resolves: run `npm run functions-lockfile` and commit it');
      process.exit(1);
    }
    return;
  }
  writeFileSync(target, text);
  console.log(`wrote ${target} (${Object.keys(JSON.parse(text).packages).length - 1} packages)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
