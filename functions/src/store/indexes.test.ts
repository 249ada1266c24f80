import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Query } from './docstore.js';
import { assertIndexed, loadIndexConfig, parseIndexConfig, type IndexConfig } from './indexes.js';
import { normalizeQuery } from './query.js';

const none: IndexConfig = { indexes: [], fieldOverrides: [] };

function check(query: Query, config: IndexConfig = none): string | null {
  try {
    assertIndexed(normalizeQuery(query), config);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const composite = (collectionGroup: string, fields: IndexConfig['indexes'][number]['fields'], queryScope: 'COLLECTION' | 'COLLECTION_GROUP' = 'COLLECTION') =>
  ({ collectionGroup, queryScope, fields });

describe('loadIndexConfig', () => {
  it("reads the repository's firestore.indexes.json by default", () => {
    const config = loadIndexConfig();
    expect(Array.isArray(config.indexes)).toBe(true);
    expect(Array.isArray(config.fieldOverrides)).toBe(true);
  });

  it('reads a given file and names the bad entry of a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'indexes-'));
    try {
      const file = join(dir, 'firestore.indexes.json');
      writeFileSync(file, JSON.stringify({ indexes: [composite('c', [{ fieldPath: 'a', order: 'ASCENDING' }])] }));
      expect(loadIndexConfig(file).indexes[0]).toEqual(composite('c', [{ fieldPath: 'a', order: 'ASCENDING' }]));
      writeFileSync(file, JSON.stringify({ indexes: [{ collectionGroup: 'c', fields: [{ fieldPath: 'a', order: 'UP' }] }] }));
      expect(() => loadIndexConfig(file)).toThrow(/indexes\.0\.fields\.0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('defaults queryScope to COLLECTION as the Firebase CLI does', () => {
    const config = parseIndexConfig({ indexes: [{ collectionGroup: 'c', fields: [{ fieldPath: 'a', order: 'ASCENDING' }] }] });
    expect(config.indexes[0]!.queryScope).toBe('COLLECTION');
  });
});

describe('assertIndexed: collection scope', () => {
  it('serves equality filters on any number of fields from single-field indexes', () => {
    expect(
      check({
        collection: 'c',
        where: [
          { field: 'a', op: '==', value: 1 },
          { field: 'b', op: 'array-contains', value: 'x' },
          { field: 'c', op: 'in', value: [1, 2] },
        ],
      }),
    ).toBeNull();
  });

  it('serves one ordered field alone, with inequalities on it, in either direction', () => {
    expect(check({ collection: 'c', orderBy: [{ field: 'a', direction: 'desc' }] })).toBeNull();
    expect(check({ collection: 'c', where: [{ field: 'a', op: '>', value: 1 }, { field: 'a', op: '!=', value: 5 }] })).toBeNull();
    expect(check({ collection: 'c', where: [{ field: 'a', op: '==', value: 1 }], orderBy: [{ field: 'a' }] })).toBeNull();
  });

  it('refuses equality plus an ordered field without a composite index, naming the entry to add', () => {
    const message = check({ collection: 'c', where: [{ field: 'tags', op: 'array-contains', value: 'x' }], orderBy: [{ field: 'name' }] });
    expect(message).toContain('FAILED_PRECONDITION: The query requires an index');
    expect(message).toContain(
      '{"collectionGroup":"c","queryScope":"COLLECTION","fields":[{"fieldPath":"tags","arrayConfig":"CONTAINS"},{"fieldPath":"name","order":"ASCENDING"}]}',
    );
  });

  it('accepts a declared composite with the same directions, and not the opposite ones', () => {
    const config = { ...none, indexes: [composite('c', [{ fieldPath: 's', order: 'ASCENDING' }, { fieldPath: 'n', order: 'DESCENDING' }])] };
    const query: Query = { collection: 'x/1/c', where: [{ field: 's', op: '==', value: 1 }], orderBy: [{ field: 'n', direction: 'desc' }] };
    expect(check(query, config)).toBeNull();
    expect(check({ ...query, orderBy: [{ field: 'n' }] }, config)).toMatch(/requires an index/);
  });

  it('needs the array-contains field declared with arrayConfig CONTAINS', () => {
    const config = { ...none, indexes: [composite('c', [{ fieldPath: 't', order: 'ASCENDING' }, { fieldPath: 'n', order: 'ASCENDING' }])] };
    expect(check({ collection: 'c', where: [{ field: 't', op: 'array-contains', value: 1 }], orderBy: [{ field: 'n' }] }, config)).toMatch(
      /requires an index/,
    );
  });

  it('merges composites that share the ordered suffix to cover several equality fields', () => {
    const an = composite('c', [{ fieldPath: 'a', order: 'ASCENDING' }, { fieldPath: 'n', order: 'ASCENDING' }]);
    const bn = composite('c', [{ fieldPath: 'b', order: 'ASCENDING' }, { fieldPath: 'n', order: 'ASCENDING' }]);
    const query: Query = {
      collection: 'c',
      where: [{ field: 'a', op: '==', value: 1 }, { field: 'b', op: '==', value: 2 }],
      orderBy: [{ field: 'n' }],
    };
    expect(check(query, { ...none, indexes: [an, bn] })).toBeNull();
    expect(check(query, { ...none, indexes: [an] })).toMatch(/requires an index/);
  });

  it('needs a composite for several ordered fields, including implicit inequality ones', () => {
    expect(check({ collection: 'c', orderBy: [{ field: 'a' }, { field: 'b' }] })).toMatch(/requires an index/);
    expect(check({ collection: 'c', where: [{ field: 'b', op: '<', value: 1 }], orderBy: [{ field: 'a' }] })).toMatch(
      /"fieldPath":"a","order":"ASCENDING"},\{"fieldPath":"b","order":"ASCENDING"/,
    );
  });

  it('does not let a COLLECTION_GROUP composite serve a collection query', () => {
    const config = {
      ...none,
      indexes: [composite('c', [{ fieldPath: 'a', order: 'ASCENDING' }, { fieldPath: 'b', order: 'ASCENDING' }], 'COLLECTION_GROUP')],
    };
    expect(check({ collection: 'c', orderBy: [{ field: 'a' }, { field: 'b' }] }, config)).toMatch(/requires an index/);
    expect(check({ collectionGroup: 'c', orderBy: [{ field: 'a' }, { field: 'b' }] }, config)).toBeNull();
  });

  it('honours a fieldOverride that drops the automatic single-field indexes', () => {
    const config: IndexConfig = {
      ...none,
      fieldOverrides: [{ collectionGroup: 'c', fieldPath: 'keys', indexes: [{ arrayConfig: 'CONTAINS', queryScope: 'COLLECTION' }] }],
    };
    expect(check({ collection: 'c', where: [{ field: 'keys', op: 'array-contains', value: 'x' }] }, config)).toBeNull();
    expect(check({ collection: 'c', orderBy: [{ field: 'keys' }] }, config)).toMatch(/replacing the existing override/);
  });
});

describe('assertIndexed: collection-group scope', () => {
  const override = (order: 'ASCENDING' | 'DESCENDING'): IndexConfig => ({
    ...none,
    fieldOverrides: [{ collectionGroup: 'orders', fieldPath: 'status', indexes: [{ order, queryScope: 'COLLECTION_GROUP' }] }],
  });

  it('lists a collection group unfiltered without any index', () => {
    expect(check({ collectionGroup: 'orders', limit: 5 })).toBeNull();
  });

  it('needs a COLLECTION_GROUP single-field index for a filter or an order', () => {
    expect(check({ collectionGroup: 'orders', where: [{ field: 'status', op: '==', value: 'open' }] })).toMatch(
      /COLLECTION_GROUP single-field index on 'status'[\s\S]*fieldOverrides/,
    );
    expect(check({ collectionGroup: 'orders', where: [{ field: 'status', op: '==', value: 'open' }] }, override('DESCENDING'))).toBeNull();
    expect(check({ collectionGroup: 'orders', orderBy: [{ field: 'status' }] }, override('ASCENDING'))).toBeNull();
    expect(check({ collectionGroup: 'orders', orderBy: [{ field: 'status', direction: 'desc' }] }, override('ASCENDING'))).toMatch(
      /DESCENDING/,
    );
  });
});
