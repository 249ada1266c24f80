import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../http/deps.js';
import type { DocStore } from '../store/docstore.js';
import { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import { OrdersService } from './orders.service.js';

/** GET /crm/orders reads one page of orders and their customers in one batch, never one read per order. */

const dir = mkdtempSync(join(tmpdir(), 'orders-reads-'));
let store: LibsqlDocStore;
const calls: string[] = [];

/** The real store, noting each read call. */
function counted(inner: DocStore): DocStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'get' || prop === 'getAll' || prop === 'query') calls.push(String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

beforeAll(async () => {
  store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
  const orders = new OrdersService(store, systemClock);
  const actor = { name: 'Γιώργος Νικολάου', uid: 'u1' };
  for (let c = 0; c < 5; c++) {
    await store.set(`crm_customers/c${c}`, { name: `Πελάτης ${c}`, organization: `Ενορία ${c}` });
    for (let o = 0; o < 4; o++) {
      await orders.create(`c${c}`, { title: `Παραγγελία ${c}.${o}`, status: 'negotiating', items: [], currency: 'EUR', invoice_path: '', notes: '' }, actor);
    }
  }
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /crm/orders reads', () => {
  it('are one query and one batch read of the customers, whatever the page size', async () => {
    const orders = new OrdersService(counted(store), systemClock);
    for (const limit of [3, 20]) {
      calls.length = 0;
      const page = await orders.listAll({ limit });
      expect(page.orders).toHaveLength(Math.min(limit, 20));
      expect(page.orders.every((o) => o.customer_name.startsWith('Πελάτης'))).toBe(true);
      expect(calls).toEqual(['query', 'getAll']);
    }
  });
});
