/**
 * The DocStore contract: Firestore's semantics as every adapter must show them through the
 * port. `*.test.ts` files call `docStoreContract` with a factory for their adapter; a target
 * that cannot run a case (a known gap of a test double) names it in `skip` with the reason.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorAfter, FieldOps, StoreError, type Doc, type DocStore, type Query } from '../docstore.js';
import type { IndexConfig } from '../indexes.js';

export interface ContractTarget {
  /** Opens the store under test with these declared indexes. */
  open(indexes: IndexConfig): Promise<DocStore>;
  /** Cases this target cannot run, by name, with the reason (printed with the skip). */
  skip?: Record<string, string>;
}

/** Collection ids the index cases use; every run nests them under its own parent. */
const INDEXED = 'contract_indexed';
const GROUP = 'contract_group_items';

export const contractIndexes: IndexConfig = {
  indexes: [
    {
      collectionGroup: INDEXED,
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'status', order: 'ASCENDING' },
        { fieldPath: 'name', order: 'ASCENDING' },
      ],
    },
    {
      collectionGroup: INDEXED,
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'tags', arrayConfig: 'CONTAINS' },
        { fieldPath: 'name', order: 'ASCENDING' },
      ],
    },
    {
      collectionGroup: INDEXED,
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'rank', order: 'ASCENDING' },
        { fieldPath: 'name', order: 'DESCENDING' },
      ],
    },
  ],
  fieldOverrides: [
    {
      collectionGroup: GROUP,
      fieldPath: 'status',
      indexes: [
        { order: 'ASCENDING', queryScope: 'COLLECTION' },
        { order: 'DESCENDING', queryScope: 'COLLECTION' },
        { arrayConfig: 'CONTAINS', queryScope: 'COLLECTION' },
        { order: 'ASCENDING', queryScope: 'COLLECTION_GROUP' },
      ],
    },
  ],
};

function ids(docs: Doc[]): string[] {
  return docs.map((d) => d.id);
}

async function expectStoreError(promise: Promise<unknown>, code: StoreError['code'], message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected StoreError '${code}'`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  if (message) expect((error as StoreError).message).toMatch(message);
}

export function docStoreContract(name: string, target: ContractTarget): void {
  describe(`DocStore contract: ${name}`, () => {
    let store: DocStore;
    // Each case writes under its own root collection, so cases never see each other's data.
    const run = randomBytes(4).toString('hex');
    let counter = 0;
    const fresh = () => `c${run}_${++counter}`;

    beforeAll(async () => {
      store = await target.open(contractIndexes);
    });
    afterAll(async () => {
      await store?.close();
    });

    const skips = target.skip ?? {};
    const known = new Set<string>();
    const test = (caseName: string, fn: () => Promise<void>) => {
      known.add(caseName);
      const reason = skips[caseName];
      if (reason) it.skip(`${caseName} — skipped: ${reason}`, fn);
      else it(caseName, fn);
    };

    describe('documents', () => {
      test('get returns null for a missing document', async () => {
        expect(await store.get(`${fresh()}/nope`)).toBeNull();
      });

      test('create then get returns id, path and data', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { name: 'Ναός Αγίου Νικολάου', n: 1, flag: true, none: null, nested: { list: [1, 'x'] } });
        expect(await store.get(path)).toEqual({
          id: 'a',
          path,
          data: { name: 'Ναός Αγίου Νικολάου', n: 1, flag: true, none: null, nested: { list: [1, 'x'] } },
        });
      });

      test('create fails with already-exists on an existing document and changes nothing', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { v: 1 });
        await expectStoreError(store.create(path, { v: 2 }), 'already-exists');
        expect((await store.get(path))?.data).toEqual({ v: 1 });
      });

      test('set replaces the whole document', async () => {
        const path = `${fresh()}/a`;
        await store.set(path, { a: 1, b: { c: 2 } });
        await store.set(path, { b: { d: 3 } });
        expect((await store.get(path))?.data).toEqual({ b: { d: 3 } });
      });

      test('set with merge deep-merges maps and creates a missing document', async () => {
        const path = `${fresh()}/a`;
        await store.set(path, { a: 1, m: { x: 1, deep: { k: 1 } } }, { merge: true });
        await store.set(path, { b: 2, m: { y: 2, deep: { j: 2 } }, list: [1] }, { merge: true });
        expect((await store.get(path))?.data).toEqual({ a: 1, b: 2, m: { x: 1, y: 2, deep: { k: 1, j: 2 } }, list: [1] });
      });

      test('update fails with not-found on a missing document', async () => {
        const path = `${fresh()}/a`;
        await expectStoreError(store.update(path, { a: 1 }), 'not-found');
        expect(await store.get(path)).toBeNull();
      });

      test('update sets dotted field paths inside maps and replaces maps given whole', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { keep: 1, m: { x: 1, y: 1 }, r: { x: 1, y: 1 } });
        await store.update(path, { 'm.y': 2, 'm.z.deep': 3, r: { only: true } });
        expect((await store.get(path))?.data).toEqual({ keep: 1, m: { x: 1, y: 2, z: { deep: 3 } }, r: { only: true } });
      });

      test('delete removes a document; deleting a missing one succeeds', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { a: 1 });
        await store.delete(path);
        expect(await store.get(path)).toBeNull();
        await store.delete(path);
      });

      test('subcollection documents outlive their deleted parent', async () => {
        const parent = `${fresh()}/p`;
        await store.create(parent, { a: 1 });
        await store.create(`${parent}/orders/o1`, { total: 5 });
        await store.delete(parent);
        expect(await store.get(parent)).toBeNull();
        expect((await store.get(`${parent}/orders/o1`))?.data).toEqual({ total: 5 });
        expect(ids(await store.query({ collection: `${parent}/orders` }))).toEqual(['o1']);
      });

      test('getAll returns documents in the order asked, null for missing ones', async () => {
        const col = fresh();
        await store.create(`${col}/a`, { v: 'a' });
        await store.create(`${col}/b`, { v: 'b' });
        const docs = await store.getAll([`${col}/b`, `${col}/missing`, `${col}/a`]);
        expect(docs.map((d) => d?.data.v ?? null)).toEqual(['b', null, 'a']);
      });

      test('invalid values and paths are refused with invalid-argument', async () => {
        const col = fresh();
        await expectStoreError(store.set(`${col}/a`, { a: undefined }), 'invalid-argument', /a/);
        await expectStoreError(store.set(`${col}/a`, { list: [[1]] }), 'invalid-argument');
        await expectStoreError(store.set(col, { a: 1 }), 'invalid-argument');
        expect(await store.get(`${col}/a`)).toBeNull();
      });

      test('newId gives distinct 20-character alphanumeric ids', async () => {
        const seen = new Set(Array.from({ length: 200 }, () => store.newId()));
        expect(seen.size).toBe(200);
        for (const id of seen) expect(id).toMatch(/^[A-Za-z0-9]{20}$/);
      });

      test('ping answers true', async () => {
        expect(await store.ping()).toBe(true);
      });
    });

    describe('dates', () => {
      test('Dates round-trip as Dates, nested and in arrays', async () => {
        const path = `${fresh()}/a`;
        const at = new Date('2026-01-02T03:04:05.678Z');
        await store.create(path, { at, m: { at }, list: [at] });
        const data = (await store.get(path))!.data as { at: Date; m: { at: Date }; list: Date[] };
        expect(data.at).toBeInstanceOf(Date);
        expect(data.at.toISOString()).toBe(at.toISOString());
        expect(data.m.at.getTime()).toBe(at.getTime());
        expect(data.list[0]!.getTime()).toBe(at.getTime());
      });

      test('ISO date-time strings, strict and legacy, read back as Dates', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, {
          strict: '2026-01-02T03:04:05.000Z',
          python: '2024-03-01T10:00:00.123456',
          offset: '2024-03-01T12:00:00+02:00',
          plain: 'not a date',
          day: '2024-03-01',
        });
        const data = (await store.get(path))!.data;
        expect(data.strict).toEqual(new Date('2026-01-02T03:04:05.000Z'));
        expect(data.python).toEqual(new Date('2024-03-01T10:00:00.123Z'));
        expect(data.offset).toEqual(new Date('2024-03-01T10:00:00.000Z'));
        expect(data.plain).toBe('not a date');
        expect(data.day).toBe('2024-03-01');
      });

      test('ISO date-time strings compare as timestamps, in data and in query values', async () => {
        const col = fresh();
        await store.create(`${col}/text`, { at: '2025-06-01T00:00:00.000Z' });
        await store.create(`${col}/date`, { at: new Date('2025-07-01T00:00:00Z') });
        const after = (value: unknown) =>
          store.query({ collection: col, where: [{ field: 'at', op: '>', value }], orderBy: [{ field: 'at' }] }).then(ids);
        expect(await after(new Date('2025-01-01T00:00:00Z'))).toEqual(['text', 'date']);
        expect(await after('2025-06-15T00:00:00Z')).toEqual(['date']);
      });

      test('Date range queries order by instant', async () => {
        const col = fresh();
        await store.create(`${col}/old`, { at: new Date('2024-01-01T00:00:00Z') });
        await store.create(`${col}/mid`, { at: new Date('2025-01-01T00:00:00Z') });
        await store.create(`${col}/new`, { at: new Date('2026-01-01T00:00:00Z') });
        const docs = await store.query({
          collection: col,
          where: [{ field: 'at', op: '>=', value: new Date('2024-06-01T00:00:00Z') }],
          orderBy: [{ field: 'at', direction: 'desc' }],
        });
        expect(ids(docs)).toEqual(['new', 'mid']);
      });
    });

    describe('transforms', () => {
      test('serverTimestamp writes the commit time as a Date', async () => {
        const path = `${fresh()}/a`;
        const before = Date.now();
        await store.create(path, { at: FieldOps.serverTimestamp() });
        const at = (await store.get(path))!.data.at as Date;
        expect(at).toBeInstanceOf(Date);
        expect(at.getTime()).toBeGreaterThanOrEqual(before - 5_000);
        expect(at.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
      });

      test('increment adds to a number and starts a missing field', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { n: 5 });
        await store.update(path, { n: FieldOps.increment(2) });
        await store.update(path, { k: FieldOps.increment(-1.5) });
        expect((await store.get(path))?.data).toEqual({ n: 7, k: -1.5 });
      });

      test('transforms apply to nested field paths', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { m: { n: 1 } });
        await store.update(path, { 'm.n': FieldOps.increment(1) });
        await store.update(path, { 'm.k': FieldOps.increment(-1.5) });
        expect((await store.get(path))?.data).toEqual({ m: { n: 2, k: -1.5 } });
      });

      test('arrayUnion adds missing elements; arrayRemove removes every equal one', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { tags: ['a', 'b', 'a'], objs: [{ k: 1 }, { k: 2 }] });
        await store.update(path, { tags: FieldOps.arrayUnion('b', 'c') });
        await store.update(path, { objs: FieldOps.arrayRemove({ k: 1 }) });
        await store.update(path, { tags: FieldOps.arrayRemove('a') });
        expect((await store.get(path))?.data).toEqual({ tags: ['b', 'c'], objs: [{ k: 2 }] });
      });

      test('delete removes a field in update (dotted) and in set with merge', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { a: 1, b: 2, m: { x: 1, y: 2 } });
        await store.update(path, { a: FieldOps.delete(), 'm.x': FieldOps.delete() });
        await store.set(path, { b: FieldOps.delete(), m: { y: FieldOps.delete(), z: 3 } }, { merge: true });
        expect((await store.get(path))?.data).toEqual({ m: { z: 3 } });
      });

      test('delete is refused in create and in set without merge', async () => {
        const col = fresh();
        await expectStoreError(store.create(`${col}/a`, { a: FieldOps.delete() }), 'invalid-argument');
        await expectStoreError(store.set(`${col}/a`, { a: FieldOps.delete() }), 'invalid-argument');
      });

      test('several transforms in one write', async () => {
        const path = `${fresh()}/a`;
        await store.create(path, { n: 1, tags: ['a'], gone: true });
        await store.update(path, {
          n: FieldOps.increment(1),
          tags: FieldOps.arrayUnion('b'),
          at: FieldOps.serverTimestamp(),
          gone: FieldOps.delete(),
        });
        const data = (await store.get(path))!.data;
        expect(data.n).toBe(2);
        expect(data.tags).toEqual(['a', 'b']);
        expect(data.at).toBeInstanceOf(Date);
        expect(data).not.toHaveProperty('gone');
      });
    });

    describe('queries', () => {
      let col: string;
      beforeAll(async () => {
        col = fresh();
        const docs: Record<string, Record<string, unknown>> = {
          a: { n: 1, s: 'x', tags: ['red', 'blue'], m: { k: 1 } },
          b: { n: 2, s: 'y', tags: ['blue'], m: { k: 2 } },
          c: { n: 3, s: 'x', tags: [], m: { k: 2 } },
          d: { n: '3', s: null, tags: ['green'] },
          e: { n: null, s: 'z' },
          f: { s: 'x' },
          g: { n: 2.5, s: 'y', tags: ['red'] },
        };
        const batch = store.batch();
        for (const [id, data] of Object.entries(docs)) batch.set(`${col}/${id}`, data);
        await batch.commit();
      });
      const q = (extra: Omit<Query, 'collection'>) => store.query({ collection: col, ...extra }).then(ids);

      test('no filter returns every document ordered by id', async () => {
        expect(await q({})).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      });

      test('== compares by type: a number never equals a string', async () => {
        expect(await q({ where: [{ field: 'n', op: '==', value: 3 }] })).toEqual(['c']);
        expect(await q({ where: [{ field: 'n', op: '==', value: '3' }] })).toEqual(['d']);
      });

      test('== null matches fields holding null only', async () => {
        expect(await q({ where: [{ field: 'n', op: '==', value: null }] })).toEqual(['e']);
      });

      test('filters reach nested fields by dotted path', async () => {
        expect(await q({ where: [{ field: 'm.k', op: '==', value: 2 }] })).toEqual(['b', 'c']);
      });

      test('range filters match only values of the same type and exclude missing fields', async () => {
        expect(await q({ where: [{ field: 'n', op: '>', value: 1 }] })).toEqual(['b', 'g', 'c']);
        expect(await q({ where: [{ field: 'n', op: '<=', value: 2 }] })).toEqual(['a', 'b']);
        expect(await q({ where: [{ field: 'n', op: '>=', value: '' }] })).toEqual(['d']);
        expect(await q({ where: [{ field: 'n', op: '>', value: 1 }, { field: 'n', op: '<', value: 3 }] })).toEqual(['b', 'g']);
      });

      test('!= and not-in exclude null and missing fields', async () => {
        expect(await q({ where: [{ field: 'n', op: '!=', value: 2 }] })).toEqual(['a', 'g', 'c', 'd']);
        expect(await q({ where: [{ field: 'n', op: 'not-in', value: [1, 2] }] })).toEqual(['g', 'c', 'd']);
        expect(await q({ where: [{ field: 's', op: '!=', value: null }] })).toEqual(['a', 'c', 'f', 'b', 'g', 'e']);
      });

      test('in matches any listed value', async () => {
        expect(await q({ where: [{ field: 'n', op: 'in', value: [1, '3', 99] }] })).toEqual(['a', 'd']);
      });

      test('array-contains and array-contains-any', async () => {
        expect(await q({ where: [{ field: 'tags', op: 'array-contains', value: 'red' }] })).toEqual(['a', 'g']);
        expect(await q({ where: [{ field: 'tags', op: 'array-contains-any', value: ['green', 'blue'] }] })).toEqual(['a', 'b', 'd']);
      });

      test('equality filters on several fields need no composite index', async () => {
        expect(
          await q({ where: [{ field: 's', op: '==', value: 'x' }, { field: 'tags', op: 'array-contains', value: 'red' }] }),
        ).toEqual(['a']);
      });

      test('orderBy excludes documents missing the field and orders across types', async () => {
        expect(await q({ orderBy: [{ field: 'n' }] })).toEqual(['e', 'a', 'b', 'g', 'c', 'd']);
        expect(await q({ orderBy: [{ field: 'n', direction: 'desc' }], limit: 3 })).toEqual(['d', 'c', 'g']);
      });

      test('limit caps the results', async () => {
        expect(await q({ limit: 2 })).toEqual(['a', 'b']);
      });

      test('count counts matches, up to the limit', async () => {
        expect(await store.count({ collection: col })).toBe(7);
        expect(await store.count({ collection: col, where: [{ field: 's', op: '==', value: 'x' }] })).toBe(3);
        expect(await store.count({ collection: col, limit: 2 })).toBe(2);
        expect(await store.count({ collection: `${col}_empty` })).toBe(0);
      });

      test('invalid queries are refused with invalid-argument', async () => {
        await expectStoreError(store.query({ collection: col, where: [{ field: 'n', op: 'in', value: [] }] }), 'invalid-argument');
        await expectStoreError(store.query({ collection: col, limit: 0 }), 'invalid-argument');
        await expectStoreError(store.query({ collection: `${col}/a` }), 'invalid-argument');
      });
    });

    describe('ordering and cursors', () => {
      let col: string;
      beforeAll(async () => {
        col = `${fresh()}/p/${INDEXED}`;
        const batch = store.batch();
        // Ties on rank so only the path keeps pages from repeating or skipping documents.
        for (let i = 0; i < 12; i++) {
          batch.set(`${col}/d${String(i).padStart(2, '0')}`, {
            name: `n${i % 5}`,
            rank: i % 3,
            status: i % 2 === 0 ? 'even' : 'odd',
            tags: i % 4 === 0 ? ['four'] : ['other'],
          });
        }
        await batch.commit();
      });

      test('orderBy several fields, ascending and descending', async () => {
        const docs = await store.query({ collection: col, orderBy: [{ field: 'rank' }, { field: 'name', direction: 'desc' }] });
        const keys = docs.map((d) => `${d.data.rank}:${d.data.name}`);
        expect(keys).toEqual([...keys].sort((x, y) => (x[0] === y[0] ? (x < y ? 1 : -1) : x < y ? -1 : 1)));
        expect(docs).toHaveLength(12);
      });

      const pageThrough = async (query: Query, size: number) => {
        const seen: string[] = [];
        let cursor = undefined as Query['startAfter'];
        for (;;) {
          const page = await store.query({ ...query, limit: size, startAfter: cursor });
          seen.push(...ids(page));
          if (page.length < size) return seen;
          if (seen.length > 100) throw new Error(`paging never ends: ${seen.slice(0, 20).join(', ')}…`);
          cursor = cursorAfter(page[page.length - 1]!, query.orderBy);
        }
      };

      test('startAfter pages through ties without repeating or skipping', async () => {
        const all = ids(await store.query({ collection: col, orderBy: [{ field: 'rank' }] }));
        expect(all).toHaveLength(12);
        expect(await pageThrough({ collection: col, orderBy: [{ field: 'rank' }] }, 5)).toEqual(all);
      });

      test('startAfter pages a descending order', async () => {
        const query: Query = { collection: col, orderBy: [{ field: 'rank', direction: 'desc' }] };
        const all = ids(await store.query(query));
        expect(all[0]).toBe('d11');
        expect(await pageThrough(query, 4)).toEqual(all);
      });

      test('startAfter with no orderBy pages by document path', async () => {
        expect(await pageThrough({ collection: col }, 5)).toEqual(ids(await store.query({ collection: col })));
      });

      const evenByName: Query = { where: [{ field: 'status', op: '==', value: 'even' }], orderBy: [{ field: 'name' }] };

      test('startAfter pages an equality plus orderBy query', async () => {
        const query = { collection: col, ...evenByName };
        expect(await pageThrough(query, 4)).toEqual(ids(await store.query(query)));
      });

      test('a declared composite index serves equality plus orderBy', async () => {
        const docs = await store.query({ collection: col, ...evenByName });
        expect(docs.map((d) => d.data.name)).toEqual(['n0', 'n0', 'n1', 'n2', 'n3', 'n4']);
        const tagged = await store.query({
          collection: col,
          where: [{ field: 'tags', op: 'array-contains', value: 'four' }],
          orderBy: [{ field: 'name' }],
          limit: 2,
        });
        expect(tagged.map((d) => d.data.name)).toEqual(['n0', 'n3']);
      });

      test('a query needing an undeclared composite index is refused naming firestore.indexes.json', async () => {
        await expectStoreError(
          store.query({ collection: col, where: [{ field: 'status', op: '==', value: 'even' }], orderBy: [{ field: 'rank' }] }),
          'failed-precondition',
          /requires an index[\s\S]*firestore\.indexes\.json[\s\S]*"fieldPath":"status"[\s\S]*"fieldPath":"rank"/,
        );
        await expectStoreError(
          store.query({ collection: col, orderBy: [{ field: 'name' }, { field: 'rank' }] }),
          'failed-precondition',
          /requires an index/,
        );
        await expectStoreError(
          store.count({ collection: col, where: [{ field: 'tags', op: 'array-contains', value: 'four' }, { field: 'rank', op: '>', value: 0 }] }),
          'failed-precondition',
          /requires an index/,
        );
      });

      test('one ordered field alone needs no composite index', async () => {
        const docs = await store.query({
          collection: col,
          where: [{ field: 'rank', op: '>', value: 0 }],
          orderBy: [{ field: 'rank', direction: 'desc' }],
        });
        expect(docs.map((d) => d.data.rank)).toEqual([2, 2, 2, 2, 1, 1, 1, 1]);
      });
    });

    describe('collection groups', () => {
      let parentCol: string;
      beforeAll(async () => {
        parentCol = fresh();
        const batch = store.batch();
        batch.set(`${parentCol}/p1/${GROUP}/x`, { status: 'open', run });
        batch.set(`${parentCol}/p1/${GROUP}/y`, { status: 'done', run });
        batch.set(`${parentCol}/p2/${GROUP}/x`, { status: 'open', run });
        batch.set(`${parentCol}/p2/other/z`, { status: 'open', run });
        await batch.commit();
      });

      test('a collection-group query finds documents under every parent', async () => {
        const docs = await store.query({
          collectionGroup: GROUP,
          where: [{ field: 'status', op: '==', value: 'open' }],
        });
        const mine = docs.filter((d) => d.data.run === run).map((d) => d.path);
        expect(mine).toEqual([`${parentCol}/p1/${GROUP}/x`, `${parentCol}/p2/${GROUP}/x`]);
      });

      test('a collection-group query pages by full path', async () => {
        const query: Query = { collectionGroup: GROUP, where: [{ field: 'status', op: '==', value: 'open' }], limit: 1 };
        const first = await store.query(query);
        const second = await store.query({ ...query, startAfter: cursorAfter(first[0]!) });
        expect(second[0]!.path > first[0]!.path).toBe(true);
      });

      test('a collection-group query needs a declared collection-group index', async () => {
        await expectStoreError(
          store.query({ collectionGroup: GROUP, where: [{ field: 'run', op: '==', value: run }] }),
          'failed-precondition',
          /requires an index[\s\S]*fieldOverrides[\s\S]*COLLECTION_GROUP/,
        );
      });
    });

    describe('transactions and batches', () => {
      test('a transaction reads then writes atomically and returns its result', async () => {
        const col = fresh();
        await store.create(`${col}/from`, { balance: 10 });
        await store.create(`${col}/to`, { balance: 0 });
        const moved = await store.runTransaction(async (tx) => {
          const [from, to] = await tx.getAll([`${col}/from`, `${col}/to`]);
          tx.update(`${col}/from`, { balance: (from!.data.balance as number) - 4 });
          tx.update(`${col}/to`, { balance: (to!.data.balance as number) + 4 });
          return 4;
        });
        expect(moved).toBe(4);
        const [from, to] = await store.getAll([`${col}/from`, `${col}/to`]);
        expect([from?.data.balance, to?.data.balance]).toEqual([6, 4]);
      });

      test('a transaction can query', async () => {
        const col = fresh();
        await store.create(`${col}/a`, { open: true });
        await store.create(`${col}/b`, { open: false });
        await store.runTransaction(async (tx) => {
          const open = await tx.query({ collection: col, where: [{ field: 'open', op: '==', value: true }] });
          for (const doc of open) tx.update(doc.path, { open: false, closed_by_tx: true });
        });
        expect((await store.get(`${col}/a`))?.data).toEqual({ open: false, closed_by_tx: true });
      });

      test('a transaction refuses reads after writes', async () => {
        const col = fresh();
        await expect(
          store.runTransaction(async (tx) => {
            tx.set(`${col}/a`, { a: 1 });
            await tx.get(`${col}/b`);
          }),
        ).rejects.toThrow(/reads/);
        expect(await store.get(`${col}/a`)).toBeNull();
      });

      test('a transaction whose callback throws writes nothing', async () => {
        const col = fresh();
        await store.create(`${col}/exists`, { v: 1 });
        await expect(
          store.runTransaction(async (tx) => {
            tx.set(`${col}/new`, { v: 1 });
            tx.update(`${col}/exists`, { v: 2 });
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await store.get(`${col}/new`)).toBeNull();
        expect((await store.get(`${col}/exists`))?.data).toEqual({ v: 1 });
      });

      test('a transaction whose commit fails writes nothing', async () => {
        const col = fresh();
        await store.create(`${col}/exists`, { v: 1 });
        await expectStoreError(
          store.runTransaction(async (tx) => {
            tx.set(`${col}/new`, { v: 1 });
            tx.create(`${col}/exists`, { v: 3 });
          }),
          'already-exists',
        );
        expect(await store.get(`${col}/new`)).toBeNull();
        expect((await store.get(`${col}/exists`))?.data).toEqual({ v: 1 });
      });

      test('50 concurrent transactional increments end at exactly 50', async () => {
        const path = `${fresh()}/counter`;
        await store.create(path, { n: 0 });
        await Promise.all(
          Array.from({ length: 50 }, () =>
            store.runTransaction(async (tx) => {
              const doc = await tx.get(path);
              tx.update(path, { n: (doc!.data.n as number) + 1 });
            }),
          ),
        );
        expect((await store.get(path))?.data.n).toBe(50);
      });

      test('a batch commits every write', async () => {
        const col = fresh();
        await store.create(`${col}/old`, { v: 1 });
        const ok = store.batch();
        ok.set(`${col}/a`, { v: 1 });
        ok.update(`${col}/old`, { v: 2 });
        ok.delete(`${col}/gone`);
        await ok.commit();
        expect((await store.get(`${col}/a`))?.data).toEqual({ v: 1 });
        expect((await store.get(`${col}/old`))?.data).toEqual({ v: 2 });
        await expectStoreError(ok.commit(), 'failed-precondition');
      });

      test('a batch with a failing write writes nothing', async () => {
        const col = fresh();
        const bad = store.batch();
        bad.set(`${col}/b`, { v: 1 });
        bad.update(`${col}/missing`, { v: 1 });
        await expectStoreError(bad.commit(), 'not-found');
        expect(await store.get(`${col}/b`)).toBeNull();
      });
    });

    // A skip naming a case that does not exist would hide nothing and mislead the reader.
    it('every skipped case names a case of the contract', () => {
      expect(Object.keys(skips).filter((s) => !known.has(s))).toEqual([]);
    });
  });
}
