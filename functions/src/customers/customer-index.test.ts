import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import { customerFilterKey, indexFieldsOf, reindexCustomer, reindexStoredCustomers, relationshipStatusUpdate } from './customer-index.js';
import { customerCreateSchema } from './customers.schema.js';
import { CustomersService } from './customers.service.js';

let dir: string;
let store: LibsqlDocStore;
const clock = { now: () => new Date('2026-02-02T10:00:00Z') };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'customer-index-'));
  store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function createCustomer() {
  const service = new CustomersService(store, clock);
  return service.create(customerCreateSchema.parse({ name: 'Στέλιος Μπίμπης', tags: ['church'] }), { name: 'x', uid: 'x' });
}

describe('reindexCustomer (trigger handler)', () => {
  it('brings the index fields of a customer edited elsewhere up to date, once', async () => {
    const customer = await createCustomer();
    const path = `crm_customers/${customer.id}`;
    // A console edit: new name and status, index fields left as they were.
    await store.update(path, { name: 'Γιάννης Ψαρράς', relationship_status: 'churned' });
    const after = (await store.get(path))!.data;
    expect(after.search_keys).toContain('bibis');

    expect(await reindexCustomer(store, { path, before: null, after })).toBe(true);
    const fixed = (await store.get(path))!.data;
    expect(fixed.search_keys).toContain('psaras');
    expect(fixed.search_keys).not.toContain('bibis');
    expect(fixed.list_keys).toContain(customerFilterKey({ relationship_status: 'churned', tag: 'church' }));
    expect(fixed.name_sort).toBe('γιαννησ ψαρρασ');

    expect(await reindexCustomer(store, { path, before: after, after: fixed })).toBe(false);
  });

  it('ignores other documents and deletions', async () => {
    const customer = await createCustomer();
    const order = `crm_customers/${customer.id}/orders/o1`;
    expect(await reindexCustomer(store, { path: order, before: null, after: { title: 'x' } })).toBe(false);
    expect(await reindexCustomer(store, { path: `crm_customers/${customer.id}`, before: {}, after: null })).toBe(false);
  });
});

describe('reindexStoredCustomers', () => {
  it('rewrites every customer whose stored keys are stale, across pages, then nothing', async () => {
    const ids = [(await createCustomer()).id, (await createCustomer()).id, (await createCustomer()).id];
    // Keys written by an older version: no name forms, no location.
    for (const id of ids) await store.update(`crm_customers/${id}`, { search_keys: ['bibis'] });

    expect(await reindexStoredCustomers(store, 2)).toBe(3);
    for (const id of ids) expect((await store.get(`crm_customers/${id}`))!.data.search_keys).toContain('stilianos');
    expect(await reindexStoredCustomers(store, 2)).toBe(0);
  });
});

describe('relationshipStatusUpdate', () => {
  it('writes the status with the index fields that follow from it', async () => {
    const customer = await createCustomer();
    const path = `crm_customers/${customer.id}`;
    const data = (await store.get(path))!.data;
    const now = new Date('2026-03-03T00:00:00Z');
    const update = relationshipStatusUpdate(customer.id, data, 'active', now);
    expect(update).toMatchObject({ relationship_status: 'active', updated_at: now });
    await store.update(path, update);
    const written = (await store.get(path))!.data;
    expect(written.list_keys).toEqual(indexFieldsOf(customer.id, written).list_keys);
    expect(written.list_keys).toContain(customerFilterKey({ relationship_status: 'active' }));
  });
});
