import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logMessage } from '../comms/comms.service.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { dispatchChange } from '../triggers/dispatch.js';

let t: TestApp;
let stopTriggers: () => void;
let now = new Date('2026-06-30T09:00:00.000Z');
const auth = (role: 'editor' | 'viewer' = 'editor') => `Bearer ${t.tokens[role]}`;

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
  // The triggers, as the embedded server and production run them: they keep the ledger digest the reports read.
  stopTriggers = t.store.onChange((change) => dispatchChange(t.store, change));
});
afterAll(async () => {
  stopTriggers?.();
  await t?.close();
});

async function ok(req: request.Test, status = 201) {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const AS_OF = '2026-06-15';
const TERMS = 30;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const dayOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

interface Expected {
  buckets: Record<string, number>;
  total: number;
}

describe('GET /crm/reports/receivables', () => {
  it('ages 200 invoices with partial payments, refunds and credits, totalling what the ledger says is outstanding', async () => {
    const random = prng(22);
    const expected = new Map<string, Expected>();
    for (let c = 0; c < 20; c++) {
      const customer = (await ok(request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name: `Ενορία Αγίου ${c} — Ναός «Ευαγγελισμός της Θεοτόκου»` }))).id;
      const currency = c % 5 === 4 ? 'USD' : 'EUR';
      const entries: Record<string, unknown>[] = [];
      const invoices: { day: string; cents: number }[] = [];
      for (let i = 0; i < 10; i++) {
        // Invoices from 200 days before the as-of day to 10 days after it (those do not count).
        const day = dayOf(dayNumber(AS_OF) - 200 + Math.floor(random() * 210));
        const amount = 1 + Math.floor(random() * 500_000);
        entries.push({ id: `inv-${c}-${i}`, date: new Date(`${day}T10:00:00.000Z`), flow: 'invoice', payment_type: null, category: 'full_payment', amount: amount / 100, currency, invoice_ref: `ΤΠΥ-${c}-${i}`, order_ref: null, recorded_by: 'test', note: '' });
        if (day <= AS_OF) invoices.push({ day, cents: amount });
      }
      let settled = 0;
      const flows = c === 7 ? ['credit', 'credit', 'credit'] : ['payment', 'payment', 'refund', 'credit'];
      flows.forEach((flow, k) => {
        const day = dayOf(dayNumber(AS_OF) - 180 + Math.floor(random() * 190));
        // Customer 7 is credited more than it was ever invoiced: a credit balance.
        const amount = c === 7 ? 2_000_000 : 1 + Math.floor(random() * (flow === 'refund' ? 50_000 : 900_000));
        entries.push({ id: `s-${c}-${k}`, date: new Date(`${day}T10:00:00.000Z`), flow, payment_type: flow === 'credit' ? null : 'bank_transfer', category: 'full_payment', amount: amount / 100, currency, invoice_ref: null, order_ref: null, recorded_by: 'test', note: '' });
        if (day <= AS_OF) settled += flow === 'refund' ? -amount : amount;
      });
      await t.store.update(`crm_customers/${customer}`, { transaction_history: entries });

      // Independently: the first `settled` cents of the invoices, oldest first, are paid, so an
      // invoice is open by what of it lies beyond that mark.
      const buckets: Record<string, number> = { current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 };
      let cumulative = 0;
      for (const invoice of [...invoices].sort((a, b) => a.day.localeCompare(b.day))) {
        const before = cumulative;
        cumulative += invoice.cents;
        const left = settled <= before ? invoice.cents : settled >= cumulative ? 0 : cumulative - settled;
        const late = dayNumber(AS_OF) - (dayNumber(invoice.day) + TERMS);
        const bucket = late <= 0 ? 'current' : late <= 30 ? 'd1_30' : late <= 60 ? 'd31_60' : late <= 90 ? 'd61_90' : 'd90_plus';
        buckets[bucket]! += left;
      }
      const invoiced = invoices.reduce((sum, invoice) => sum + invoice.cents, 0);
      // A credit beyond every invoice, or refunds beyond what was paid, is current.
      buckets.current! -= settled - Math.min(Math.max(settled, 0), invoiced);
      expected.set(`${customer} ${currency}`, { buckets, total: invoiced - settled });
    }

    const report = await ok(request(t.app).get(`/api/crm/reports/receivables?as_of=${AS_OF}`).set('Authorization', auth('viewer')), 200);
    expect(report.rows).toHaveLength(20);
    for (const row of report.rows) {
      const want = expected.get(`${row.customer_id} ${row.currency}`)!;
      const got = Object.fromEntries(['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'].map((b) => [b, Math.round(row[b] * 100)]));
      expect(got, row.customer_name).toEqual(want.buckets);
      expect(Math.round(row.total * 100)).toBe(want.total);
    }
    for (const total of report.totals) {
      const sum = [...expected.entries()].filter(([key]) => key.endsWith(` ${total.currency}`)).reduce((s, [, e]) => s + e.total, 0);
      expect(Math.round(total.total * 100)).toBe(sum);
    }
    // The total equals the ledger's own outstanding balance (as of now every entry counts).
    now = new Date('2026-07-30T09:00:00.000Z');
    const today = await ok(request(t.app).get('/api/crm/reports/receivables').set('Authorization', auth()), 200);
    for (const row of today.rows.slice(0, 5)) {
      const financials = await ok(request(t.app).get(`/api/crm/customers/${row.customer_id}/financials`).set('Authorization', auth()), 200);
      expect(financials.totals.find((x: { currency: string }) => x.currency === row.currency).outstanding).toBe(row.total);
    }

    const csv = await request(t.app).get(`/api/crm/reports/receivables?as_of=${AS_OF}&format=csv`).set('Authorization', auth());
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.text.startsWith('\ufeffas_of,customer_id,customer_name,currency,current,')).toBe(true);
    expect(csv.text).toContain('Ναός «Ευαγγελισμός της Θεοτόκου»');
  });
});

describe('the other reports', () => {
  it('sums the pipeline per state to the cent, sales net of refunds, quotes as zeros, and activity per week and user', async () => {
    now = new Date('2026-09-10T09:00:00.000Z');
    const customer = (await ok(request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name: 'Δήμος Μετεώρων', contacts: [{ type: 'email', value: 'dimos@meteora.example.gr' }] }))).id;
    const product = (await ok(request(t.app).post('/api/crm/products').set('Authorization', auth()).send({ name: 'Vesper Plus', category: 'controller' }))).id;
    const order = await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/orders`)
        .set('Authorization', auth())
        .send({
          title: 'Αυτοματισμός καμπαναριού',
          status: 'awaiting_payment',
          items: [
            { type: 'product', product_id: product, product_name: 'Vesper Plus', quantity: 3, unit_price: 0.1 },
            { type: 'freetext', description: 'Εγκατάσταση', quantity: 1, unit_price: 0.2 },
          ],
          discount: { type: 'fixed', value: 0.01 },
        }),
    );
    await ok(request(t.app).post(`/api/crm/customers/${customer}/orders`).set('Authorization', auth()).send({ title: 'Δεύτερη', status: 'awaiting_payment', items: [{ type: 'freetext', description: 'x', quantity: 1, unit_price: 0.2 }] }));
    await ok(request(t.app).post(`/api/crm/customers/${customer}/transactions`).set('Authorization', auth()).send({ flow: 'invoice', amount: 0.49, date: '2026-09-10T10:00:00.000Z', order_ref: order.id }));
    await ok(request(t.app).post(`/api/crm/customers/${customer}/transactions`).set('Authorization', auth()).send({ flow: 'payment', payment_type: 'cash', amount: 0.49, date: '2026-09-11T10:00:00.000Z', order_ref: order.id }));
    await ok(request(t.app).post(`/api/crm/customers/${customer}/transactions`).set('Authorization', auth()).send({ flow: 'refund', payment_type: 'cash', amount: 0.1, date: '2026-10-01T10:00:00.000Z', order_ref: order.id }));

    const range = 'from=2026-09-01&to=2026-10-31';
    const pipeline = await ok(request(t.app).get(`/api/crm/reports/pipeline?${range}`).set('Authorization', auth()), 200);
    expect(pipeline.rows).toEqual([{ status: 'awaiting_payment', open: true, currency: 'EUR', count: 2, value: 0.69, received: 0.39, balance_due: 0.3 }]);

    const sales = await ok(request(t.app).get(`/api/crm/reports/sales?${range}`).set('Authorization', auth()), 200);
    expect(sales.by_month).toEqual([
      { month: '2026-09', currency: 'EUR', invoiced: 0.49, refunded: 0, net: 0.49 },
      { month: '2026-10', currency: 'EUR', invoiced: 0, refunded: 0.1, net: -0.1 },
    ]);
    const net = sales.by_product.reduce((sum: number, row: { net: number }) => sum + Math.round(row.net * 100), 0);
    expect(net).toBe(69 - 10);
    expect(sales.by_category.map((row: { category: string }) => row.category).sort()).toEqual(['controller', 'freetext']);

    expect(await ok(request(t.app).get(`/api/crm/reports/quotes?${range}`).set('Authorization', auth()), 200)).toMatchObject({ sent: 0, accepted: 0, acceptance_rate: null });

    await logMessage(t.deps, { type: 'email', direction: 'inbound', address: 'dimos@meteora.example.gr', occurred_at: new Date('2026-09-27T21:30:00.000Z') });
    await logMessage(t.deps, { type: 'call', direction: 'outbound', address: '+302432022222', occurred_at: new Date('2026-09-28T08:00:00.000Z'), logged_by: 'Μαρία', logged_by_uid: 'u-maria' });
    const activity = await ok(request(t.app).get(`/api/crm/reports/activity?${range}`).set('Authorization', auth()), 200);
    // 27 September 21:30Z is Monday 28 September 00:30 in Athens: both in the week of 28 September.
    expect(activity.rows).toEqual([
      { week: '2026-09-28', user: '', user_uid: '', channel: 'email', direction: 'inbound', count: 1 },
      { week: '2026-09-28', user: 'Μαρία', user_uid: 'u-maria', channel: 'call', direction: 'outbound', count: 1 },
    ]);
  });

  it.each([
    ['from after to', 'from=2026-05-01&to=2026-04-01', 'from'],
    ['a range over 5 years', 'from=2020-01-01&to=2026-01-02', 'to'],
    ['a day that does not exist', 'as_of=2026-02-29', 'as_of'],
  ])('refuses %s naming the field', async (_name, query, path) => {
    const res = await request(t.app).get(`/api/crm/reports/sales?${query}`).set('Authorization', auth());
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});
