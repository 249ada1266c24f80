import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORDERS } from '../shared/collections.js';
import type { DocData } from '../store/docstore.js';
import { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import { migrateCustomerFlags, MIGRATED_ORDER_ID } from './customer-flags.migration.js';
import { customerCreateSchema } from './customers.schema.js';
import { CustomersService } from './customers.service.js';

let dir: string;
let store: LibsqlDocStore;
const now = () => new Date('2026-03-01T12:00:00Z');
const flaggedAt = new Date('2025-10-10T09:00:00Z');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-flags-'));
  store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seedLegacy(): Promise<string> {
  await store.set('crm_customers/both', {
    name: 'Στέλιος Μπίμπης',
    negotiating: true,
    has_problem: true,
    contacts: [{ type: 'phone', value: '+30 697 123 4567' }],
    created_at: flaggedAt,
    updated_at: flaggedAt,
  });
  await store.set('crm_customers/problem', {
    name: 'Ενορία Αγίου Νικολάου',
    negotiating: false,
    has_problem: true,
    relationship_status: 'churned',
    technical_issues: [{ id: 'old', active: false, note: 'fixed', opened_by: 'maria', opened_date: flaggedAt }],
    created_at: flaggedAt,
    updated_at: flaggedAt,
  });
  await store.set('crm_customers/inactive', {
    name: 'Δήμος Λαμιέων',
    negotiating: true,
    relationship_status: 'inactive',
    created_at: flaggedAt,
    updated_at: flaggedAt,
  });
  await store.set('crm_customers/plain', { name: 'Χωρίς σημαίες', created_at: flaggedAt, updated_at: flaggedAt });
  const service = new CustomersService(store, { now });
  const modern = await service.create(customerCreateSchema.parse({ name: 'Νέος πελάτης' }), { name: 'x', uid: 'x' });
  return modern.id;
}

async function snapshot(): Promise<DocData[]> {
  const customers = await store.query({ collection: 'crm_customers' });
  const orders = await store.query({ collectionGroup: ORDERS });
  return [...customers, ...orders].map((doc) => ({ path: doc.path, ...doc.data }));
}

describe('migrateCustomerFlags', () => {
  it('reports what it would do in a dry run and writes nothing', async () => {
    await seedLegacy();
    const before = await snapshot();
    const report = await migrateCustomerFlags(store, { dryRun: true, now });
    expect(report.scanned).toBe(5);
    expect(Object.fromEntries(report.migrated.map((m) => [m.id, m.changes]))).toEqual({
      both: [
        'relationship_status lead → active',
        'create a negotiating order',
        'added an active technical issue for has_problem',
        'removed negotiating: true',
        'removed has_problem: true',
        'stored search and list index fields',
      ],
      problem: [
        'added an active technical issue for has_problem',
        'removed negotiating: false',
        'removed has_problem: true',
        'stored search and list index fields',
      ],
      inactive: ['create a negotiating order', 'removed negotiating: true', 'stored search and list index fields'],
      plain: ['relationship_status set to the default, lead', 'stored search and list index fields'],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('migrates per spec section 5, then finds nothing left to do', async () => {
    const modernId = await seedLegacy();
    const modernBefore = await store.get(`crm_customers/${modernId}`);
    const report = await migrateCustomerFlags(store, { dryRun: false, now });
    expect(report.migrated.map((m) => m.id).sort()).toEqual(['both', 'inactive', 'plain', 'problem']);

    const both = (await store.get('crm_customers/both'))!.data;
    expect(both).not.toHaveProperty('negotiating');
    expect(both).not.toHaveProperty('has_problem');
    expect(both.relationship_status).toBe('active');
    expect(both.technical_issues).toEqual([
      {
        id: 'legacy-has-problem',
        active: true,
        opened_date: flaggedAt,
        resolved_date: null,
        note: 'Migrated from legacy has_problem flag',
        opened_by: 'system',
        opened_by_uid: null,
        resolved_by: null,
        resolved_by_uid: null,
      },
    ]);
    expect(both.has_active_issue).toBe(true);
    expect(both.search_keys).toEqual(expect.arrayContaining(['bibis', '6971234567']));
    const order = (await store.get(`crm_customers/both/orders/${MIGRATED_ORDER_ID}`))!.data;
    expect(order).toMatchObject({ status: 'negotiating', created_by: 'system', status_updated_date: flaggedAt });
    expect(order.order_number).toMatch(/^ORD-2026-\d{3}$/);

    const problem = (await store.get('crm_customers/problem'))!.data;
    expect(problem.relationship_status).toBe('churned');
    expect((problem.technical_issues as DocData[]).map((i) => i.id)).toEqual(['old', 'legacy-has-problem']);

    const inactive = (await store.get('crm_customers/inactive'))!.data;
    expect(inactive.relationship_status).toBe('inactive');
    const inactiveOrder = (await store.get(`crm_customers/inactive/orders/${MIGRATED_ORDER_ID}`))!.data;
    expect(inactiveOrder.order_number).not.toBe(order.order_number);

    expect((await store.get('crm_customers/plain'))!.data).toMatchObject({ relationship_status: 'lead', name_sort: 'χωρισ σημαιεσ' });
    expect(await store.get(`crm_customers/${modernId}`)).toEqual(modernBefore);

    const after = await snapshot();
    const again = await migrateCustomerFlags(store, { dryRun: false, now });
    expect(again).toEqual({ dryRun: false, scanned: 5, migrated: [] });
    expect(await snapshot()).toEqual(after);
  });

  it('makes the migrated customers visible to list and search', async () => {
    await seedLegacy();
    const service = new CustomersService(store, { now });
    const query = { sort: 'name', limit: 50 } as const;
    expect((await service.list({ ...query, search: 'bibis' })).customers).toEqual([]);
    await migrateCustomerFlags(store, { dryRun: false, now });
    expect((await service.list({ ...query, search: 'bibis' })).customers.map((c) => c.id)).toEqual(['both']);
    expect((await service.list({ ...query, has_active_issue: true })).customers.map((c) => c.id).sort()).toEqual([
      'both',
      'problem',
    ]);
    expect((await service.list(query)).total).toBe(5);
  });

  it('never doubles the order or the issue when flags reappear after a partial run', async () => {
    await seedLegacy();
    await migrateCustomerFlags(store, { dryRun: false, now });
    // As if a crash had left the flags behind after the order and the issue were written.
    await store.update('crm_customers/both', { negotiating: true, has_problem: true });
    const report = await migrateCustomerFlags(store, { dryRun: false, now });
    expect(report.migrated).toEqual([
      { id: 'both', name: 'Στέλιος Μπίμπης', changes: ['removed negotiating: true', 'removed has_problem: true'] },
    ]);
    const orders = await store.query({ collection: 'crm_customers/both/orders' });
    expect(orders).toHaveLength(1);
    expect((await store.get('crm_customers/both'))!.data.technical_issues).toHaveLength(1);
  });
});
