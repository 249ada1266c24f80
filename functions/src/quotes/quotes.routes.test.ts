import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestRole } from '../test-support/test-app.js';
import { orderYear } from '../orders/order-number.js';
import { addDays, athensDay } from './quote-days.js';
import { expireSentQuotes } from './quote-expiry.js';

let t: TestApp;
const now = new Date();
const clock = { now: () => now };
beforeAll(async () => {
  t = await createTestApp({ clock });
  await t.store.create('crm_products/bell', {
    name: 'Ηλεκτρομηχανική καμπάνα «Άγιος Γεώργιος» Ø 60 cm',
    description: 'Χυτός ορείχαλκος, με κρούστη και ηλεκτρονικό ελεγκτή',
    category: 'device',
    price: 4_850.5,
    currency: 'EUR',
    archived_at: null,
  });
  await t.store.create('crm_products/old', { name: 'Παλιός κρουστής', category: 'part', price: 10, currency: 'EUR', archived_at: new Date('2025-01-01') });
});
afterAll(async () => {
  await t.close();
});

const auth = (role: TestRole = 'editor') => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function newCustomer(language: string[] = ['el']): Promise<string> {
  const res = await request(t.app)
    .post('/api/crm/customers')
    .set(auth())
    .send({ name: 'π. Χρυσόστομος Παπαδόπουλος-Ξενοφώντος', organization: 'Ιερός Ναός Αγίου Γεωργίου Κερατσινίου', language });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const lines = [
  { product_id: 'bell', quantity: 2, vat_rate: 24 },
  { description: 'Εργασία τοποθέτησης — ώρες τεχνικού', quantity: 3, unit_price: 33.33, discount_percent: 12.5, vat_rate: 13 },
];

async function newQuote(customerId: string, body: Record<string, unknown> = { lines }) {
  const res = await request(t.app).post(`/api/crm/customers/${customerId}/quotes`).set(auth()).send(body);
  expect(res.status).toBe(201);
  return res.body;
}

/** Sending is tested against real SMTP and IMAP in quotes.send.int.test.ts; here a quote is put in `sent` directly. */
async function markSent(customerId: string, quoteId: string, validUntil?: string) {
  await t.store.update(`crm_customers/${customerId}/quotes/${quoteId}`, { state: 'sent', sent_at: now, ...(validUntil ? { valid_until: validUntil } : {}) });
}

const quotesOf = async (customerId: string) => (await request(t.app).get(`/api/crm/customers/${customerId}/quotes`).set(auth('viewer'))).body.quotes;

describe('POST /crm/customers/:id/quotes', () => {
  it('numbers the quote, copies the product as quoted and computes every total on the server', async () => {
    const customerId = await newCustomer();
    const quote = await newQuote(customerId);
    expect(quote.number).toMatch(new RegExp(`^QUO-${orderYear(now)}-\\d{3,}$`));
    // 2 × 4.850,50 = 9.701,00 at 24 %; 3 × 33,33 = 99,99 − 12,5 % = 87,49125 → 87,49 at 13 %.
    expect(quote).toMatchObject({
      revision: 1,
      state: 'draft',
      customer_id: customerId,
      order_id: null,
      language: 'el',
      issue_date: athensDay(now),
      valid_until: addDays(athensDay(now), 30),
      lines: [
        {
          product_id: 'bell',
          description: 'Ηλεκτρομηχανική καμπάνα «Άγιος Γεώργιος» Ø 60 cm\nΧυτός ορείχαλκος, με κρούστη και ηλεκτρονικό ελεγκτή',
          quantity: 2,
          unit_price: 4850.5,
          net: 9701,
          vat: 2328.24,
          gross: 12029.24,
        },
        { product_id: null, unit_price: 33.33, discount_percent: 12.5, net: 87.49, vat: 11.37, gross: 98.86 },
      ],
      totals: {
        net: 9788.49,
        vat: 2339.61,
        gross: 12128.1,
        vat_breakdown: [
          { rate: 24, base: 9701, vat: 2328.24 },
          { rate: 13, base: 87.49, vat: 11.37 },
        ],
      },
      created_by: t.users.editor.name,
    });
  });

  it('starts a year’s numbering after the highest quote already stored (one migrated before the counter)', async () => {
    // A fresh store, so the year has no counter yet and is seeded from what is stored.
    const fresh = await createTestApp();
    const editor = { Authorization: `Bearer ${fresh.tokens.editor}` };
    try {
      const year = orderYear(new Date());
      const c = await request(fresh.app).post('/api/crm/customers').set(editor).send({ name: 'Μονή Αγίου Ιωάννου του Θεολόγου Πάτμου' });
      await fresh.store.create(`crm_customers/${c.body.id}/quotes/migrated`, { quote_id: 'migrated', number: `QUO-${year}-041`, created_at: new Date() });
      const res = await request(fresh.app).post(`/api/crm/customers/${c.body.id}/quotes`).set(editor).send({ lines: [lines[1]] });
      expect(res.status).toBe(201);
      expect(res.body.number).toBe(`QUO-${year}-042`);
    } finally {
      await fresh.close();
    }
  });

  it('gives two quotes created at once two numbers', async () => {
    const customerId = await newCustomer();
    const [a, b] = await Promise.all([newQuote(customerId), newQuote(customerId)]);
    expect(a.number).not.toBe(b.number);
  });

  it('writes an English document for an English-speaking customer and ignores totals a client sends', async () => {
    const customerId = await newCustomer(['en', 'el']);
    const quote = await newQuote(customerId, { lines: [{ description: 'Clock dial', quantity: 1, unit_price: 10, net: 1, vat: 1, gross: 1 }] });
    expect(quote.language).toBe('en');
    expect(quote.lines[0]).toMatchObject({ net: 10, vat: 2.4, gross: 12.4 });
  });

  it.each([
    ['a negative quantity', { quantity: -1 }, 400, 'lines.0.quantity'],
    ['an unknown VAT rate', { vat_rate: 25 }, 400, 'lines.0.vat_rate'],
    ['a discount over 100 %', { discount_percent: 100.5 }, 400, 'lines.0.discount_percent'],
    ['a product that does not exist', { product_id: 'nope' }, 422, 'lines.0.product_id'],
    ['an archived product', { product_id: 'old' }, 422, 'lines.0.product_id'],
  ])('refuses %s, naming the field, and writes nothing', async (_name, change, status, path) => {
    const customerId = await newCustomer();
    const res = await request(t.app)
      .post(`/api/crm/customers/${customerId}/quotes`)
      .set(auth())
      .send({ lines: [{ description: 'Γραμμή', quantity: 1, unit_price: 5, ...change }] });
    expect(res.status).toBe(status);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await quotesOf(customerId)).toEqual([]);
  });

  it('refuses a free-text line without a price and a whole-quote discount over 100 %', async () => {
    const customerId = await newCustomer();
    const res = await request(t.app).post(`/api/crm/customers/${customerId}/quotes`).set(auth()).send({ discount_percent: 120, lines: [{ description: 'Χωρίς τιμή', quantity: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['discount_percent', 'lines.0.unit_price']);
  });

  it('lets a viewer read and not write', async () => {
    const customerId = await newCustomer();
    const res = await request(t.app).post(`/api/crm/customers/${customerId}/quotes`).set(auth('viewer')).send({ lines });
    expect(res.status).toBe(403);
    expect((await request(t.app).get(`/api/crm/customers/${customerId}/quotes`).set(auth('viewer'))).status).toBe(200);
  });
});

describe('POST /crm/quotes/preview', () => {
  it('prices lines as a save would, without saving', async () => {
    const res = await request(t.app).post('/api/crm/quotes/preview').set(auth('viewer')).send({ discount_percent: 10, lines });
    expect(res.status).toBe(200);
    // 24 %: 9.701,00 × 0,9 = 8.730,90 → VAT 2.095,416 → 2.095,42; 13 %: 87,49 × 0,9 = 78,741 → 78,74 → VAT 10,2362 → 10,24.
    expect(res.body.totals).toEqual({
      net: 8809.64,
      vat: 2105.66,
      gross: 10915.3,
      vat_breakdown: [
        { rate: 24, base: 8730.9, vat: 2095.42 },
        { rate: 13, base: 78.74, vat: 10.24 },
      ],
    });
  });
});

describe('PUT /crm/quotes/:id and revise', () => {
  it('edits a draft and reprices it', async () => {
    const customerId = await newCustomer();
    const quote = await newQuote(customerId);
    const res = await request(t.app).put(`/api/crm/quotes/${quote.id}`).set(auth()).send({ discount_percent: 5, payment_terms: '50 % προκαταβολή' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ discount_percent: 5, payment_terms: '50 % προκαταβολή', updated_by: t.users.editor.name });
    expect(res.body.totals.net).toBe(9299.07);
  });

  it('refuses to edit a sent quote (409 naming state) and revises it to v2 with the same number', async () => {
    const customerId = await newCustomer();
    const quote = await newQuote(customerId);
    await markSent(customerId, quote.id);
    const edit = await request(t.app).put(`/api/crm/quotes/${quote.id}`).set(auth()).send({ discount_percent: 5 });
    expect(edit.status).toBe(409);
    expect(edit.body.error.details[0].path).toBe('state');
    expect((await request(t.app).get(`/api/crm/quotes/${quote.id}`).set(auth('viewer'))).body.discount_percent).toBe(0);

    const revised = await request(t.app).post(`/api/crm/quotes/${quote.id}/revise`).set(auth()).send({});
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ number: quote.number, revision: 2, state: 'draft', revision_of: quote.id, totals: quote.totals });
    const earlier = (await request(t.app).get(`/api/crm/quotes/${quote.id}`).set(auth('viewer'))).body;
    expect(earlier).toMatchObject({ state: 'superseded', superseded_by: revised.body.id });
    const accept = await request(t.app).post(`/api/crm/quotes/${quote.id}/accept`).set(auth()).send({});
    expect(accept.status).toBe(409);
    expect(accept.body.error.details[0].path).toBe('state');
  });
});

describe('accept and decline (staff)', () => {
  it('accepting twice in parallel makes one order, awaiting fulfilment, owing the gross to the cent', async () => {
    const customerId = await newCustomer();
    const quote = await newQuote(customerId, { lines, discount_percent: 10 });
    await markSent(customerId, quote.id);
    const answers = await Promise.all([1, 2].map(() => request(t.app).post(`/api/crm/quotes/${quote.id}/accept`).set(auth()).send({})));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.body.order_id).toBe(answers[1]!.body.order_id);
    const orders = (await request(t.app).get(`/api/crm/customers/${customerId}/orders`).set(auth('viewer'))).body.orders;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      id: answers[0]!.body.order_id,
      status: 'awaiting_fulfilment',
      subtotal: 9800.99,
      total_price: 8809.64,
      payment_status: { required_amount: 10915.3 },
      items: [
        { type: 'product', product_id: 'bell', quantity: 2, unit_price: 4850.5, vat_rate: 24, discount_percent: 0 },
        { type: 'freetext', quantity: 3, unit_price: 33.33, vat_rate: 13, discount_percent: 12.5 },
      ],
    });
    expect(orders[0].timeline.map((e: { type: string }) => e.type)).toEqual(['quote_accepted']);
    const stored = await t.store.get(`crm_customers/${customerId}/orders/${orders[0].id}`);
    expect((stored!.data.timeline as { props: unknown }[])[0]!.props).toEqual({ quote_number: quote.number, revision: 1 });
  });

  it('fills the linked order instead of making a new one', async () => {
    const customerId = await newCustomer();
    const order = await request(t.app).post(`/api/crm/customers/${customerId}/orders`).set(auth()).send({ title: 'Καμπαναριό', status: 'awaiting_quotation' });
    const quote = await newQuote(customerId, { lines, order_id: order.body.id });
    await markSent(customerId, quote.id);
    const accepted = await request(t.app).post(`/api/crm/quotes/${quote.id}/accept`).set(auth()).send({});
    expect(accepted.body).toMatchObject({ state: 'accepted', order_id: order.body.id, accepted_by_name: t.users.editor.name });
    const orders = (await request(t.app).get(`/api/crm/customers/${customerId}/orders`).set(auth('viewer'))).body.orders;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'awaiting_fulfilment', payment_status: { required_amount: 12128.1 } });
  });

  it('refuses an order of another state, a declined quote, and an expired one', async () => {
    const customerId = await newCustomer();
    const shipped = await request(t.app).post(`/api/crm/customers/${customerId}/orders`).set(auth()).send({ title: 'Παλιά', status: 'shipped' });
    const wrong = await request(t.app).post(`/api/crm/customers/${customerId}/quotes`).set(auth()).send({ lines, order_id: shipped.body.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0].path).toBe('order_id');

    const declined = await newQuote(customerId);
    await markSent(customerId, declined.id);
    const decline = await request(t.app).post(`/api/crm/quotes/${declined.id}/decline`).set(auth()).send({ reason: 'Ακριβό για την ενορία' });
    expect(decline.body).toMatchObject({ state: 'declined', decline_reason: 'Ακριβό για την ενορία' });
    expect((await request(t.app).post(`/api/crm/quotes/${declined.id}/accept`).set(auth()).send({})).status).toBe(409);

    const late = await newQuote(customerId);
    await markSent(customerId, late.id, addDays(athensDay(now), -1));
    const res = await request(t.app).post(`/api/crm/quotes/${late.id}/accept`).set(auth()).send({});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/expired/);
    expect((await request(t.app).get(`/api/crm/customers/${customerId}/orders`).set(auth('viewer'))).body.orders).toHaveLength(1);
  });
});

describe('expiry and lists', () => {
  it('expires sent quotes past validity once, and lists them by state, customer and expiry', async () => {
    const customerId = await newCustomer();
    const [a, b, c] = [await newQuote(customerId), await newQuote(customerId), await newQuote(customerId)];
    await markSent(customerId, a.id, addDays(athensDay(now), 3));
    await markSent(customerId, b.id, addDays(athensDay(now), 40));
    const expiring = await request(t.app).get('/api/crm/quotes').query({ state: 'sent', expiring_before: addDays(athensDay(now), 7) }).set(auth('viewer'));
    expect(expiring.status).toBe(200);
    expect(expiring.body.quotes.map((q: { id: string }) => q.id)).toContain(a.id);
    expect(expiring.body.quotes.map((q: { id: string }) => q.id)).not.toContain(b.id);

    const later = { now: () => new Date(now.getTime() + 5 * 86_400_000) };
    await expireSentQuotes(t.store, later);
    expect(await expireSentQuotes(t.store, later)).toBe(0);
    const mine = await request(t.app).get('/api/crm/quotes').query({ customer: customerId }).set(auth('viewer'));
    const states = Object.fromEntries(mine.body.quotes.map((q: { id: string; state: string }) => [q.id, q.state]));
    expect(states).toEqual({ [a.id]: 'expired', [b.id]: 'sent', [c.id]: 'draft' });
    expect(mine.body.quotes[0].customer_name).toBe('π. Χρυσόστομος Παπαδόπουλος-Ξενοφώντος');

    const timeline = await request(t.app).get(`/api/crm/customers/${customerId}/timeline`).set(auth('viewer'));
    const events = timeline.body.events.filter((e: { kind: string }) => e.kind === 'activity').map((e: { ref: { event: string } }) => e.ref.event);
    expect(events.filter((e: string) => e === 'quote_created')).toHaveLength(3);
    expect(events).toContain('quote_expired');
  });
});
