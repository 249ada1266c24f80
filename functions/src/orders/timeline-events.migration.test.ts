import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import { migrateTimelineEvents, parseLegacyNote } from './timeline-events.migration.js';

let dir: string;
let store: LibsqlDocStore;
const now = () => new Date('2026-12-07T03:00:00Z');
const at = new Date('2025-10-10T09:00:00Z');
const path = 'crm_customers/c1/orders/o1';

const entry = (id: string, type: string, note: string, extra: Record<string, unknown> = {}) => ({ id, date: at, type, note, updated_by: 'Μαρία Παπαδοπούλου', ...extra });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-timeline-'));
  store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
  await store.set('crm_customers/c1', { name: 'Ενορία Αγίου Δημητρίου Θεσσαλονίκης' });
  await store.set('crm_customers/c2', { name: 'Δήμος Ιωαννιτών' });
  await store.set(path, {
    order_number: 'ORD-2025-007',
    title: 'Καμπάνα 300 κιλών',
    status: 'installed',
    timeline: [
      entry('t1', 'note', 'Order created: Negotiating'),
      entry('t2', 'mfg_started', 'Status: Awaiting Customer Confirmation → Manufacturing'),
      entry('t3', 'quote_sent', 'Στάλθηκε η προσφορά με email, 2 σελίδες'),
      entry('t4', 'installed', 'Status: Draft → Installed'),
      entry('t5', 'note', ' Negotiations started '),
      entry('t6', 'note', 'Status: Negotiating → Shipped', { props: { from: 'negotiating', to: 'shipped' } }),
      'not an entry',
    ],
  });
  await store.set('crm_customers/c2/orders/o2', { order_number: 'ORD-2025-008', title: 'Ρολόι', status: 'negotiating', timeline: [entry('n1', 'note', 'Τηλεφώνησε ο πατήρ Νικόλαος')] });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('parseLegacyNote', () => {
  it('reads the three sentences the server wrote, with labels or raw statuses, and nothing else', () => {
    expect(parseLegacyNote('Order created: Awaiting Payment')).toEqual({ from: null, to: 'awaiting_payment' });
    expect(parseLegacyNote('Status: shipped → Complete')).toEqual({ from: 'shipped', to: 'complete' });
    expect(parseLegacyNote('Negotiations started')).toEqual({ from: null, to: 'negotiating' });
    expect(parseLegacyNote('Status: — → Complete')).toBeNull();
    expect(parseLegacyNote('Order created: Σε διαπραγμάτευση')).toBeNull();
    expect(parseLegacyNote('Status: all good → ok, sent the bells')).toBeNull();
    expect(parseLegacyNote('')).toBeNull();
  });
});

describe('migrateTimelineEvents', () => {
  it('reports in a dry run and writes nothing', async () => {
    const before = (await store.get(path))!.data;
    const report = await migrateTimelineEvents(store, { dryRun: true, now });
    expect(report).toEqual({
      dryRun: true,
      scanned: 2,
      migrated: [
        {
          path,
          changes: [
            'entry t1: "Order created: Negotiating" → status (created) → negotiating',
            'entry t2: "Status: Awaiting Customer Confirmation → Manufacturing" → status awaiting_customer_confirmation → manufacturing',
            'entry t5: " Negotiations started " → status (created) → negotiating',
          ],
        },
      ],
    });
    expect((await store.get(path))!.data).toEqual(before);
  });

  it('stores the status moves as data, keeps every other text as a note, and a rerun changes nothing', async () => {
    const seen: string[] = [];
    const report = await migrateTimelineEvents(store, { dryRun: false, now, onOrder: (order) => seen.push(order.path) });
    expect(seen).toEqual([path]);
    expect(report.migrated).toHaveLength(1);
    const data = (await store.get(path))!.data;
    expect(data.timeline).toEqual([
      entry('t1', 'note', '', { props: { from: null, to: 'negotiating' } }),
      entry('t2', 'mfg_started', '', { props: { from: 'awaiting_customer_confirmation', to: 'manufacturing' } }),
      entry('t3', 'quote_sent', 'Στάλθηκε η προσφορά με email, 2 σελίδες'),
      entry('t4', 'installed', 'Status: Draft → Installed'),
      entry('t5', 'note', '', { props: { from: null, to: 'negotiating' } }),
      entry('t6', 'note', 'Status: Negotiating → Shipped', { props: { from: 'negotiating', to: 'shipped' } }),
      'not an entry',
    ]);
    expect(data).toMatchObject({ updated_at: now(), updated_by_uid: 'script:migrate-timeline-events', updated_by: 'migrate-timeline-events' });
    expect((await store.get('crm_customers/c2/orders/o2'))!.data).not.toHaveProperty('updated_by_uid');

    const again = await migrateTimelineEvents(store, { dryRun: false, now });
    expect(again).toEqual({ dryRun: false, scanned: 2, migrated: [] });
  });
});
