import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { dispatchChange } from '../triggers/dispatch.js';
import { handleLedgerDigest, ledgerDigestPath, readLedgerDigests, shardOf } from './ledger.digest.js';

let t: TestApp;
const now = new Date('2026-12-07T10:00:00.000Z');
const auth = () => `Bearer ${t.tokens.editor}`;

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

const entry = (id: string, date: string, flow: string, amount: number, extra: object = {}) => ({
  id,
  date: new Date(date),
  flow,
  payment_type: flow === 'payment' || flow === 'refund' ? 'cash' : null,
  category: 'full_payment',
  amount,
  currency: 'EUR',
  invoice_ref: null,
  order_ref: null,
  recorded_by: 'test',
  note: '',
  ...extra,
});

const byId = async () => new Map((await readLedgerDigests(t.store, now)).map((customer) => [customer.id, customer]));

describe('the ledger digest', () => {
  it('is built once from the customers of a store that had none, with each entry as the ledger reads it', async () => {
    await t.store.create('crm_customers/kalampaka', {
      name: 'Ενορία Κοιμήσεως Θεοτόκου Καλαμπάκας',
      transaction_history: [
        // 23:30 UTC on 31 March is 1 April in Athens: the report's day is Athens'.
        entry('a', '2026-03-31T23:30:00.000Z', 'invoice', 1234.56, { order_ref: 'ORD|με|κάθετο' }),
        entry('b', '2026-04-02T09:00:00.000Z', 'payment', 0.01),
        { id: 'broken', flow: 'invoice', amount: 'πολλά' },
      ],
    });
    await t.store.create('crm_customers/empty', { name: 'Χωρίς κινήσεις', transaction_history: [] });

    const digests = await byId();
    expect(digests.has('empty')).toBe(false);
    expect(digests.get('kalampaka')).toEqual({
      id: 'kalampaka',
      name: 'Ενορία Κοιμήσεως Θεοτόκου Καλαμπάκας',
      entries: [
        { day: '2026-04-01', flow: 'invoice', cents: 123_456, currency: 'EUR', order_ref: 'ORD|με|κάθετο' },
        { day: '2026-04-02', flow: 'payment', cents: 1, currency: 'EUR', order_ref: null },
      ],
    });
    const shard = await t.store.get(ledgerDigestPath(shardOf('kalampaka')));
    expect(shard?.data).toMatchObject({ complete: true, updated_by_uid: 'script:ledger-digest' });
  });

  it('follows every write of a customer through its change event, and writes nothing when nothing changed', async () => {
    const stop = t.store.onChange((change) => dispatchChange(t.store, change));
    try {
      await request(t.app)
        .post('/api/crm/customers/kalampaka/transactions')
        .set('Authorization', auth())
        .send({ flow: 'refund', payment_type: 'cash', amount: 0.3, date: '2026-05-01T10:00:00.000Z' })
        .expect(201);
      await t.store.update('crm_customers/kalampaka', { name: 'Ι.Ν. Κοιμήσεως Θεοτόκου — Καλαμπάκα' });
      const customer = (await byId()).get('kalampaka')!;
      expect(customer.name).toBe('Ι.Ν. Κοιμήσεως Θεοτόκου — Καλαμπάκα');
      expect(customer.entries.at(-1)).toEqual({ day: '2026-05-01', flow: 'refund', cents: 30, currency: 'EUR', order_ref: null });

      const after = (await t.store.get('crm_customers/kalampaka'))!.data;
      // A redelivered or late event finds the digest right already.
      expect(await handleLedgerDigest(t.store, { path: 'crm_customers/kalampaka', before: null, after }, now)).toBe(false);

      await t.store.delete('crm_customers/kalampaka');
      expect((await byId()).has('kalampaka')).toBe(false);
    } finally {
      stop();
    }
  });
});
