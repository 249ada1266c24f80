import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docStoreContract } from '../test-support/docstore.contract.js';
import { FieldOps, StoreError, type DocChange } from '../docstore.js';
import { LibsqlDocStore } from './libsql.store.js';

const dirs: string[] = [];
function tempDbUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docstore-'));
  dirs.push(dir);
  return pathToFileURL(join(dir, 'store.db')).href;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

docStoreContract('libSQL adapter (temp file)', {
  open: (indexes) => LibsqlDocStore.open({ url: tempDbUrl(), indexes }),
});

describe('LibsqlDocStore', () => {
  let store: LibsqlDocStore;
  let url: string;
  beforeEach(async () => {
    url = tempDbUrl();
    store = await LibsqlDocStore.open({ url, indexes: { indexes: [], fieldOverrides: [] } });
  });
  afterEach(async () => {
    await store.close();
  });

  describe('change events', () => {
    it('reports each committed write with before and after, in commit order', async () => {
      const seen: DocChange[] = [];
      store.onChange((c) => {
        seen.push(c);
      });
      await store.create('c/a', { n: 1, at: new Date('2026-01-01T00:00:00Z') });
      await store.update('c/a', { n: FieldOps.increment(1) });
      await store.delete('c/a');
      await store.delete('c/a');
      expect(seen).toEqual([
        { path: 'c/a', before: null, after: { n: 1, at: new Date('2026-01-01T00:00:00Z') } },
        { path: 'c/a', before: { n: 1, at: new Date('2026-01-01T00:00:00Z') }, after: { n: 2, at: new Date('2026-01-01T00:00:00Z') } },
        { path: 'c/a', before: { n: 2, at: new Date('2026-01-01T00:00:00Z') }, after: null },
      ]);
    });

    it('reports a transaction after it commits, one event per document', async () => {
      await store.create('c/a', { n: 0 });
      const seen: DocChange[] = [];
      store.onChange((c) => {
        seen.push(c);
      });
      await store.runTransaction(async (tx) => {
        await tx.get('c/a');
        tx.update('c/a', { n: 1 });
        tx.update('c/a', { n: 2 });
        tx.set('c/b', { x: true });
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual([
        { path: 'c/a', before: { n: 0 }, after: { n: 2 } },
        { path: 'c/b', before: null, after: { x: true } },
      ]);
    });

    it('reports nothing for a failed transaction or batch', async () => {
      const seen: DocChange[] = [];
      store.onChange((c) => {
        seen.push(c);
      });
      await expect(
        store.runTransaction(async (tx) => {
          tx.set('c/a', { n: 1 });
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      const batch = store.batch();
      batch.set('c/b', { n: 1 });
      batch.update('c/missing', { n: 1 });
      await expect(batch.commit()).rejects.toBeInstanceOf(StoreError);
      expect(seen).toEqual([]);
    });

    it('keeps listeners in commit order under concurrent writes, and stops after unsubscribe', async () => {
      const order: number[] = [];
      const stop = store.onChange((c) => {
        order.push(c.after?.i as number);
      });
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`c/d${i}`, { i })));
      expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
      stop();
      await store.set('c/late', { i: 99 });
      expect(order).toHaveLength(20);
    });

    it('lets a listener write to the store, as a trigger does, and resolves the write after it', async () => {
      store.onChange(async (c) => {
        if (c.path !== 'c/order' || !c.after) return;
        const status = (c.after.paid as number) >= (c.after.total as number) ? 'paid' : 'due';
        // Idempotent like our trigger handlers: write only when the computed value differs.
        if (c.after.status !== status) await store.update('c/order', { status });
      });
      await store.create('c/order', { total: 10, paid: 0 });
      expect((await store.get('c/order'))?.data.status).toBe('due');
      await store.update('c/order', { paid: 10 });
      expect((await store.get('c/order'))?.data.status).toBe('paid');
    });

    it('reports a listener error without failing the committed write', async () => {
      const errors: unknown[] = [];
      const local = await LibsqlDocStore.open({
        url: tempDbUrl(),
        indexes: { indexes: [], fieldOverrides: [] },
        onListenerError: (error) => errors.push(error),
      });
      local.onChange(() => {
        throw new Error('listener broke');
      });
      await local.set('c/a', { n: 1 });
      expect((await local.get('c/a'))?.data).toEqual({ n: 1 });
      expect(errors).toEqual([new Error('listener broke')]);
      await local.close();
    });
  });

  it('refuses a store write inside a transaction callback instead of deadlocking', async () => {
    await expect(
      store.runTransaction(async () => {
        await store.set('c/a', { n: 1 });
      }),
    ).rejects.toMatchObject({ code: 'failed-precondition' });
    expect(await store.get('c/a')).toBeNull();
  });

  describe('index rows, which go to SQLite as JSON unless JSON cannot carry them', () => {
    const indexRows = async (path: string) =>
      Number((await store.client.execute({ sql: 'SELECT count(*) AS n FROM docstore_fields WHERE path = ?', args: [path] })).rows[0]!.n);
    const ids = async (field: string, value: unknown) =>
      (await store.query({ collection: 'c', where: [{ field, op: '==', value }] })).map((d) => d.id);

    it('finds, replaces and removes values with a NUL, a lone surrogate, Greek text and numbers', async () => {
      const nul = 'Ιερός\u0000Ναός';
      const lone = 'Ρολόι \ud800 καμπαναριού';
      await store.create('c/a', { name: nul, note: lone, n: 3, x: -0.5, tags: [nul, 'Άγιος'] });
      await store.create('c/b', { name: 'Ιερός', note: 'Ρολόι', n: 3.25, x: 1e21, tags: ['Άγιος'] });
      expect(await ids('name', nul)).toEqual(['a']);
      expect(await ids('name', 'Ιερός')).toEqual(['b']);
      expect(await ids('note', lone)).toEqual(['a']);
      expect(await ids('n', 3)).toEqual(['a']);
      expect(await ids('x', 1e21)).toEqual(['b']);
      expect((await store.query({ collection: 'c', where: [{ field: 'tags', op: 'array-contains', value: nul }] })).map((d) => d.id)).toEqual(['a']);

      const rowsBefore = await indexRows('c/a');
      await store.update('c/a', { name: 'Νέο όνομα', note: 'απλό', n: 4, tags: ['Άγιος'] });
      expect(await ids('name', nul)).toEqual([]);
      expect(await ids('note', lone)).toEqual([]);
      expect(await ids('n', 3)).toEqual([]);
      expect(await ids('name', 'Νέο όνομα')).toEqual(['a']);
      expect(await indexRows('c/a')).toBe(rowsBefore - 1);

      await store.update('c/a', { name: nul, note: lone });
      expect(await ids('name', nul)).toEqual(['a']);
      await store.delete('c/a');
      expect(await indexRows('c/a')).toBe(0);
      expect(await ids('name', nul)).toEqual([]);
    });

    it('writes a batch of a thousand documents (several JSON chunks) in one commit, each findable, and deletes them all', async () => {
      const batch = store.batch();
      for (let i = 0; i < 1000; i++) batch.set(`c/d${i}`, { name: `Ενορία ${i}`, n: i, tags: [`t${i % 7}`, 'όλοι'] });
      await batch.commit();
      expect(await store.count({ collection: 'c', where: [{ field: 'tags', op: 'array-contains', value: 'όλοι' }] })).toBe(1000);
      expect(await ids('name', 'Ενορία 999')).toEqual(['d999']);
      expect(await ids('n', 500)).toEqual(['d500']);
      const removal = store.batch();
      for (let i = 0; i < 1000; i++) removal.delete(`c/d${i}`);
      await removal.commit();
      expect(Number((await store.client.execute('SELECT count(*) AS n FROM docstore_fields')).rows[0]!.n)).toBe(0);
      expect(Number((await store.client.execute('SELECT count(*) AS n FROM docstore_docs')).rows[0]!.n)).toBe(0);
    });
  });

  describe('page queries over many documents', () => {
    // Enough documents that a common filter is cheaper to check while scanning the order,
    // and a rare one cheaper to start from: both ways must give Firestore's answer.
    const indexes = {
      indexes: [
        { collectionGroup: 'items', queryScope: 'COLLECTION' as const, fields: [{ fieldPath: 'status', order: 'ASCENDING' as const }, { fieldPath: 'name', order: 'ASCENDING' as const }] },
        { collectionGroup: 'items', queryScope: 'COLLECTION' as const, fields: [{ fieldPath: 'tags', arrayConfig: 'CONTAINS' as const }, { fieldPath: 'name', order: 'DESCENDING' as const }] },
      ],
      fieldOverrides: [],
    };
    const items = Array.from({ length: 400 }, (_, i) => ({
      id: `i${String(i).padStart(3, '0')}`,
      name: `name ${(i * 7) % 50}`,
      status: i % 2 === 0 ? 'open' : 'closed',
      tags: i % 100 === 0 ? ['rare'] : ['common'],
    }));

    it('pages a common and a rare filter in Firestore order', async () => {
      const local = await LibsqlDocStore.open({ url: tempDbUrl(), indexes });
      const batch = local.batch();
      for (const { id, ...data } of items) batch.set(`items/${id}`, data);
      await batch.commit();
      const byName = (dir: 1 | -1) => (a: (typeof items)[number], b: (typeof items)[number]) =>
        a.name === b.name ? dir * (a.id < b.id ? -1 : 1) : dir * (a.name < b.name ? -1 : 1);

      const open = items.filter((i) => i.status === 'open').sort(byName(1)).map((i) => i.id);
      const openQuery = { collection: 'items', where: [{ field: 'status', op: '==' as const, value: 'open' }], orderBy: [{ field: 'name' }] };
      const paged: string[] = [];
      for (let cursor = undefined as undefined | { values: unknown[]; path: string }; ; ) {
        const page = await local.query({ ...openQuery, limit: 7, startAfter: cursor });
        paged.push(...page.map((d) => d.id));
        if (page.length < 7) break;
        cursor = { values: [page[6]!.data.name], path: page[6]!.path };
      }
      expect(paged).toEqual(open);
      expect(await local.count(openQuery)).toBe(200);

      const rare = items.filter((i) => i.tags.includes('rare')).sort(byName(-1)).map((i) => i.id);
      const rareDocs = await local.query({
        collection: 'items',
        where: [{ field: 'tags', op: 'array-contains', value: 'rare' }],
        orderBy: [{ field: 'name', direction: 'desc' }],
        limit: 3,
      });
      expect(rareDocs.map((d) => d.id)).toEqual(rare.slice(0, 3));
      expect((await local.getAll(items.map((i) => `items/${i.id}`))).every((d) => d !== null)).toBe(true);
      await local.close();
    });
  });

  describe('when another connection holds the write lock', () => {
    // A second client stands in for another process (a migration script) on the same file.
    const lockFile = async (local: LibsqlDocStore) => {
      const other = createClient({ url, timeout: 10 });
      const tx = await other.transaction('write');
      await tx.execute({ sql: 'INSERT INTO notes_lock (n) VALUES (1)', args: [] });
      return {
        release: async () => {
          await tx.commit();
          other.close();
        },
        abandon: () => {
          tx.close();
          other.close();
        },
        local,
      };
    };

    it('retries a write until the lock is released', async () => {
      await store.client.execute('CREATE TABLE notes_lock (n INTEGER)');
      const local = await LibsqlDocStore.open({ url, indexes: { indexes: [], fieldOverrides: [] }, busyTimeoutMs: 10 });
      const lock = await lockFile(local);
      setTimeout(() => void lock.release(), 50);
      await local.set('c/a', { n: 1 });
      expect((await store.get('c/a'))?.data).toEqual({ n: 1 });
      await local.close();
    });

    it('gives up with aborted when the lock is never released, writing nothing', async () => {
      await store.client.execute('CREATE TABLE notes_lock (n INTEGER)');
      const local = await LibsqlDocStore.open({ url, indexes: { indexes: [], fieldOverrides: [] }, busyTimeoutMs: 10 });
      const lock = await lockFile(local);
      await expect(local.set('c/a', { n: 1 })).rejects.toMatchObject({ code: 'aborted' });
      lock.abandon();
      expect(await store.get('c/a')).toBeNull();
      await local.close();
    });
  });

  it('holds store writes back while withWriteLock runs', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = store.withWriteLock(async () => {
      order.push('lock');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('unlock');
    });
    const write = store.set('c/a', { n: 1 }).then(() => order.push('write'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual(['lock']);
    release();
    await Promise.all([held, write]);
    expect(order).toEqual(['lock', 'unlock', 'write']);
  });

  it('refuses an in-memory database, whose single connection reads cannot share', async () => {
    await expect(LibsqlDocStore.open({ url: 'file::memory:', indexes: { indexes: [], fieldOverrides: [] } })).rejects.toThrow(
      /needs a database file/,
    );
  });

  it('keeps every record across close and reopen', async () => {
    await store.set('c/a', { n: 1, tags: ['x'] });
    await store.close();
    store = await LibsqlDocStore.open({ url, indexes: { indexes: [], fieldOverrides: [] } });
    expect((await store.get('c/a'))?.data).toEqual({ n: 1, tags: ['x'] });
    expect((await store.query({ collection: 'c', where: [{ field: 'tags', op: 'array-contains', value: 'x' }] })).length).toBe(1);
  });

  it('shares its database with other tables through client', async () => {
    await store.client.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    await store.client.execute({ sql: 'INSERT INTO notes (body) VALUES (?)', args: ['hello'] });
    await store.set('c/a', { n: 1 });
    const rs = await store.client.execute('SELECT body FROM notes');
    expect(rs.rows[0]?.body).toBe('hello');
  });

  it('serialises with another process writing the same file', async () => {
    await store.create('c/counter', { n: 0 });
    const here = dirname(fileURLToPath(import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'concurrent-writer.fixture.ts'), url, 'c/counter', '40'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await Promise.all(
      Array.from({ length: 40 }, () =>
        store.runTransaction(async (tx) => {
          const doc = await tx.get('c/counter');
          tx.update('c/counter', { n: (doc!.data.n as number) + 1 });
        }),
      ),
    );
    expect(await exited, stderr).toBe(0);
    expect((await store.get('c/counter'))?.data.n).toBe(80);
  });
});
