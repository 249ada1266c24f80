import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../seed/demo-data.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { dumpDatabase } from '../test-support/db-dump.js';
import type { DocData, DocStore } from '../store/docstore.js';
import { migrateInstallations } from './installations.migration.js';
import { INSTALLATIONS, SERIALS } from './installations.schema.js';

async function dumpCollection(store: DocStore, collection: string): Promise<{ path: string; data: DocData }[]> {
  const docs = await store.query({ collection });
  return docs.map((doc) => ({ path: doc.path, data: doc.data })).sort((a, b) => a.path.localeCompare(b.path));
}

let t: TestApp;
const as = (role: 'viewer') => ({ Authorization: `Bearer ${t.tokens[role]}` });
const now = () => new Date('2026-01-05T10:00:00.000Z');

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoData(t.deps);
  const products = (await request(t.app).get('/api/crm/products?search=vesper').set(as('viewer'))).body.products as { name: string }[];
  const vesper = products.find((product) => product.name === 'Vesper Plus')!;
  // Legacy shapes the old system left: a serial shared with a demo customer, more units than
  // serials, a product id that no longer exists but a name the catalogue knows, no ids at all.
  // Customers are migrated in id order and the first to claim a serial holds it: this id sorts
  // after the demo customers' random ones, so the demo customer keeps the shared serial.
  await t.store.set('crm_customers/zzz-legacy-tower', {
    name: 'Ι.Μ. Παναγίας Προυσιώτισσας «Καμπαναριό»',
    location: { city: 'Καρπενήσι', region: 'Ευρυτανία', country: 'Ελλάδα' },
    owned_items: [
      { type: 'product', product_id: 'gone-product', product_name: vesper.name, quantity: 3, serial_numbers: ['VSP-24-0117', 'ΠΡ-0001'] },
      { type: 'console_device', device_id: 'BS-ΠΡΟ-7788', label: 'Κονσόλα καμπαναριού' },
      { type: 'freetext', description: 'Παλιό μηχανικό ρολόι', serial_number: 'OLD-1', notes: '' },
    ],
    created_at: new Date('2019-03-01T08:00:00Z'),
    updated_at: new Date('2019-03-01T08:00:00Z'),
  });
});
afterAll(async () => {
  await t.close();
});

describe('migrate-installations', () => {
  it('reports in a dry run what it would do and writes nothing', async () => {
    const before = await dumpDatabase(t.store.client);
    const report = await migrateInstallations(t.store, { dryRun: true, now });
    expect(report.created).toBeGreaterThan(0);
    expect(report.migrated.map((m) => m.id)).toContain('zzz-legacy-tower');
    expect(await dumpDatabase(t.store.client)).toEqual(before);
  });

  it('turns owned items into installations on the demo data, and a second run changes nothing', async () => {
    const first = await migrateInstallations(t.store, { dryRun: false, now });
    const installations = await dumpCollection(t.store, INSTALLATIONS);
    const serials = await dumpCollection(t.store, SERIALS);
    const customers = await dumpCollection(t.store, 'crm_customers');
    expect(first.created).toBe(installations.length);

    const second = await migrateInstallations(t.store, { dryRun: false, now: () => new Date('2026-02-01T00:00:00Z') });
    expect(second).toMatchObject({ created: 0, migrated: [] });
    expect(await dumpCollection(t.store, INSTALLATIONS)).toEqual(installations);
    expect(await dumpCollection(t.store, SERIALS)).toEqual(serials);
    expect(await dumpCollection(t.store, 'crm_customers')).toEqual(customers);
    const serialKeys = installations.flatMap(({ data }) => (data.serial_number ? [`${String(data.product_id)}|${String(data.serial_number)}`] : []));
    expect(new Set(serialKeys).size).toBe(serialKeys.length);
  });

  it('keeps answering owned_items as the spec documents them, and finds owners by serial', async () => {
    // Greek-aware search may find more than one (name forms, nicknames): the one named so.
    const matches = (await request(t.app).get(`/api/crm/customers?search=${encodeURIComponent('Μπίμπης')}`).set(as('viewer'))).body.customers;
    const bibis = matches.find((c: { name: string }) => c.name === 'Στέλιος Μπίμπης');
    expect(bibis.owned_items).toEqual([expect.objectContaining({ type: 'product', product_name: 'Vesper Plus', quantity: 1, serial_numbers: ['VSP-24-0117'] })]);
    const found = await request(t.app).get('/api/crm/customers?search=0117').set(as('viewer'));
    expect(found.body.customers.map((c: { id: string }) => c.id)).toEqual([bibis.id]);

    const tower = (await request(t.app).get('/api/crm/customers/zzz-legacy-tower').set(as('viewer'))).body;
    expect(tower.owned_items).toEqual([
      expect.objectContaining({ type: 'freetext', description: 'Παλιό μηχανικό ρολόι' }),
      expect.objectContaining({ type: 'product', product_name: 'Vesper Plus', quantity: 3, serial_numbers: ['ΠΡ-0001'] }),
      { id: 'inst-d-mig-legacy-1', type: 'console_device', device_id: 'BS-ΠΡΟ-7788', label: 'Ι.Μ. Παναγίας Προυσιώτισσας «Καμπαναριό»' },
    ]);
    const units = (await request(t.app).get('/api/crm/customers/zzz-legacy-tower/installations').set(as('viewer'))).body.installations;
    expect(units).toHaveLength(4);
    expect(units.filter((u: { product_id: string | null }) => u.product_id !== null)).toHaveLength(3);
    expect(units.find((u: { notes: string }) => u.notes.includes('VSP-24-0117'))).toMatchObject({ serial_number: null, site: { city: 'Καρπενήσι' } });
    for (const search of ['ΠΡ-0001', '7788']) {
      const owner = await request(t.app).get(`/api/crm/customers?search=${encodeURIComponent(search)}`).set(as('viewer'));
      expect(owner.body.customers.map((c: { id: string }) => c.id), search).toEqual(['zzz-legacy-tower']);
    }
  });
});
