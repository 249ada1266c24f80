import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { reindexStoredProducts } from './products.service.js';

/**
 * Archive instead of delete for products (issue 11, item 2): an archived product leaves the
 * list, search and the order forms' picker, is read by id and restorable; only an admin
 * purges one, and only while no order names it.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Role = 'admin' | 'editor' | 'viewer';
const as = (role: Role) => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function createProduct(name: string, sku: string): Promise<string> {
  const res = await request(t.app).post('/api/crm/products').set(as('editor')).send({ name, sku, category: 'striker', price: 120 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function names(query: string): Promise<string[]> {
  const res = await request(t.app).get(`/api/crm/products${query}`).set(as('viewer'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.products as { name: string }[]).map((p) => p.name);
}

describe('archiving products', () => {
  it('does not offer an archived product, shows it in the archived view, and restores it', async () => {
    await createProduct('Striker 100', 'ARC-100');
    const id = await createProduct('Striker 200', 'ARC-200');
    const archived = await request(t.app).post(`/api/crm/products/${id}/archive`).set(as('editor')).send({});
    expect(archived.status, JSON.stringify(archived.body)).toBe(200);
    expect(archived.body.archived_at).toEqual(expect.any(String));

    // The order forms' picker asks for active products by search; the catalogue lists them all.
    expect(await names('?active=true&search=striker')).toEqual(['Striker 100']);
    expect(await names('')).toEqual(['Striker 100']);
    expect(await names('?category=striker')).toEqual(['Striker 100']);
    expect(await names('?archived=true')).toEqual(['Striker 200']);
    expect(await names('?archived=true&search=arc-200')).toEqual(['Striker 200']);
    expect((await request(t.app).get(`/api/crm/products/${id}`).set(as('viewer'))).body.archived_at).toBe(archived.body.archived_at);

    const restored = await request(t.app).post(`/api/crm/products/${id}/restore`).set(as('editor')).send({});
    expect(restored.status).toBe(200);
    expect(restored.body.archived_at).toBeNull();
    expect(await names('?active=true&search=striker')).toEqual(['Striker 100', 'Striker 200']);
    expect(await names('?archived=true')).toEqual([]);
  });

  it('lets a viewer neither archive, restore nor purge, and an editor not purge', async () => {
    const id = await createProduct('Clock face', 'ARC-ROLE');
    const tries = await Promise.all([
      request(t.app).post(`/api/crm/products/${id}/archive`).set(as('viewer')).send({}),
      request(t.app).post(`/api/crm/products/${id}/restore`).set(as('viewer')).send({}),
      request(t.app).delete(`/api/crm/products/${id}`).set(as('viewer')),
      request(t.app).post(`/api/crm/products/${id}/purge`).set(as('editor')).send({}),
    ]);
    expect(tries.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect((await request(t.app).get(`/api/crm/products/${id}`).set(as('viewer'))).body.archived_at).toBeNull();
  });

  it('purges a product no order names, freeing its SKU, and refuses while an order names one', async () => {
    const sold = await createProduct('Sold striker', 'ARC-SOLD');
    const unsold = await createProduct('Unsold striker', 'ARC-FREE');
    const customer = await request(t.app).post('/api/crm/customers').set(as('editor')).send({ name: 'Buyer' });
    const order = await request(t.app)
      .post(`/api/crm/customers/${customer.body.id}/orders`)
      .set(as('editor'))
      .send({ title: 'One striker', items: [{ type: 'product', product_id: sold, quantity: 1, unit_price: 120 }] });
    expect(order.status, JSON.stringify(order.body)).toBe(201);

    const refused = await request(t.app).post(`/api/crm/products/${sold}/purge`).set(as('admin')).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(order.body.id);
    expect((await request(t.app).get(`/api/crm/products/${sold}`).set(as('viewer'))).status).toBe(200);

    await request(t.app).delete(`/api/crm/products/${unsold}`).set(as('editor')).expect(204);
    const purged = await request(t.app).post(`/api/crm/products/${unsold}/purge`).set(as('admin')).send({});
    expect(purged.status, JSON.stringify(purged.body)).toBe(200);
    expect(purged.body).toEqual({ media_removed: 0, folder_removed: null });
    expect((await request(t.app).get(`/api/crm/products/${unsold}`).set(as('viewer'))).status).toBe(404);
    expect((await request(t.app).post(`/api/crm/products/${unsold}/purge`).set(as('admin')).send({})).status).toBe(404);
    await createProduct('Reuses the SKU', 'ARC-FREE');
  });
});

describe('products stored before list keys had a scope', () => {
  it('are listed again once reindexed', async () => {
    await t.store.create('crm_products/legacyBell', { name: 'Legacy bell', category: 'part', price: 10 });
    expect(await names('?search=legacy')).toEqual([]);
    expect(await reindexStoredProducts(t.store)).toBeGreaterThanOrEqual(1);
    expect(await names('?search=legacy')).toEqual(['Legacy bell']);
    expect(await names('?category=part')).toContain('Legacy bell');
    expect(await reindexStoredProducts(t.store)).toBe(0);
  });
});
