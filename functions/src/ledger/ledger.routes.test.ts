import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestRole } from '../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const auth = (role: TestRole = 'editor') => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function newCustomer(): Promise<string> {
  const res = await request(t.app)
    .post('/api/crm/customers')
    .set(auth())
    .send({ name: 'Στέλιος Μπίμπης', organization: 'Ενορία Αγ. Παρασκευής' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function newOrder(customerId: string, body: Record<string, unknown> = {}): Promise<{ id: string; order_number: string }> {
  const res = await request(t.app)
    .post(`/api/crm/customers/${customerId}/orders`)
    .set(auth())
    .send({
      title: 'Vesper Plus και 2 κρουστήρες',
      items: [
        { type: 'product', product_name: 'Vesper Plus', quantity: 1, unit_price: 1450 },
        { type: 'product', product_name: 'Κρουστήρας EMS-200', quantity: 2, unit_price: 275.5 },
      ],
      ...body,
    });
  expect(res.status).toBe(201);
  return res.body;
}

const payment = (orderRef: string | null, amount: number, extra: Record<string, unknown> = {}) => ({
  flow: 'payment',
  payment_type: 'bank_transfer',
  category: 'advance',
  amount,
  order_ref: orderRef,
  ...extra,
});

const financials = async (customerId: string) =>
  (await request(t.app).get(`/api/crm/customers/${customerId}/financials`).set(auth('viewer'))).body;

const readOrder = async (customerId: string, orderId: string) =>
  (await request(t.app).get(`/api/crm/customers/${customerId}/orders/${orderId}`).set(auth('viewer'))).body;

describe('recording a payment against an order', () => {
  it('returns and then reads back the order’s new payment status; edits and deletes update it again', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);

    const recorded = await request(t.app)
      .post(`/api/crm/customers/${customerId}/transactions`)
      .set(auth())
      .send(payment(order.id, 600.1, { note: 'Προκαταβολή 30%', invoice_ref: 'ΤΔΑ 1043' }));
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      flow: 'payment',
      payment_type: 'bank_transfer',
      category: 'advance',
      amount: 600.1,
      currency: 'EUR',
      invoice_ref: 'ΤΔΑ 1043',
      order_ref: order.id,
      recorded_by: t.users.editor.name,
      recorded_by_uid: t.users.editor.uid,
      note: 'Προκαταβολή 30%',
    });
    expect(recorded.body.id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(new Date(recorded.body.date).toISOString()).toBe(recorded.body.date);
    const expected = {
      required_amount: 2001,
      received_amount: 600.1,
      balance_due: 1400.9,
      advance_required: false,
      advance_amount: null,
      payment_complete: false,
    };
    expect(recorded.body.affected_orders).toEqual([{ id: order.id, order_number: order.order_number, payment_status: expected }]);
    expect((await readOrder(customerId, order.id)).payment_status).toEqual(expected);

    const edited = await request(t.app)
      .patch(`/api/crm/customers/${customerId}/transactions/${recorded.body.id}`)
      .set(auth())
      .send({ amount: 2001, category: 'full_payment' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ amount: 2001, category: 'full_payment', updated_by: t.users.editor.name });
    const paid = { ...expected, received_amount: 2001, balance_due: 0, payment_complete: true };
    expect(edited.body.affected_orders[0].payment_status).toEqual(paid);
    expect((await readOrder(customerId, order.id)).payment_status).toEqual(paid);

    const deleted = await request(t.app)
      .delete(`/api/crm/customers/${customerId}/transactions/${recorded.body.id}`)
      .set(auth());
    expect(deleted.status).toBe(204);
    expect((await readOrder(customerId, order.id)).payment_status).toEqual({
      ...expected,
      received_amount: 0,
      balance_due: 2001,
    });
    expect((await financials(customerId)).transactions).toEqual([]);
  });

  it('moves a payment from one order to another, updating both', async () => {
    const customerId = await newCustomer();
    const a = await newOrder(customerId);
    const b = await newOrder(customerId, { items: [{ type: 'freetext', description: 'Επισκευή', quantity: 1, unit_price: 90 }] });
    const recorded = await request(t.app)
      .post(`/api/crm/customers/${customerId}/transactions`)
      .set(auth())
      .send(payment(a.id, 90));
    const moved = await request(t.app)
      .patch(`/api/crm/customers/${customerId}/transactions/${recorded.body.id}`)
      .set(auth())
      .send({ order_ref: b.id });
    expect(moved.status).toBe(200);
    const byId = Object.fromEntries(moved.body.affected_orders.map((o: { id: string }) => [o.id, o]));
    expect(byId[a.id].payment_status).toMatchObject({ received_amount: 0, balance_due: 2001 });
    expect(byId[b.id].payment_status).toMatchObject({ received_amount: 90, balance_due: 0, payment_complete: true });
    expect((await readOrder(customerId, a.id)).payment_status.received_amount).toBe(0);
    expect((await readOrder(customerId, b.id)).payment_status.payment_complete).toBe(true);
  });

  it('counts refunds and credits against the order', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const post = (body: object) =>
      request(t.app).post(`/api/crm/customers/${customerId}/transactions`).set(auth()).send(body);
    await post(payment(order.id, 1500));
    await post({ flow: 'refund', payment_type: 'bank_transfer', amount: 100.25, order_ref: order.id });
    const last = await post({ flow: 'credit', amount: 0.35, order_ref: order.id, note: 'Πίστωση στρογγυλοποίησης' });
    expect(last.body.affected_orders[0].payment_status).toMatchObject({ received_amount: 1400.1, balance_due: 600.9 });
  });
});

describe('GET /crm/customers/:id/financials', () => {
  it('lists the ledger newest first with totals per currency, never adding currencies', async () => {
    const customerId = await newCustomer();
    const post = (body: object) =>
      request(t.app).post(`/api/crm/customers/${customerId}/transactions`).set(auth()).send(body);
    await post({ flow: 'invoice', amount: 1000.1, invoice_ref: 'ΤΔΑ 1', date: '2026-01-10T09:00:00Z' });
    await post({ flow: 'payment', payment_type: 'cash', amount: 300.2, date: '2026-02-10T09:00:00Z' });
    await post({ flow: 'refund', payment_type: 'cash', amount: 0.2, date: '2026-01-20' });
    await post({ flow: 'credit', amount: 99.99, date: '2026-03-01T00:00:00+02:00' });
    await post({ flow: 'invoice', amount: 50, currency: 'usd', date: '2025-12-01T00:00:00Z' });

    const body = await financials(customerId);
    expect(body.transactions.map((e: { date: string }) => e.date)).toEqual([
      '2026-02-28T22:00:00.000Z',
      '2026-02-10T09:00:00.000Z',
      '2026-01-20T00:00:00.000Z',
      '2026-01-10T09:00:00.000Z',
      '2025-12-01T00:00:00.000Z',
    ]);
    expect(body.transactions[4]).toMatchObject({ currency: 'USD', payment_type: null, category: 'full_payment' });
    expect(body.totals).toEqual([
      { currency: 'EUR', invoiced: 1000.1, paid: 300, credits: 99.99, outstanding: 600.11 },
      { currency: 'USD', invoiced: 50, paid: 0, credits: 0, outstanding: 50 },
    ]);
  });

  it('reads legacy entries without ids, and the first edit keeps the id it showed', async () => {
    const customerId = await newCustomer();
    await t.store.update(`crm_customers/${customerId}`, {
      transaction_history: [
        { date: new Date('2025-05-01T10:00:00Z'), flow: 'invoice', amount: 200, recorded_by: 'system', note: 'παλιό' },
        { date: '2025-05-02T10:00:00', flow: 'payment', payment_type: 'cash', amount: 50, legacy_receipt: 'Α-118' },
      ],
    });
    const before = await financials(customerId);
    expect(before.transactions.map((e: { id: string }) => e.id)).toEqual(['legacy-1', 'legacy-0']);
    expect(before.totals).toEqual([{ currency: 'EUR', invoiced: 200, paid: 50, credits: 0, outstanding: 150 }]);

    const edited = await request(t.app)
      .patch(`/api/crm/customers/${customerId}/transactions/legacy-1`)
      .set(auth())
      .send({ amount: 75 });
    expect(edited.status).toBe(200);
    await request(t.app).delete(`/api/crm/customers/${customerId}/transactions/legacy-0`).set(auth()).expect(204);
    const after = await financials(customerId);
    expect(after.transactions).toHaveLength(1);
    expect(after.transactions[0]).toMatchObject({ id: 'legacy-1', amount: 75 });
    const stored = (await t.store.get(`crm_customers/${customerId}`))!.data.transaction_history as object[];
    expect(stored).toEqual([expect.objectContaining({ id: 'legacy-1', amount: 75, legacy_receipt: 'Α-118' })]);
  });

  it('answers 404 for an unknown customer', async () => {
    const res = await request(t.app).get('/api/crm/customers/nobody/financials').set(auth('viewer'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('ledger validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a zero amount', { flow: 'payment', payment_type: 'cash', amount: 0 }, 'amount'],
    ['a negative amount', { flow: 'payment', payment_type: 'cash', amount: -5 }, 'amount'],
    ['three decimals', { flow: 'payment', payment_type: 'cash', amount: 10.005 }, 'amount'],
    ['an amount as text', { flow: 'payment', payment_type: 'cash', amount: '10' }, 'amount'],
    ['an unknown flow', { flow: 'gift', amount: 10 }, 'flow'],
    ['an unknown payment type', { flow: 'payment', payment_type: 'cheque', amount: 10 }, 'payment_type'],
    ['a payment type on an invoice', { flow: 'invoice', payment_type: 'cash', amount: 10 }, 'payment_type'],
    ['a payment without a payment type', { flow: 'payment', amount: 10 }, 'payment_type'],
    ['an unknown category', { flow: 'payment', payment_type: 'cash', category: 'tip', amount: 10 }, 'category'],
    ['a currency that is not ISO 4217', { flow: 'payment', payment_type: 'cash', amount: 10, currency: 'XYZ' }, 'currency'],
    ['a malformed date', { flow: 'payment', payment_type: 'cash', amount: 10, date: '10/03/2026' }, 'date'],
    ['a forged recorded_by_uid', { flow: 'payment', payment_type: 'cash', amount: 10, recorded_by_uid: 'someone' }, ''],
  ];
  it.each(cases)('refuses %s with 400 naming the field, storing nothing', async (_name, body, path) => {
    const customerId = await newCustomer();
    const res = await request(t.app).post(`/api/crm/customers/${customerId}/transactions`).set(auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await financials(customerId)).transactions).toEqual([]);
  });

  it('refuses an order_ref naming no order of the customer (422), storing nothing', async () => {
    const customerId = await newCustomer();
    const other = await newCustomer();
    const foreign = await newOrder(other);
    for (const ref of ['missing-order', foreign.id]) {
      const res = await request(t.app)
        .post(`/api/crm/customers/${customerId}/transactions`)
        .set(auth())
        .send(payment(ref, 10));
      expect(res.status).toBe(422);
      expect(res.body.error.details[0].path).toBe('order_ref');
    }
    expect((await financials(customerId)).transactions).toEqual([]);
  });

  it('refuses a currency other than the order’s, on create and on edit (422)', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const res = await request(t.app)
      .post(`/api/crm/customers/${customerId}/transactions`)
      .set(auth())
      .send(payment(order.id, 10, { currency: 'USD' }));
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('currency');

    const ok = await request(t.app).post(`/api/crm/customers/${customerId}/transactions`).set(auth()).send(payment(order.id, 10));
    const edit = await request(t.app)
      .patch(`/api/crm/customers/${customerId}/transactions/${ok.body.id}`)
      .set(auth())
      .send({ currency: 'GBP' });
    expect(edit.status).toBe(422);
    expect((await financials(customerId)).transactions[0]).toMatchObject({ currency: 'EUR', amount: 10 });
    expect((await readOrder(customerId, order.id)).payment_status.received_amount).toBe(10);
  });

  it('refuses an edit that breaks the payment-type rule (422) or is empty (400)', async () => {
    const customerId = await newCustomer();
    const ok = await request(t.app).post(`/api/crm/customers/${customerId}/transactions`).set(auth()).send(payment(null, 10));
    const url = `/api/crm/customers/${customerId}/transactions/${ok.body.id}`;
    const toInvoice = await request(t.app).patch(url).set(auth()).send({ flow: 'invoice' });
    expect(toInvoice.status).toBe(422);
    expect(toInvoice.body.error.details[0].path).toBe('payment_type');
    expect((await request(t.app).patch(url).set(auth()).send({ flow: 'invoice', payment_type: null })).status).toBe(200);
    const empty = await request(t.app).patch(url).set(auth()).send({});
    expect(empty.status).toBe(400);
    const bad = await request(t.app).patch(url).set(auth()).send({ amount: 1.234 });
    expect(bad.body.error.details[0].path).toBe('amount');
  });

  it('answers 404 for an unknown customer or transaction', async () => {
    const customerId = await newCustomer();
    expect((await request(t.app).post('/api/crm/customers/nobody/transactions').set(auth()).send(payment(null, 1))).status).toBe(404);
    expect((await request(t.app).patch(`/api/crm/customers/${customerId}/transactions/nope`).set(auth()).send({ amount: 1 })).status).toBe(404);
    expect((await request(t.app).delete(`/api/crm/customers/${customerId}/transactions/nope`).set(auth())).status).toBe(404);
  });
});

describe('ledger roles', () => {
  it('lets a viewer read but not write, and refuses callers without a token', async () => {
    const customerId = await newCustomer();
    const ok = await request(t.app).post(`/api/crm/customers/${customerId}/transactions`).set(auth()).send(payment(null, 10));
    const url = `/api/crm/customers/${customerId}/transactions`;
    expect((await request(t.app).post(url).set(auth('viewer')).send(payment(null, 10))).status).toBe(403);
    expect((await request(t.app).patch(`${url}/${ok.body.id}`).set(auth('viewer')).send({ amount: 1 })).status).toBe(403);
    expect((await request(t.app).delete(`${url}/${ok.body.id}`).set(auth('viewer'))).status).toBe(403);
    expect((await request(t.app).post(url).send(payment(null, 10))).status).toBe(401);
    expect((await request(t.app).get(`/api/crm/customers/${customerId}/financials`)).status).toBe(401);
    expect((await request(t.app).get(`/api/crm/customers/${customerId}/financials`).set(auth('viewer'))).status).toBe(200);
    expect((await request(t.app).post(url).set(auth('admin')).send(payment(null, 10))).status).toBe(201);
    expect((await financials(customerId)).transactions).toHaveLength(2);
  });
});

describe('concurrent ledger writes', () => {
  it('keeps every one of 50 concurrent payments on one customer', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(t.app)
          .post(`/api/crm/customers/${customerId}/transactions`)
          .set(auth())
          .send(payment(order.id, 1.01, { note: `δόση ${i + 1}` })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const { transactions } = await financials(customerId);
    expect(transactions).toHaveLength(50);
    expect(new Set(transactions.map((e: { id: string }) => e.id)).size).toBe(50);
    expect(new Set(transactions.map((e: { note: string }) => e.note)).size).toBe(50);
    expect((await readOrder(customerId, order.id)).payment_status).toMatchObject({ received_amount: 50.5, balance_due: 1950.5 });
  });
});
