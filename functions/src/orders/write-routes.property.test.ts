import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Random and malformed bodies against every write route of orders and the ledger: never a
 * 5xx, and a refused request leaves the customer, its orders and the order counters as they were.
 */

let t: TestApp;
let customerId: string;
let orderId: string;
let txId: string;

beforeAll(async () => {
  t = await createTestApp();
  const auth = { Authorization: `Bearer ${t.tokens.editor}` };
  customerId = (await request(t.app).post('/api/crm/customers').set(auth).send({ name: 'Φώτης Χατζηνικολάου' })).body.id;
  orderId = (
    await request(t.app)
      .post(`/api/crm/customers/${customerId}/orders`)
      .set(auth)
      .send({ title: 'Δείγματα', items: [{ type: 'freetext', description: 'x', quantity: 1, unit_price: 100 }] })
  ).body.id;
  txId = (
    await request(t.app)
      .post(`/api/crm/customers/${customerId}/transactions`)
      .set(auth)
      .send({ flow: 'payment', payment_type: 'cash', amount: 10, order_ref: orderId })
  ).body.id;
});
afterAll(async () => {
  await t.close();
});

async function snapshot(): Promise<unknown> {
  const [customer, orders, counters] = await Promise.all([
    t.store.get(`crm_customers/${customerId}`),
    t.store.query({ collection: `crm_customers/${customerId}/orders` }),
    t.store.query({ collection: 'crm_counters' }),
  ]);
  return { customer: customer?.data, orders: orders.map((o) => [o.path, o.data]), counters: counters.map((c) => c.data) };
}

/** A valid body with one field replaced, removed or added, or any JSON value at all. */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = [...Object.keys(valid), 'id', 'recorded_by', 'payment_status', '__proto__', 'constructor'];
  const value = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constantFrom(null, '', -1, 0, 1e308, 10.005, '2026-13-45', 'EUR', 'negotiating', []),
  );
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), value).map(([key, v]) => ({ ...valid, [key]: v })),
    fc.constantFrom(...Object.keys(valid)).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.anything({ maxDepth: 4 }),
  );
}

const routes: { name: string; method: 'post' | 'patch'; url: () => string; valid: () => Record<string, unknown> }[] = [
  {
    name: 'POST transactions',
    method: 'post',
    url: () => `/api/crm/customers/${customerId}/transactions`,
    valid: () => ({ flow: 'payment', payment_type: 'card', category: 'installment', amount: 5, currency: 'EUR', order_ref: orderId, note: 'n' }),
  },
  {
    name: 'PATCH transaction',
    method: 'patch',
    url: () => `/api/crm/customers/${customerId}/transactions/${txId}`,
    valid: () => ({ amount: 12.5, note: 'n', date: '2026-03-01T10:00:00Z' }),
  },
  {
    name: 'POST orders',
    method: 'post',
    url: () => `/api/crm/customers/${customerId}/orders`,
    valid: () => ({
      title: 't',
      status: 'shipped',
      items: [{ type: 'product', product_name: 'p', quantity: 2, unit_price: 3.5 }],
      discount: { type: 'fixed', value: 1 },
      currency: 'EUR',
      shipping: { carrier: 'ACS' },
    }),
  },
  {
    name: 'POST init-negotiations',
    method: 'post',
    url: () => `/api/crm/customers/${customerId}/orders/init-negotiations`,
    valid: () => ({ title: 't', note: 'n', date: '2026-03-01' }),
  },
  {
    name: 'PATCH order',
    method: 'patch',
    url: () => `/api/crm/customers/${customerId}/orders/${orderId}`,
    valid: () => ({ title: 't', status: 'manufacturing', discount: { type: 'percentage', value: 5 }, notes: 'n' }),
  },
  {
    name: 'POST timeline',
    method: 'post',
    url: () => `/api/crm/customers/${customerId}/orders/${orderId}/timeline`,
    valid: () => ({ type: 'note', note: 'n', date: '2026-03-01T10:00:00+02:00' }),
  },
  {
    name: 'PATCH payment-status',
    method: 'patch',
    url: () => `/api/crm/customers/${customerId}/orders/${orderId}/payment-status`,
    valid: () => ({ required_amount: 100, advance_required: true, advance_amount: 30 }),
  },
];

describe('write routes under random bodies', () => {
  it.each(routes)('$name: no 5xx, and a refused body stores nothing', async (route) => {
    const send = (body: unknown) =>
      request(t.app)[route.method](route.url())
        .set('Authorization', `Bearer ${t.tokens.editor}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body) ?? 'undefined');
    // The unmutated body is accepted, so the mutations probe one fault at a time.
    expect((await send(route.valid())).status).toBeLessThan(300);
    await fc.assert(
      fc.asyncProperty(bodies(route.valid()), async (body) => {
        const before = await snapshot();
        const res = await send(body);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.body.error.code).toEqual(expect.any(String));
          expect(await snapshot()).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });
});
