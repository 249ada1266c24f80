import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../http/deps.js';
import { loadIndexConfig, parseIndexConfig, type IndexConfig } from '../store/indexes.js';
import { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import { OrdersService } from './orders.service.js';

/** The order queries are served by what firestore.indexes.json declares, and need it. */

const dir = mkdtempSync(join(tmpdir(), 'orders-indexes-'));
const stores: LibsqlDocStore[] = [];
const open = async (indexes: IndexConfig) => {
  const store = await LibsqlDocStore.open({ url: `file:${join(dir, `${stores.length}.db`)}`, indexes });
  stores.push(store);
  await store.set('crm_customers/c1', { name: 'Ντίνος Μεταξάς' });
  return new OrdersService(store, systemClock);
};

let declared: OrdersService;
let none: OrdersService;
beforeAll(async () => {
  declared = await open(loadIndexConfig());
  none = await open(parseIndexConfig({}));
});
afterAll(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const queries = {
  'every order by date': { limit: 10 },
  'by status': { status: 'shipped' as const, limit: 10 },
  'by status and date range': { status: 'shipped' as const, from: new Date('2026-01-01'), to: new Date('2026-02-01'), limit: 10 },
};

describe('order list indexes', () => {
  it.each(Object.entries(queries))('GET /crm/orders %s runs with the declared indexes only', async (_name, query) => {
    await expect(declared.listAll(query)).resolves.toEqual({ orders: [], next_cursor: null });
    await expect(none.listAll(query)).rejects.toThrow(/requires an index/);
  });

  it('a customer’s orders by status need the declared composite index', async () => {
    await expect(declared.list('c1', { status: 'shipped', limit: 10 })).resolves.toEqual({ orders: [], next_cursor: null });
    await expect(none.list('c1', { status: 'shipped', limit: 10 })).rejects.toThrow(/requires an index/);
  });
});
