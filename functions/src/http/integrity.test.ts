/**
 * Issue 11 through HTTP: the error shape, the spec's own bodies, input hygiene, versions
 * (ETag / If-Match) and the append routes, Idempotency-Key on creates.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { readFileSync } from 'node:fs';
import { createApp } from '../app/app.js';
import { spaSecurityHeaders } from './spa-headers.js';
import { orderYear } from '../orders/order-number.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Role = 'admin' | 'editor' | 'viewer';
const as = (role: Role) => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function createCustomer(body: object = { name: 'Ενορία Αγ. Παρασκευής' }) {
  const res = await request(t.app).post('/api/crm/customers').set(as('editor')).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Record<string, unknown> & { id: string; version: string };
}

describe('error shape: every error carries details', () => {
  it('401, 403, 404, 409, 413 and bad JSON all have a details list', async () => {
    const customer = await createCustomer();
    const order = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders`)
      .set(as('editor'))
      .send({ title: 'One striker' });
    expect(order.status).toBe(201);
    const responses = [
      await request(t.app).get('/api/crm/customers'),
      await request(t.app).get('/api/admin/users').set(as('viewer')),
      await request(t.app).get('/api/crm/customers/nobody-here').set(as('viewer')),
      await request(t.app).get('/api/no/such/route').set(as('viewer')),
      await request(t.app).post(`/api/crm/customers/${customer.id}/purge`).set(as('admin')).send({}),
      await request(t.app)
        .post('/api/crm/customers')
        .set(as('editor'))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) })),
      await request(t.app).post('/api/crm/customers').set(as('editor')).set('Content-Type', 'application/json').send('{"name":'),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 403, 404, 404, 409, 413, 400]);
    for (const res of responses) {
      expect(res.body.error, JSON.stringify(res.body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(Array.isArray(res.body.error.details), JSON.stringify(res.body)).toBe(true);
    }
  });
});

describe("the spec's bodies", () => {
  it('accepts the documented server-owned fields and ignores their values', async () => {
    const customer = await createCustomer({
      name: 'Δήμος Κηφισιάς',
      notes: [{ text: 'Called about the clock', by: 'forged', at: '2001-01-01T00:00:00Z' }],
    });
    const note = (customer.notes as Record<string, unknown>[])[0]!;
    expect(note).toMatchObject({ by: t.users.editor.name, by_uid: t.users.editor.uid });
    expect(note.at).not.toBe('2001-01-01T00:00:00.000Z');

    const issue = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/technical-issues`)
      .set(as('editor'))
      .send({ note: 'Striker silent', opened_by: 'forged' });
    expect(issue.status, JSON.stringify(issue.body)).toBe(201);
    expect(issue.body.technical_issues[0]).toMatchObject({ opened_by: t.users.editor.name });
    const resolved = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/technical-issues/0/resolve`)
      .set(as('editor'))
      .send({ resolved_by: 'forged' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.technical_issues[0]).toMatchObject({ active: false, resolved_by: t.users.editor.name });

    const init = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders/init-negotiations`)
      .set(as('editor'))
      .send({ title: 'Clock', note: 'First call', date: '2026-03-01T10:00:00Z', created_by: 'forged' });
    expect(init.status, JSON.stringify(init.body)).toBe(201);
    expect(init.body.created_by).toBe(t.users.editor.name);
    const order = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders`)
      .set(as('editor'))
      .send({ title: 'Striker', created_by: 'forged', status_updated_by: 'forged', status_updated_date: '2001-01-01' });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body).toMatchObject({ created_by: t.users.editor.name, status_updated_by: t.users.editor.name });
    const timeline = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders/${order.body.id}/timeline`)
      .set(as('editor'))
      .send({ type: 'note', note: 'Sent the quote', updated_by: 'forged' });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(201);
    expect(timeline.body.timeline.at(-1)).toMatchObject({ updated_by: t.users.editor.name });

    const payment = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/transactions`)
      .set(as('editor'))
      .send({ flow: 'invoice', amount: 10, recorded_by: 'forged' });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    expect(payment.body.recorded_by).toBe(t.users.editor.name);

    const product = await request(t.app)
      .post('/api/crm/products')
      .set(as('editor'))
      .send({ name: 'Vesper Plus', category: 'controller', costs: { pcb: 10, total: 999 }, stock: { on_hand: 5, reserved: 2, available: 999 } });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    expect(product.body.costs.total).toBe(10);
    expect(product.body.stock.available).toBe(3);
  });

  it('still refuses keys the spec does not document', async () => {
    const customer = await createCustomer();
    const res = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/technical-issues`)
      .set(as('editor'))
      .send({ note: 'x', opened_by_uid: 'forged' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('');
    const product = await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'P', category: 'part', costs: { margin: 1 } });
    expect(product.status).toBe(400);
  });
});

describe('input hygiene', () => {
  it('refuses control and bidi-override characters in text fields, naming the field', async () => {
    const cases: [string, object, string][] = [
      ['/api/crm/customers', { name: 'Nul\u0000name' }, 'name'],
      ['/api/crm/customers', { name: 'ok', notes: [{ text: 'bell\u0007' }] }, 'notes.0.text'],
      ['/api/crm/customers', { name: 'invoice\u202Egnp.exe' }, 'name'],
      ['/api/crm/customers', { name: 'isolate\u2066x\u2069' }, 'name'],
      ['/api/crm/customers', { name: 'two\nlines' }, 'name'],
      ['/api/crm/products', { name: 'C1\u0085control', category: 'part' }, 'name'],
    ];
    for (const [path, body, field] of cases) {
      const res = await request(t.app).post(path).set(as('editor')).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const customer = await createCustomer();
    const order = await request(t.app).post(`/api/crm/customers/${customer.id}/orders`).set(as('editor')).send({ title: 'Order\u0000' });
    expect(order.status).toBe(400);
    const fine = await createCustomer({ name: 'Στέλιος', notes: [{ text: 'line one\nline two\ttabbed' }] });
    expect((fine.notes as { text: string }[])[0]!.text).toBe('line one\nline two\ttabbed');
  });
});

describe('versions: ETag and If-Match', () => {
  it('every document read or written carries its version, in the body and as the ETag', async () => {
    const customer = await createCustomer();
    expect(customer.version).toMatch(/^[\w-]{10,}$/);
    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect(read.headers.etag).toBe(`"${customer.version}"`);
    expect(read.body.version).toBe(customer.version);

    const product = await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Campana', category: 'striker' });
    const productRead = await request(t.app).get(`/api/crm/products/${product.body.id}`).set(as('viewer'));
    expect(productRead.headers.etag).toBe(`"${product.body.version}"`);

    const order = await request(t.app).post(`/api/crm/customers/${customer.id}/orders`).set(as('editor')).send({ title: 'O' });
    const orderRead = await request(t.app).get(`/api/crm/customers/${customer.id}/orders/${order.body.id}`).set(as('viewer'));
    expect(orderRead.headers.etag).toBe(`"${order.body.version}"`);
  });

  it('a PUT with a stale If-Match gets 412 and the current document; the current one succeeds', async () => {
    const customer = await createCustomer();
    const first = await request(t.app)
      .put(`/api/crm/customers/${customer.id}`)
      .set(as('editor'))
      .set('If-Match', `"${customer.version}"`)
      .send({ tags: ['church'] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.version).not.toBe(customer.version);
    expect(first.headers.etag).toBe(`"${first.body.version}"`);

    const stale = await request(t.app)
      .put(`/api/crm/customers/${customer.id}`)
      .set(as('editor'))
      .set('If-Match', `"${customer.version}"`)
      .send({ tags: ['school'] });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'precondition_failed', details: [expect.objectContaining({ path: 'If-Match' })] });
    expect(stale.body.error.current).toMatchObject({ id: customer.id, tags: ['church'], version: first.body.version });
    expect(stale.headers.etag).toBe(`"${first.body.version}"`);

    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect(read.body.tags).toEqual(['church']);
    expect(read.body.version).toBe(first.body.version);
  });

  it('If-Match is honoured on PATCH and DELETE of customers, products and orders', async () => {
    const customer = await createCustomer();
    const stale = '"not-the-version"';
    const status = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/relationship-status`)
      .set(as('editor'))
      .set('If-Match', stale)
      .send({ status: 'active' });
    expect(status.status).toBe(412);
    const order = await request(t.app).post(`/api/crm/customers/${customer.id}/orders`).set(as('editor')).send({ title: 'O' });
    const patch = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/orders/${order.body.id}`)
      .set(as('editor'))
      .set('If-Match', stale)
      .send({ title: 'P' });
    expect(patch.status).toBe(412);
    expect(patch.body.error.current).toMatchObject({ id: order.body.id, title: 'O' });
    const del = await request(t.app).delete(`/api/crm/customers/${customer.id}/orders/${order.body.id}`).set(as('editor')).set('If-Match', stale);
    expect(del.status).toBe(412);
    const ok = await request(t.app)
      .delete(`/api/crm/customers/${customer.id}/orders/${order.body.id}`)
      .set(as('editor'))
      .set('If-Match', `"${order.body.version}"`);
    expect(ok.status).toBe(204);

    const product = await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Mini', category: 'controller' });
    const put = await request(t.app).put(`/api/crm/products/${product.body.id}`).set(as('editor')).set('If-Match', stale).send({ price: 5 });
    expect(put.status).toBe(412);
    const bad = await request(t.app).put(`/api/crm/products/${product.body.id}`).set(as('editor')).set('If-Match', 'unquoted').send({ price: 5 });
    expect(bad.status).toBe(400);
  });

  it('ten concurrent tag appends and two concurrent note appends all survive', async () => {
    const customer = await createCustomer();
    const tags = Array.from({ length: 10 }, (_, i) => `tag-${i}`);
    const results = await Promise.all(
      tags.map((tag) => request(t.app).post(`/api/crm/customers/${customer.id}/tags`).set(as('editor')).send({ tag })),
    );
    expect(results.map((r) => r.status)).toEqual(tags.map(() => 201));
    const notes = await Promise.all(
      ['first', 'second'].map((text) => request(t.app).post(`/api/crm/customers/${customer.id}/notes`).set(as('editor')).send({ text })),
    );
    expect(notes.map((r) => r.status)).toEqual([201, 201]);
    const contact = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/contacts`)
      .set(as('editor'))
      .send({ type: 'phone', value: '6971234567', primary: true });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect([...read.body.tags].sort()).toEqual([...tags].sort());
    expect(read.body.notes.map((n: { text: string }) => n.text).sort()).toEqual(['first', 'second']);
    expect(read.body.contacts).toEqual([expect.objectContaining({ type: 'phone', e164: '+306971234567', primary: true })]);

    const removed = await request(t.app).delete(`/api/crm/customers/${customer.id}/tags/tag-3`).set(as('editor'));
    expect(removed.status).toBe(200);
    expect(removed.body.tags).not.toContain('tag-3');
    expect(removed.body.tags).toHaveLength(9);
  });
});

describe('Idempotency-Key on creates', () => {
  it('POST /api/crm/comms twice with one key makes one entry; another body with that key is 422', async () => {
    const customer = await createCustomer();
    const body = { customer_id: customer.id, type: 'note', direction: 'internal', body: 'Spoke to the priest' };
    const key = `key-${customer.id}`;
    const first = await request(t.app).post('/api/crm/comms').set(as('editor')).set('Idempotency-Key', key).send(body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await request(t.app).post('/api/crm/comms').set(as('editor')).set('Idempotency-Key', key).send(body);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await request(t.app)
      .post('/api/crm/comms')
      .set(as('editor'))
      .set('Idempotency-Key', key)
      .send({ ...body, body: 'Something else' });
    expect(other.status).toBe(422);
    expect(Array.isArray(other.body.error.details)).toBe(true);
    const list = await request(t.app).get(`/api/crm/comms?customer_id=${customer.id}`).set(as('viewer'));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.entries).toHaveLength(1);
  });
});

describe('headers and limits', () => {
  it('Firebase Hosting serves the SPA with the CSP, frame-ancestors and nosniff the embedded server sends', () => {
    const config = JSON.parse(readFileSync(new URL('../../../firebase.json', import.meta.url), 'utf8')) as {
      hosting: { headers: { source: string; headers: { key: string; value: string }[] }[] };
    };
    const all = config.hosting.headers.find((h) => h.source === '**');
    expect(Object.fromEntries(all!.headers.map((h) => [h.key, h.value]))).toEqual(spaSecurityHeaders());
    const csp = spaSecurityHeaders()['Content-Security-Policy']!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(spaSecurityHeaders()['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('order numbers', () => {
  it('seed from the highest existing number, and the list stays sorted by date', async () => {
    const customer = await createCustomer();
    const year = orderYear(new Date());
    const imported = (number: string, created: string) =>
      t.store.create(`crm_customers/${customer.id}/orders/imp-${number}`, {
        order_number: number,
        title: `Imported ${number}`,
        status: 'complete',
        currency: 'EUR',
        items: [],
        created_at: new Date(created),
        updated_at: new Date(created),
      });
    await imported(`ORD-${year}-1000`, `${year}-01-10T10:00:00Z`);
    await imported(`ORD-${year}-999`, `${year}-01-20T10:00:00Z`);
    // As after a migration: the orders exist, the year's counter does not.
    await t.store.delete(`crm_counters/orders-${year}`).catch(() => undefined);
    const created = await request(t.app).post(`/api/crm/customers/${customer.id}/orders`).set(as('editor')).send({ title: 'New' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.order_number).toBe(`ORD-${year}-1001`);
    const next = await request(t.app).post(`/api/crm/customers/${customer.id}/orders`).set(as('editor')).send({ title: 'Next' });
    expect(next.body.order_number).toBe(`ORD-${year}-1002`);
    const list = await request(t.app).get(`/api/crm/customers/${customer.id}/orders`).set(as('viewer'));
    expect(list.body.orders.map((o: { order_number: string }) => o.order_number)).toEqual([
      `ORD-${year}-1002`,
      `ORD-${year}-1001`,
      `ORD-${year}-999`,
      `ORD-${year}-1000`,
    ]);
  });
});

describe('order items', () => {
  it('must name an existing product, and keep its name and price as sold', async () => {
    const customer = await createCustomer();
    const missing = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders`)
      .set(as('editor'))
      .send({ title: 'O', items: [{ type: 'product', product_id: 'no-such-product', quantity: 1, unit_price: 5 }] });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'items.0.product_id' })]);
    const product = await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Campana Pro', category: 'striker', price: 300 });
    const order = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders`)
      .set(as('editor'))
      .send({ title: 'O', items: [{ type: 'product', product_id: product.body.id, quantity: 1, unit_price: 280 }] });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    await request(t.app).put(`/api/crm/products/${product.body.id}`).set(as('editor')).send({ name: 'Campana Pro 2', price: 350 });
    const read = await request(t.app).get(`/api/crm/customers/${customer.id}/orders/${order.body.id}`).set(as('viewer'));
    expect(read.body.items[0]).toMatchObject({ product_name: 'Campana Pro', unit_price: 280 });
  });
});

describe('money states', () => {
  it('shows an overpaid order, warns when an unpaid order is completed, and totals what each order still requires', async () => {
    const customer = await createCustomer();
    const small = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders`)
      .set(as('editor'))
      .send({ title: 'Small', items: [{ type: 'freetext', description: 'Relay', quantity: 1, unit_price: 10 }] });
    const big = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders`)
      .set(as('editor'))
      .send({ title: 'Big', items: [{ type: 'freetext', description: 'Clock', quantity: 1, unit_price: 1548.85 }] });
    expect(small.body.payment_state).toBe('unpaid');

    const paid = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/transactions`)
      .set(as('editor'))
      .send({ flow: 'payment', payment_type: 'cash', amount: 25, order_ref: small.body.id });
    expect(paid.status).toBe(201);
    expect(paid.body.warnings).toEqual([expect.objectContaining({ code: 'overpaid' })]);
    const read = await request(t.app).get(`/api/crm/customers/${customer.id}/orders/${small.body.id}`).set(as('viewer'));
    expect(read.body).toMatchObject({ payment_state: 'overpaid', payment_status: { balance_due: -15 } });

    const complete = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/orders/${big.body.id}`)
      .set(as('editor'))
      .send({ status: 'complete' });
    expect(complete.status).toBe(200);
    expect(complete.body.warnings).toEqual([expect.objectContaining({ code: 'complete_unpaid' })]);
    expect(complete.body.payment_state).toBe('unpaid');

    const financials = await request(t.app).get(`/api/crm/customers/${customer.id}/financials`).set(as('viewer'));
    expect(financials.body.order_totals).toEqual([
      { currency: 'EUR', required: 1558.85, received: 25, still_required: 1548.85, overpaid: 15, unassigned: 0, owed: 1548.85, in_credit: 15 },
    ]);
  });
});

describe('roles: always at least one admin', () => {
  it('two admins demoting each other at once leave one admin', async () => {
    const ours = new Set(Object.values(t.users).map((u) => u.uid));
    const app = createApp({
      ...t.deps,
      users: { ...t.deps.users, list: async () => (await t.deps.users.list()).filter((u) => ours.has(u.uid)) },
    });
    await t.deps.users.setRole(t.users.editor.uid, 'admin');
    const secondAdmin = t.tokenFor('editor');
    try {
      const [one, two] = await Promise.all([
        request(app).put(`/api/admin/users/${t.users.editor.uid}/role`).set(as('admin')).send({ role: 'viewer' }),
        request(app).put(`/api/admin/users/${t.users.admin.uid}/role`).set('Authorization', `Bearer ${secondAdmin}`).send({ role: 'viewer' }),
      ]);
      // The loser finds itself demoted (403), or its session already revoked by the demotion (401).
      expect([one.status, two.status].filter((status) => status === 200)).toHaveLength(1);
      expect([one.status, two.status].every((status) => [200, 401, 403].includes(status))).toBe(true);
      const admins = (await t.deps.users.list()).filter((u) => ours.has(u.uid) && u.role === 'admin');
      expect(admins).toHaveLength(1);
      const [remaining] = admins;
      const other = remaining!.uid === t.users.admin.uid ? t.users.editor.uid : t.users.admin.uid;
      const otherToken = other === t.users.admin.uid ? t.tokenFor('admin') : secondAdmin;
      // The demoted one's token still says admin: the directory (or the revoked session) decides.
      const late = await request(app).put(`/api/admin/users/${remaining!.uid}/role`).set('Authorization', `Bearer ${otherToken}`).send({ role: 'viewer' });
      expect([401, 403]).toContain(late.status);
      expect(Array.isArray(late.body.error.details)).toBe(true);
    } finally {
      await t.deps.users.setRole(t.users.admin.uid, 'admin');
      await t.deps.users.setRole(t.users.editor.uid, 'editor');
    }
  });

});
