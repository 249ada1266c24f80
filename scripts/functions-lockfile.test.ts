import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { functionsLockfile } from './functions-lockfile.js';

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const read = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));

describe('functions/package-lock.json', () => {
  it('is what the repository lockfile resolves for the functions (run `npm run functions-lockfile` after changing dependencies)', () => {
    const computed = functionsLockfile(read('package-lock.json'), read('functions/package.json'));
    expect(read('functions/package-lock.json')).toEqual(computed);
  });

  it('pins each production dependency at the version the tests ran with', () => {
    const root = read('package-lock.json');
    const locked = read('functions/package-lock.json');
    for (const name of Object.keys(read('functions/package.json').dependencies)) {
      const tested = root.packages[`functions/node_modules/${name}`] ?? root.packages[`node_modules/${name}`];
      expect(locked.packages[`node_modules/${name}`].version, name).toBe(tested.version);
    }
  });

  it('refuses a tree where re-rooting would put two versions of a package in one place', () => {
    const root = {
      name: 'r',
      lockfileVersion: 3,
      packages: {
        '': {},
        functions: { dependencies: { a: '1', b: '2' } },
        'functions/node_modules/b': { version: '2.0.0', dependencies: {} },
        'node_modules/a': { version: '1.0.0', dependencies: { b: '1' } },
        'node_modules/b': { version: '1.0.0', dependencies: {} },
      },
    };
    expect(() => functionsLockfile(root, { name: 'f', dependencies: { a: '1', b: '2' } })).toThrow(/node_modules\/b and another package both land at node_modules\/b/);
  });
});
