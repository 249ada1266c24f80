/**
 * DocStore latency of the libSQL adapter against the same operations written as raw
 * @libsql/client SQL over plain tables, measured in one run on one database file: get by id,
 * the CRM's customer search (array-contains on search_keys, 5,000 customers), list pages
 * (orderBy name, alone and with an equality filter), count, and a read-modify-write transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@libsql/client';
import type { Query } from '../../functions/src/store/docstore.js';
import type { IndexConfig } from '../../functions/src/store/indexes.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import type { Bench } from './run.js';
import { fmt, line, percentile, sample } from './stats.js';

const CUSTOMERS = 5000;
const RUNS = 300;
const STATUSES = ['lead', 'prospect', 'active', 'inactive', 'churned'];
const TAGS = ['parish', 'municipality', 'dealer', 'school', 'monastery', 'vip', 'export', 'greece', 'cyprus', 'service'];

const indexes: IndexConfig = {
  indexes: [
    { collectionGroup: 'crm_customers', queryScope: 'COLLECTION', fields: [{ fieldPath: 'search_keys', arrayConfig: 'CONTAINS' }, { fieldPath: 'name_sort', order: 'ASCENDING' }] },
    { collectionGroup: 'crm_customers', queryScope: 'COLLECTION', fields: [{ fieldPath: 'relationship_status', order: 'ASCENDING' }, { fieldPath: 'name_sort', order: 'ASCENDING' }] },
    { collectionGroup: 'crm_customers', queryScope: 'COLLECTION', fields: [{ fieldPath: 'tags', arrayConfig: 'CONTAINS' }, { fieldPath: 'name_sort', order: 'ASCENDING' }] },
  ],
  fieldOverrides: [],
};

/** A deterministic pseudo-random sequence, so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function customer(i: number, random: () => number) {
  const words = Array.from({ length: 3 }, () => Math.floor(random() * 36 ** 4).toString(36));
  const name = `${words.join(' ')} ${i}`;
  // Prefixes of every word, as the customers service builds them: ~30 keys per customer.
  const keys = new Set<string>();
  for (const word of [...words, String(i), `30210${String(i).padStart(5, '0')}`]) {
    for (let n = 2; n <= word.length; n++) keys.add(word.slice(0, n));
  }
  const tags = TAGS.filter(() => random() < 0.15);
  return {
    name,
    name_sort: name,
    relationship_status: STATUSES[Math.floor(random() * STATUSES.length)]!,
    tags,
    search_keys: [...keys],
    contacts: [{ id: `c${i}`, type: 'phone', value: `+30210${String(i).padStart(5, '0')}`, primary: true }],
    notes: [{ id: `n${i}`, text: 'Ετήσια συντήρηση καμπαναριού', by: 'demo', at: new Date(Date.UTC(2025, 0, 1 + (i % 300))) }],
    created_at: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
    updated_at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000),
    counter: 0,
  };
}

type Customer = ReturnType<typeof customer>;

async function seedRaw(client: Client, docs: Customer[]): Promise<void> {
  await client.batch(
    [
      'CREATE TABLE raw_customers (id TEXT PRIMARY KEY, name_sort TEXT NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL)',
      'CREATE INDEX raw_customers_name ON raw_customers (name_sort, id)',
      'CREATE INDEX raw_customers_status ON raw_customers (status, name_sort, id)',
      'CREATE TABLE raw_keys (key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID',
    ],
    'write',
  );
  for (let start = 0; start < docs.length; start += 500) {
    const tx = await client.transaction('write');
    for (let i = start; i < Math.min(docs.length, start + 500); i++) {
      const doc = docs[i]!;
      const id = `cust${i}`;
      await tx.execute({
        sql: 'INSERT INTO raw_customers (id, name_sort, status, data) VALUES (?, ?, ?, ?)',
        args: [id, doc.name_sort, doc.relationship_status, JSON.stringify(doc)],
      });
      await tx.execute({
        sql: `INSERT INTO raw_keys (key, id) VALUES ${doc.search_keys.map(() => '(?, ?)').join(', ')}`,
        args: doc.search_keys.flatMap((k) => [k, id]),
      });
    }
    await tx.commit();
  }
}

async function seedStore(store: LibsqlDocStore, docs: Customer[]): Promise<void> {
  for (let start = 0; start < docs.length; start += 500) {
    const batch = store.batch();
    for (let i = start; i < Math.min(docs.length, start + 500); i++) batch.set(`crm_customers/cust${i}`, docs[i]!);
    await batch.commit();
  }
}

const parse = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.parse(r.data as string) as unknown);

interface Case {
  label: string;
  store: (i: number) => Promise<unknown>;
  raw: (i: number) => Promise<unknown>;
}

const bench: Bench = {
  name: 'DocStore: libSQL adapter vs raw @libsql/client SQL',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'store-bench-'));
    try {
      const store = await LibsqlDocStore.open({ url: pathToFileURL(join(dir, 'bench.db')).href, indexes });
      const client = store.client;
      const random = rng(42);
      const docs = Array.from({ length: CUSTOMERS }, (_, i) => customer(i, random));

      let started = performance.now();
      await seedStore(store, docs);
      const storeSeed = performance.now() - started;
      started = performance.now();
      await seedRaw(client, docs);
      const rawSeed = performance.now() - started;
      line(`seed ${CUSTOMERS} customers`, { adapter: fmt(storeSeed), raw: fmt(rawSeed), ratio: (storeSeed / rawSeed).toFixed(2) });

      // Search terms that hit one customer up to a few hundred: prefixes of real name words.
      const terms = Array.from({ length: 64 }, (_, i) => docs[(i * 977) % CUSTOMERS]!.search_keys[i % 8]!);
      const term = (i: number) => terms[i % terms.length]!;
      const status = (i: number) => STATUSES[i % STATUSES.length]!;
      const tag = (i: number) => TAGS[i % TAGS.length]!;
      const page = (extra: Omit<Query, 'collection'>): Query => ({ collection: 'crm_customers', orderBy: [{ field: 'name_sort' }], limit: 25, ...extra });

      const cases: Case[] = [
        {
          label: 'get by id',
          store: (i) => store.get(`crm_customers/cust${(i * 37) % CUSTOMERS}`),
          raw: async (i) => parse((await client.execute({ sql: 'SELECT data FROM raw_customers WHERE id = ?', args: [`cust${(i * 37) % CUSTOMERS}`] })).rows),
        },
        {
          label: 'search: search_keys array-contains, name, 25',
          store: (i) => store.query(page({ where: [{ field: 'search_keys', op: 'array-contains', value: term(i) }] })),
          raw: async (i) =>
            parse(
              (
                await client.execute({
                  sql: 'SELECT c.data FROM raw_keys k JOIN raw_customers c ON c.id = k.id WHERE k.key = ? ORDER BY c.name_sort, c.id LIMIT 25',
                  args: [term(i)],
                })
              ).rows,
            ),
        },
        {
          label: 'list: orderBy name, 25',
          store: () => store.query(page({})),
          raw: async () => parse((await client.execute('SELECT data FROM raw_customers ORDER BY name_sort, id LIMIT 25')).rows),
        },
        {
          label: 'list: status ==, orderBy name, 25',
          store: (i) => store.query(page({ where: [{ field: 'relationship_status', op: '==', value: status(i) }] })),
          raw: async (i) =>
            parse(
              (
                await client.execute({
                  sql: 'SELECT data FROM raw_customers WHERE status = ? ORDER BY name_sort, id LIMIT 25',
                  args: [status(i)],
                })
              ).rows,
            ),
        },
        {
          label: 'list: tags array-contains, orderBy name, 25',
          store: (i) => store.query(page({ where: [{ field: 'tags', op: 'array-contains', value: tag(i) }] })),
          raw: async (i) =>
            parse(
              (
                await client.execute({
                  sql: 'SELECT c.data FROM raw_customers c WHERE EXISTS (SELECT 1 FROM json_each(c.data, \'$.tags\') WHERE value = ?) ORDER BY c.name_sort, c.id LIMIT 25',
                  args: [tag(i)],
                })
              ).rows,
            ),
        },
        {
          label: 'count: status ==',
          store: (i) => store.count({ collection: 'crm_customers', where: [{ field: 'relationship_status', op: '==', value: status(i) }] }),
          raw: async (i) => (await client.execute({ sql: 'SELECT COUNT(*) AS n FROM raw_customers WHERE status = ?', args: [status(i)] })).rows[0]!.n,
        },
        {
          label: 'transaction: read + increment one doc',
          store: (i) =>
            store.runTransaction(async (tx) => {
              const path = `crm_customers/cust${(i * 53) % CUSTOMERS}`;
              const doc = await tx.get(path);
              tx.update(path, { counter: (doc!.data.counter as number) + 1 });
            }),
          raw: async (i) => {
            const id = `cust${(i * 53) % CUSTOMERS}`;
            const tx = await client.transaction('write');
            try {
              const data = parse((await tx.execute({ sql: 'SELECT data FROM raw_customers WHERE id = ?', args: [id] })).rows)[0] as Customer;
              data.counter += 1;
              await tx.execute({ sql: 'UPDATE raw_customers SET data = ? WHERE id = ?', args: [JSON.stringify(data), id] });
              await tx.commit();
            } finally {
              tx.close();
            }
          },
        },
      ];

      console.log(`${RUNS} runs each, adapter vs raw SQL on the same file (p50 / p95, ratio = adapter ÷ raw)`);
      let searchP95 = NaN;
      for (const c of cases) {
        // Interleaved, so drift in machine load hits both sides alike.
        const adapter: number[] = [];
        const raw: number[] = [];
        for (let round = 0; round < 3; round++) {
          adapter.push(...(await sample(RUNS / 3, (i) => c.store(i + round * RUNS))));
          raw.push(...(await sample(RUNS / 3, (i) => c.raw(i + round * RUNS))));
        }
        const [a50, a95, r50, r95] = [percentile(adapter, 50), percentile(adapter, 95), percentile(raw, 50), percentile(raw, 95)];
        if (c.label.startsWith('search')) searchP95 = a95;
        line(c.label, {
          adapter: `${fmt(a50)} / ${fmt(a95)}`,
          raw: `${fmt(r50)} / ${fmt(r95)}`,
          ratio: `${(a50 / r50).toFixed(2)} / ${(a95 / r95).toFixed(2)}`,
        });
      }
      line('search p95 target (< 20 ms)', { p95: fmt(searchP95), met: searchP95 < 20 ? 'yes' : 'NO' });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
