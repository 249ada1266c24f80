import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestRole } from '../test-support/test-app.js';
import { orderYear } from './order-number.js';
import { orderStatuses } from './orders.schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Product items must name a product that exists.
  await t.store.create('crm_products/p1', { name: 'Οδηγός ρολογιού TCL-1', category: 'part', price: 980, currency: 'EUR' });
});
afterAll(async () => {
  await t.close();
});

const auth = (role: TestRole = 'editor') => ({ Authorization: `Bearer ${t.tokens[role]}` });
const year = orderYear(new Date());

async function newCustomer(body: Record<string, unknown> = {}): Promise<string> {
  const res = await request(t.app)
    .post('/api/crm/customers')
    .set(auth())
    .send({ name: 'Κώστας Αλεξίου', organization: 'Δήμος Ναυπλιέων', ...body });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const orderBody = {
  title: 'Ανακαίνιση ρολογιού δημαρχείου',
  items: [
    { type: 'product', product_id: 'p1', product_name: 'Οδηγός ρολογιού TCL-1', quantity: 1, unit_price: 980 },
    { type: 'freetext', description: 'Εργασία εγκατάστασης', quantity: 3, unit_price: 33.33 },
  ],
  discount: { type: 'percentage', value: 10, reason: 'Δήμος' },
};

async function newOrder(customerId: string, body: Record<string, unknown> = orderBody) {
  const res = await request(t.app).post(`/api/crm/customers/${customerId}/orders`).set(auth()).send(body);
  expect(res.status).toBe(201);
  return res.body;
}

const ordersUrl = (customerId: string) => `/api/crm/customers/${customerId}/orders`;

describe('POST /crm/customers/:id/orders', () => {
  it('creates an order with a number, server-computed totals and who created it', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    expect(order).toMatchObject({
      customer_id: customerId,
      title: orderBody.title,
      status: 'negotiating',
      status_updated_by: t.users.editor.name,
      created_by: t.users.editor.name,
      created_by_uid: t.users.editor.uid,
      subtotal: 1079.99,
      discount: { type: 'percentage', value: 10, reason: 'Δήμος' },
      total_price: 971.99,
      currency: 'EUR',
      shipping: { method: '', tracking_number: '', carrier: '', shipped_at: null, delivered_at: null, destination: '' },
      invoice_path: '',
      notes: '',
      payment_status: {
        required_amount: 971.99,
        received_amount: 0,
        balance_due: 971.99,
        advance_required: false,
        advance_amount: null,
        payment_complete: false,
      },
    });
    expect(order.order_number).toMatch(new RegExp(`^ORD-${year}-\\d{3,}$`));
    expect(order.items.map((i: { id: string }) => i.id)).toEqual([expect.any(String), expect.any(String)]);
    expect(order.timeline).toEqual([
      expect.objectContaining({ type: 'note', props: { from: null, to: 'negotiating' }, note: '', updated_by: t.users.editor.name }),
    ]);
    const read = await request(t.app).get(`${ordersUrl(customerId)}/${order.id}`).set(auth('viewer'));
    expect(read.body).toEqual(order);
  });

  it('takes payment terms, shipping and currency at creation', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId, {
      title: 'Church of St Andrew, London',
      currency: 'GBP',
      items: [{ type: 'product', product_name: 'Vesper Plus', quantity: 1, unit_price: 1300 }],
      shipping: { carrier: 'DHL', destination: 'London' },
      payment_status: { required_amount: 1250, advance_required: true, advance_amount: 400 },
    });
    expect(order).toMatchObject({
      currency: 'GBP',
      shipping: { carrier: 'DHL', destination: 'London', method: '' },
      payment_status: { required_amount: 1250, advance_required: true, advance_amount: 400, balance_due: 1250 },
    });
  });

  const invalid: [string, Record<string, unknown>, string, number][] = [
    ['a missing title', { items: [] }, 'title', 400],
    ['a blank title', { title: '   ' }, 'title', 400],
    ['an unknown status', { title: 'x', status: 'draft' }, 'status', 400],
    ['a zero quantity', { title: 'x', items: [{ type: 'freetext', quantity: 0, unit_price: 1 }] }, 'items.0.quantity', 400],
    ['a fractional quantity', { title: 'x', items: [{ type: 'freetext', quantity: 1.5, unit_price: 1 }] }, 'items.0.quantity', 400],
    ['a price with 3 decimals', { title: 'x', items: [{ type: 'freetext', quantity: 1, unit_price: 1.001 }] }, 'items.0.unit_price', 400],
    ['an unknown item type', { title: 'x', items: [{ type: 'gift', quantity: 1, unit_price: 1 }] }, 'items.0.type', 400],
    ['a percentage over 100', { title: 'x', discount: { type: 'percentage', value: 101 } }, 'discount.value', 400],
    ['a client-computed total', { title: 'x', total_price: 5 }, '', 400],
    ['a client order number', { title: 'x', order_number: 'ORD-1999-001' }, '', 400],
    ['a typed received amount', { title: 'x', payment_status: { received_amount: 5 } }, 'payment_status', 400],
    [
      'a fixed discount above the subtotal',
      { title: 'x', items: [{ type: 'freetext', quantity: 1, unit_price: 10 }], discount: { type: 'fixed', value: 11 } },
      'discount.value',
      422,
    ],
    ['an advance above the required amount', { title: 'x', payment_status: { required_amount: 10, advance_required: true, advance_amount: 20 } }, 'advance_amount', 422],
  ];
  it.each(invalid)('refuses %s, naming the field and storing nothing', async (_name, body, path, status) => {
    const customerId = await newCustomer();
    const res = await request(t.app).post(ordersUrl(customerId)).set(auth()).send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    const list = await request(t.app).get(ordersUrl(customerId)).set(auth('viewer'));
    expect(list.body.orders).toEqual([]);
  });

  it('answers 404 for an unknown customer', async () => {
    const res = await request(t.app).post(ordersUrl('nobody')).set(auth()).send(orderBody);
    expect(res.status).toBe(404);
  });

  it('gives 20 concurrent creates 20 distinct consecutive numbers', async () => {
    const customers = await Promise.all([newCustomer(), newCustomer()]);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.app)
          .post(ordersUrl(customers[i % 2]!))
          .set(auth())
          .send({ title: `Παραγγελία ${i}` }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const sequence = responses.map((r) => Number(/^ORD-\d{4}-(\d+)$/.exec(r.body.order_number)![1])).sort((a, b) => a - b);
    expect(new Set(sequence).size).toBe(20);
    expect(sequence[19]! - sequence[0]!).toBe(19);
  });
});

describe('GET /crm/customers/:id/orders', () => {
  it('lists newest first, filters by status and pages with a cursor', async () => {
    const customerId = await newCustomer();
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await newOrder(customerId, { title: `Παραγγελία ${i}`, status: i % 2 ? 'shipped' : 'negotiating' }));
    const first = await request(t.app).get(ordersUrl(customerId)).query({ limit: 2 }).set(auth('viewer'));
    expect(first.status).toBe(200);
    expect(first.body.orders.map((o: { title: string }) => o.title)).toEqual(['Παραγγελία 4', 'Παραγγελία 3']);
    const second = await request(t.app).get(ordersUrl(customerId)).query({ limit: 2, cursor: first.body.next_cursor }).set(auth('viewer'));
    const third = await request(t.app).get(ordersUrl(customerId)).query({ limit: 2, cursor: second.body.next_cursor }).set(auth('viewer'));
    expect([...second.body.orders, ...third.body.orders].map((o: { title: string }) => o.title)).toEqual([
      'Παραγγελία 2',
      'Παραγγελία 1',
      'Παραγγελία 0',
    ]);
    expect(third.body.next_cursor).toBeNull();

    const shipped = await request(t.app).get(ordersUrl(customerId)).query({ status: 'shipped' }).set(auth('viewer'));
    expect(shipped.body.orders.map((o: { title: string }) => o.title)).toEqual(['Παραγγελία 3', 'Παραγγελία 1']);
  });

  it('refuses a bad status, limit or cursor with 400, and an unknown customer with 404', async () => {
    const customerId = await newCustomer();
    const bad = async (query: Record<string, string>, path: string) => {
      const res = await request(t.app).get(ordersUrl(customerId)).query(query).set(auth('viewer'));
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
    };
    await bad({ status: 'draft' }, 'status');
    await bad({ limit: '0' }, 'limit');
    await bad({ cursor: 'not-a-cursor' }, 'cursor');
    expect((await request(t.app).get(ordersUrl('nobody')).set(auth('viewer'))).status).toBe(404);
  });
});

describe('PATCH /crm/customers/:id/orders/:orderId', () => {
  it('records a status change with who, when and a timeline event', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const res = await request(t.app)
      .patch(`${ordersUrl(customerId)}/${order.id}`)
      .set(auth('admin'))
      .send({ status: 'manufacturing', notes: 'Κατασκευή στο εργαστήριο' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'manufacturing', status_updated_by: t.users.admin.name, notes: 'Κατασκευή στο εργαστήριο' });
    expect(Date.parse(res.body.status_updated_date)).toBeGreaterThan(Date.parse(order.status_updated_date) - 1);
    expect(res.body.timeline).toHaveLength(2);
    expect(res.body.timeline[1]).toMatchObject({
      type: 'mfg_started',
      props: { from: 'negotiating', to: 'manufacturing' },
      note: '',
      updated_by: t.users.admin.name,
    });
    const same = await request(t.app).patch(`${ordersUrl(customerId)}/${order.id}`).set(auth()).send({ status: 'manufacturing' });
    expect(same.body.timeline).toHaveLength(2);
    const read = await request(t.app).get(`${ordersUrl(customerId)}/${order.id}`).set(auth('viewer'));
    expect(read.body).toEqual(same.body);
  });

  it('recomputes totals when items or discount change; the required amount follows an untouched total', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const res = await request(t.app)
      .patch(`${ordersUrl(customerId)}/${order.id}`)
      .set(auth())
      .send({ items: [{ ...order.items[0], quantity: 2 }], discount: { type: 'fixed', value: 60 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subtotal: 1960, total_price: 1900 });
    expect(res.body.items[0].id).toBe(order.items[0].id);
    expect(res.body.payment_status).toMatchObject({ required_amount: 1900, balance_due: 1900 });

    await request(t.app).patch(`${ordersUrl(customerId)}/${order.id}/payment-status`).set(auth()).send({ required_amount: 1800 });
    const again = await request(t.app).patch(`${ordersUrl(customerId)}/${order.id}`).set(auth()).send({ discount: { type: 'fixed', value: 0 } });
    expect(again.body).toMatchObject({ total_price: 1960, payment_status: { required_amount: 1800 } });
  });

  it('reprices stored legacy items on a discount change, keeping their fields, or asks for the items (422)', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const path = `crm_customers/${customerId}/orders/${order.id}`;
    await t.store.update(path, { items: [{ type: 'product', quantity: 2, unit_price: 50, old_code: 'K-7' }] });
    const url = `${ordersUrl(customerId)}/${order.id}`;
    const res = await request(t.app).patch(url).set(auth()).send({ discount: { type: 'fixed', value: 10 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subtotal: 100, total_price: 90, items: [{ old_code: 'K-7', quantity: 2 }] });

    await t.store.update(path, { items: [{ type: 'freetext', description: 'χωρίς τιμή', quantity: 1 }] });
    const unpriced = await request(t.app).patch(url).set(auth()).send({ discount: { type: 'fixed', value: 0 } });
    expect(unpriced.status).toBe(422);
    expect(unpriced.body.error.details[0].path).toBe('items');
  });

  it('refuses a currency change while ledger entries reference the order (409), and allows it otherwise', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const url = `${ordersUrl(customerId)}/${order.id}`;
    expect((await request(t.app).patch(url).set(auth()).send({ currency: 'USD' })).body.currency).toBe('USD');
    await request(t.app)
      .post(`/api/crm/customers/${customerId}/transactions`)
      .set(auth())
      .send({ flow: 'payment', payment_type: 'card', amount: 100, currency: 'USD', order_ref: order.id })
      .expect(201);
    const res = await request(t.app).patch(url).set(auth()).send({ currency: 'EUR' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/ledger entry references this order in USD/);
    expect((await request(t.app).get(url).set(auth('viewer'))).body).toMatchObject({ currency: 'USD', payment_status: { received_amount: 100 } });
  });

  it('refuses bad bodies (400), computed fields, and unknown orders (404)', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const url = `${ordersUrl(customerId)}/${order.id}`;
    for (const [body, path] of [
      [{}, ''],
      [{ status: 'lost' }, 'status'],
      [{ title: '' }, 'title'],
      [{ subtotal: 1 }, ''],
      [{ payment_status: { required_amount: 1 } }, ''],
      [{ items: [{ id: 'a', type: 'freetext', quantity: 1, unit_price: 1 }, { id: 'a', type: 'freetext', quantity: 1, unit_price: 1 }] }, 'items.1.id'],
    ] as const) {
      const res = await request(t.app).patch(url).set(auth()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await request(t.app).get(url).set(auth('viewer'))).body).toEqual(order);
    expect((await request(t.app).patch(`${ordersUrl(customerId)}/missing`).set(auth()).send({ title: 'x' })).status).toBe(404);
    expect((await request(t.app).patch(`${ordersUrl('nobody')}/${order.id}`).set(auth()).send({ title: 'x' })).status).toBe(404);
  });
});

describe('POST …/timeline', () => {
  it('appends an event by the signed-in user and stamps the status update', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const res = await request(t.app)
      .post(`${ordersUrl(customerId)}/${order.id}/timeline`)
      .set(auth())
      .send({ type: 'quote_sent', note: 'Στάλθηκε προσφορά 1.900 €', date: '2026-03-24T08:30:00Z' });
    expect(res.status).toBe(201);
    expect(res.body.timeline[1]).toEqual({
      id: expect.any(String),
      date: '2026-03-24T08:30:00.000Z',
      type: 'quote_sent',
      note: 'Στάλθηκε προσφορά 1.900 €',
      updated_by: t.users.editor.name,
      updated_by_uid: t.users.editor.uid,
    });
    expect(res.body.status_updated_by).toBe(t.users.editor.name);
    expect(res.body.status).toBe('negotiating');
  });

  it('refuses an unknown type or an empty note (400) and an unknown order (404)', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const url = `${ordersUrl(customerId)}/${order.id}/timeline`;
    const badType = await request(t.app).post(url).set(auth()).send({ type: 'party', note: 'x' });
    expect(badType.body.error.details[0].path).toBe('type');
    const noNote = await request(t.app).post(url).set(auth()).send({ type: 'note', note: ' ' });
    expect(noNote.body.error.details[0].path).toBe('note');
    expect((await request(t.app).post(`${ordersUrl(customerId)}/missing/timeline`).set(auth()).send({ type: 'note', note: 'x' })).status).toBe(404);
    expect((await request(t.app).get(`${ordersUrl(customerId)}/${order.id}`).set(auth('viewer'))).body.timeline).toHaveLength(1);
  });
});

describe('PATCH …/payment-status', () => {
  it('sets only the staff-decided terms and recomputes the rest from the ledger', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    await request(t.app)
      .post(`/api/crm/customers/${customerId}/transactions`)
      .set(auth())
      .send({ flow: 'payment', payment_type: 'cash', amount: 300, order_ref: order.id });
    const url = `${ordersUrl(customerId)}/${order.id}/payment-status`;
    const res = await request(t.app).patch(url).set(auth()).send({ required_amount: 1000, advance_required: true, advance_amount: 300 });
    expect(res.status).toBe(200);
    expect(res.body.payment_status).toEqual({
      required_amount: 1000,
      received_amount: 300,
      balance_due: 700,
      advance_required: true,
      advance_amount: 300,
      payment_complete: false,
    });
    const off = await request(t.app).patch(url).set(auth()).send({ advance_required: false });
    expect(off.body.payment_status).toMatchObject({ advance_required: false, advance_amount: null });
    const done = await request(t.app).patch(url).set(auth()).send({ required_amount: 300 });
    expect(done.body.payment_status).toMatchObject({ balance_due: 0, payment_complete: true });
  });

  it('refuses computed fields (400), inconsistent terms (422) and unknown orders (404)', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const url = `${ordersUrl(customerId)}/${order.id}/payment-status`;
    const typed = await request(t.app).patch(url).set(auth()).send({ received_amount: 5 });
    expect(typed.status).toBe(400);
    expect((await request(t.app).patch(url).set(auth()).send({ required_amount: -1 })).body.error.details[0].path).toBe('required_amount');
    const noAdvance = await request(t.app).patch(url).set(auth()).send({ advance_amount: 10 });
    expect(noAdvance.status).toBe(422);
    expect(noAdvance.body.error.details[0].path).toBe('advance_amount');
    expect((await request(t.app).patch(`${ordersUrl(customerId)}/missing/payment-status`).set(auth()).send({ required_amount: 1 })).status).toBe(404);
    expect((await request(t.app).get(`${ordersUrl(customerId)}/${order.id}`).set(auth('viewer'))).body.payment_status).toEqual(order.payment_status);
  });
});

describe('POST …/orders/init-negotiations', () => {
  it('creates a negotiating order and moves a lead or prospect to active, in one go', async () => {
    for (const status of ['lead', 'prospect']) {
      const customerId = await newCustomer({ relationship_status: status });
      const res = await request(t.app)
        .post(`${ordersUrl(customerId)}/init-negotiations`)
        .set(auth())
        .send({ title: '3 καμπάνες, Αγ. Παρασκευή', note: 'Ζήτησε πιο οικονομική προσφορά', date: '2026-03-24T10:00:00Z' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'negotiating',
        title: '3 καμπάνες, Αγ. Παρασκευή',
        created_by: t.users.editor.name,
        status_updated_by: t.users.editor.name,
        status_updated_date: '2026-03-24T10:00:00.000Z',
        notes: 'Ζήτησε πιο οικονομική προσφορά',
        payment_status: { required_amount: 0, received_amount: 0, balance_due: 0, payment_complete: false },
        timeline: [{ type: 'note', props: { from: null, to: 'negotiating' }, note: 'Ζήτησε πιο οικονομική προσφορά', date: '2026-03-24T10:00:00.000Z' }],
      });
      expect(res.body.order_number).toMatch(/^ORD-\d{4}-\d{3,}$/);
      const customer = await request(t.app).get(`/api/crm/customers/${customerId}`).set(auth('viewer'));
      expect(customer.body.relationship_status).toBe('active');
      const filtered = await request(t.app).get('/api/crm/customers').query({ relationship_status: 'active' }).set(auth('viewer'));
      expect(filtered.body.customers.map((c: { id: string }) => c.id)).toContain(customerId);
    }
  });

  it('never downgrades or revives a customer', async () => {
    for (const status of ['active', 'inactive', 'churned']) {
      const customerId = await newCustomer({ relationship_status: status });
      const res = await request(t.app).post(`${ordersUrl(customerId)}/init-negotiations`).set(auth()).send({ title: 'Νέα συζήτηση' });
      expect(res.status).toBe(201);
      expect(res.body.timeline[0]).toMatchObject({ props: { from: null, to: 'negotiating' }, note: '' });
      const customer = await request(t.app).get(`/api/crm/customers/${customerId}`).set(auth('viewer'));
      expect(customer.body.relationship_status).toBe(status);
    }
  });

  it('refuses a missing title (400) or customer (404) and changes nothing', async () => {
    const customerId = await newCustomer();
    const res = await request(t.app).post(`${ordersUrl(customerId)}/init-negotiations`).set(auth()).send({ note: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('title');
    expect((await request(t.app).get(`/api/crm/customers/${customerId}`).set(auth('viewer'))).body.relationship_status).toBe('lead');
    expect((await request(t.app).post(`${ordersUrl('nobody')}/init-negotiations`).set(auth()).send({ title: 'x' })).status).toBe(404);
  });
});

describe('DELETE /crm/customers/:id/orders/:orderId', () => {
  it('deletes an order nothing references', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const url = `${ordersUrl(customerId)}/${order.id}`;
    expect((await request(t.app).delete(url).set(auth())).status).toBe(204);
    expect((await request(t.app).get(url).set(auth('viewer'))).status).toBe(404);
    expect((await request(t.app).delete(url).set(auth())).status).toBe(404);
  });

  it('refuses (409) while ledger entries reference the order, keeping order and entries', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const tx = await request(t.app)
      .post(`/api/crm/customers/${customerId}/transactions`)
      .set(auth())
      .send({ flow: 'payment', payment_type: 'cash', amount: 50, order_ref: order.id });
    const url = `${ordersUrl(customerId)}/${order.id}`;
    const res = await request(t.app).delete(url).set(auth());
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `Order ${order.order_number} is referenced by 1 ledger entry; delete them or move them to another order first`,
    );
    expect((await request(t.app).get(url).set(auth('viewer'))).status).toBe(200);
    await request(t.app).delete(`/api/crm/customers/${customerId}/transactions/${tx.body.id}`).set(auth()).expect(204);
    expect((await request(t.app).delete(url).set(auth())).status).toBe(204);
  });
});

describe('GET /crm/orders (every customer)', () => {
  it('lists orders across customers with their customer’s name, filtered by status and date, paged', async () => {
    const before = new Date();
    const a = await newCustomer({ name: 'π. Σπυρίδων Βλάχος', organization: 'Ι.Ν. Αγίου Σπυρίδωνος' });
    const b = await newCustomer({ name: 'Μαρία Σωτηρίου', organization: 'Δήμος Καλαμάτας' });
    const made = [];
    for (const [customer, status] of [[a, 'installed'], [b, 'installed'], [a, 'declined'], [b, 'installed']] as const) {
      made.push(await newOrder(customer, { title: `${status} ${made.length}`, status }));
    }
    const from = before.toISOString();
    const page1 = await request(t.app).get('/api/crm/orders').query({ status: 'installed', from, limit: 2 }).set(auth('viewer'));
    expect(page1.status).toBe(200);
    expect(page1.body.orders.map((o: { id: string }) => o.id)).toEqual([made[3].id, made[1].id]);
    expect(page1.body.orders[0]).toMatchObject({ customer_id: b, customer_name: 'Μαρία Σωτηρίου', customer_organization: 'Δήμος Καλαμάτας' });
    const page2 = await request(t.app)
      .get('/api/crm/orders')
      .query({ status: 'installed', from, limit: 2, cursor: page1.body.next_cursor })
      .set(auth('viewer'));
    expect(page2.body.orders.map((o: { id: string; customer_name: string }) => [o.id, o.customer_name])).toEqual([
      [made[0].id, 'π. Σπυρίδων Βλάχος'],
    ]);
    expect(page2.body.next_cursor).toBeNull();

    const all = await request(t.app).get('/api/crm/orders').query({ from, limit: 200 }).set(auth('viewer'));
    expect(all.body.orders.map((o: { id: string }) => o.id)).toEqual([...made].reverse().map((o) => o.id));
    const none = await request(t.app).get('/api/crm/orders').query({ from, to: from }).set(auth('viewer'));
    expect(none.status).toBe(400);
    const past = await request(t.app).get('/api/crm/orders').query({ to: before.toISOString(), limit: 200 }).set(auth('viewer'));
    expect(past.body.orders.map((o: { id: string }) => o.id)).not.toContain(made[0].id);
  });

  it('accepts every status as a filter and refuses unknown ones', async () => {
    for (const status of orderStatuses) {
      expect((await request(t.app).get('/api/crm/orders').query({ status }).set(auth('viewer'))).status).toBe(200);
    }
    const bad = await request(t.app).get('/api/crm/orders').query({ status: 'lost' }).set(auth('viewer'));
    expect(bad.body.error.details[0].path).toBe('status');
  });
});

describe('order roles', () => {
  it('lets a viewer read but not write, and refuses callers without a token', async () => {
    const customerId = await newCustomer();
    const order = await newOrder(customerId);
    const url = `${ordersUrl(customerId)}/${order.id}`;
    const viewer = auth('viewer');
    expect((await request(t.app).post(ordersUrl(customerId)).set(viewer).send(orderBody)).status).toBe(403);
    expect((await request(t.app).post(`${ordersUrl(customerId)}/init-negotiations`).set(viewer).send({ title: 'x' })).status).toBe(403);
    expect((await request(t.app).patch(url).set(viewer).send({ title: 'x' })).status).toBe(403);
    expect((await request(t.app).delete(url).set(viewer)).status).toBe(403);
    expect((await request(t.app).post(`${url}/timeline`).set(viewer).send({ type: 'note', note: 'x' })).status).toBe(403);
    expect((await request(t.app).patch(`${url}/payment-status`).set(viewer).send({ required_amount: 1 })).status).toBe(403);
    expect((await request(t.app).get(url).set(auth('noRole'))).status).toBe(403);
    expect((await request(t.app).get(url)).status).toBe(401);
    expect((await request(t.app).get('/api/crm/orders')).status).toBe(401);
    expect((await request(t.app).get(url).set(viewer)).body).toEqual(order);
  });
});
