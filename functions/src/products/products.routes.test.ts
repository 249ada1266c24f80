import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const as = (role: 'admin' | 'editor' | 'viewer') => ({ Authorization: `Bearer ${t.tokens[role]}` });

const vesper = {
  name: 'Vesper Plus',
  sku: 'vsp-001',
  category: 'controller',
  description: 'Bell controller with GPS clock',
  price: 1450.5,
  costs: { pcb: 42.1, components: 118.35, enclosure: 25, labor_hours: 2.5, labor_rate: 18.9, shipping_in: 7.2 },
  stock: { on_hand: 12, reserved: 5 },
  nextcloud_folder: '02_Products/Vesper Plus',
};

async function createProduct(body: object) {
  const res = await request(t.app).post('/api/crm/products').set(as('editor')).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string } & Record<string, unknown>;
}

describe('products', () => {
  it('creates a product with server-computed cost total and available stock', async () => {
    const product = await createProduct(vesper);
    expect(product).toMatchObject({
      name: 'Vesper Plus',
      sku: 'VSP-001',
      category: 'controller',
      price: 1450.5,
      currency: 'EUR',
      active: true,
      linked_device_type: '',
      // 42.10 + 118.35 + 25.00 + 2.5 × 18.90 (47.25) + 7.20
      costs: { ...vesper.costs, total: 239.9 },
      stock: { on_hand: 12, reserved: 5, available: 7 },
    });
    expect(new Date(product.created_at as string).toISOString()).toBe(product.created_at);

    const read = await request(t.app).get(`/api/crm/products/${product.id}`).set(as('viewer'));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(product);
  });

  it('accepts the computed fields the spec documents and ignores their values', async () => {
    const res = await request(t.app)
      .post('/api/crm/products')
      .set(as('editor'))
      .send({ ...vesper, sku: 'VSP-X1', costs: { pcb: 10, total: 1 }, stock: { on_hand: 1, available: 99 } });
    expect(res.status).toBe(201);
    expect(res.body.costs.total).toBe(10);
    expect(res.body.stock.available).toBe(1);
  });

  it.each([
    [{ ...vesper, sku: 'A1', category: 'bell' }, 'category'],
    [{ ...vesper, sku: 'A2', name: '  ' }, 'name'],
    [{ ...vesper, sku: 'A3', price: -1 }, 'price'],
    [{ ...vesper, sku: 'A4', price: 10.001 }, 'price'],
    [{ ...vesper, sku: 'has space' }, 'sku'],
    [{ ...vesper, sku: 'A5', stock: { on_hand: 1.5 } }, 'stock.on_hand'],
    [{ ...vesper, sku: 'A6', costs: { labor_hours: -2 } }, 'costs.labor_hours'],
    [{ ...vesper, sku: 'A7', currency: 'EURO' }, 'currency'],
    [{ ...vesper, sku: 'A9', colour: 'red' }, ''],
  ])('rejects a bad field (%#: %s)', async (body, path) => {
    const res = await request(t.app).post('/api/crm/products').set(as('editor')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('refuses a duplicate SKU whatever its case, and keeps the first product', async () => {
    const first = await createProduct({ ...vesper, sku: 'STR-100', category: 'striker', name: 'Striker 100' });
    const res = await request(t.app)
      .post('/api/crm/products')
      .set(as('editor'))
      .send({ ...vesper, sku: 'str-100', name: 'Other' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(first.id);
    const list = await request(t.app).get('/api/crm/products?search=STR-100').set(as('viewer'));
    expect(list.body.products.map((p: { id: string }) => p.id)).toEqual([first.id]);
  });

  it('gives one of two concurrent creates of a SKU a 409', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        request(t.app)
          .post('/api/crm/products')
          .set(as('editor'))
          .send({ ...vesper, sku: 'RACE-1', name: `Race ${n}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('updates only the given fields, recomputing totals, and moves the SKU reservation', async () => {
    const product = await createProduct({ ...vesper, sku: 'CLK-1', category: 'clock', name: 'Tower clock' });
    const res = await request(t.app)
      .put(`/api/crm/products/${product.id}`)
      .set(as('editor'))
      .send({ sku: 'CLK-2', costs: { pcb: 50 }, stock: { reserved: 20 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Tower clock',
      sku: 'CLK-2',
      costs: { pcb: 50, components: 118.35, total: 247.8 },
      stock: { on_hand: 12, reserved: 20, available: -8 },
    });
    // The old SKU is free again, the new one taken.
    await createProduct({ ...vesper, sku: 'CLK-1', name: 'Reuses the old SKU' });
    const clash = await request(t.app).put(`/api/crm/products/${product.id}`).set(as('editor')).send({ sku: 'VSP-001' });
    expect(clash.status).toBe(409);
    const unchanged = await request(t.app).get(`/api/crm/products/${product.id}`).set(as('viewer'));
    expect(unchanged.body.sku).toBe('CLK-2');
  });

  it('rejects an empty update', async () => {
    const product = await createProduct({ ...vesper, sku: 'EMPTY-1' });
    const res = await request(t.app).put(`/api/crm/products/${product.id}`).set(as('editor')).send({});
    expect(res.status).toBe(400);
  });

  it('archives a product on delete, keeping its SKU for a restore', async () => {
    const product = await createProduct({ ...vesper, sku: 'DEL-1' });
    const res = await request(t.app).delete(`/api/crm/products/${product.id}`).set(as('editor'));
    expect(res.status).toBe(204);
    const read = await request(t.app).get(`/api/crm/products/${product.id}`).set(as('viewer'));
    expect(read.status).toBe(200);
    expect(read.body.archived_at).toEqual(expect.any(String));
    const clash = await request(t.app).post('/api/crm/products').set(as('editor')).send({ ...vesper, sku: 'DEL-1' });
    expect(clash.status).toBe(409);
  });

  it('answers 404 for a missing product on every route', async () => {
    const missing = '/api/crm/products/doesNotExist';
    expect((await request(t.app).get(missing).set(as('viewer'))).status).toBe(404);
    expect((await request(t.app).put(missing).set(as('editor')).send({ name: 'x' })).status).toBe(404);
    expect((await request(t.app).delete(missing).set(as('editor'))).status).toBe(404);
  });

  it('lets a viewer read but not write', async () => {
    const product = await createProduct({ ...vesper, sku: 'ROLE-1' });
    expect((await request(t.app).get('/api/crm/products').set(as('viewer'))).status).toBe(200);
    const writes = await Promise.all([
      request(t.app).post('/api/crm/products').set(as('viewer')).send({ ...vesper, sku: 'ROLE-2' }),
      request(t.app).put(`/api/crm/products/${product.id}`).set(as('viewer')).send({ name: 'x' }),
      request(t.app).delete(`/api/crm/products/${product.id}`).set(as('viewer')),
    ]);
    expect(writes.map((r) => r.status)).toEqual([403, 403, 403]);
    expect((await request(t.app).get('/api/crm/products')).status).toBe(401);
  });
});

describe('product list', () => {
  let t2: TestApp;
  beforeAll(async () => {
    t2 = await createTestApp();
    const post = (body: object) =>
      request(t2.app).post('/api/crm/products').set('Authorization', `Bearer ${t2.tokens.editor}`).send(body).expect(201);
    await post({ name: 'Vesper Plus', sku: 'VSP-001', category: 'controller' });
    await post({ name: 'Vesper Mini', sku: 'VSP-002', category: 'controller', active: false });
    await post({ name: 'Ηλεκτρομαγνητικός κρουστήρας', sku: 'STR-1', category: 'striker' });
    await post({ name: 'Ρολόι καμπαναριού', sku: 'CLK-1', category: 'clock' });
    await post({ name: 'Επισκευή πλακέτας', category: 'repair_service' });
  });
  afterAll(async () => {
    await t2.close();
  });

  const names = async (query: string) => {
    const res = await request(t2.app).get(`/api/crm/products${query}`).set('Authorization', `Bearer ${t2.tokens.viewer}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.products as { name: string }[]).map((p) => p.name);
  };

  it('lists by name with a total', async () => {
    const res = await request(t2.app).get('/api/crm/products').set('Authorization', `Bearer ${t2.tokens.viewer}`);
    expect(res.body.total).toBe(5);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.products.map((p: { name: string }) => p.name)).toEqual([
      'Vesper Mini',
      'Vesper Plus',
      'Επισκευή πλακέτας',
      'Ηλεκτρομαγνητικός κρουστήρας',
      'Ρολόι καμπαναριού',
    ]);
  });

  it('filters by category and active', async () => {
    expect(await names('?category=controller')).toEqual(['Vesper Mini', 'Vesper Plus']);
    expect(await names('?category=controller&active=true')).toEqual(['Vesper Plus']);
    expect(await names('?active=false')).toEqual(['Vesper Mini']);
    expect(await names('?category=part')).toEqual([]);
  });

  it('searches name and SKU, Greek-aware', async () => {
    expect(await names('?search=vsp')).toEqual(['Vesper Mini', 'Vesper Plus']);
    expect(await names('?search=vesper%20plus')).toEqual(['Vesper Plus']);
    expect(await names(`?search=${encodeURIComponent('ΡΟΛΟΙ')}`)).toEqual(['Ρολόι καμπαναριού']);
    expect(await names('?search=roloi')).toEqual(['Ρολόι καμπαναριού']);
    expect(await names('?search=kroustiras&category=striker')).toEqual(['Ηλεκτρομαγνητικός κρουστήρας']);
    expect(await names('?search=vesper&active=false')).toEqual(['Vesper Mini']);
  });

  it('pages with a cursor', async () => {
    const auth = { Authorization: `Bearer ${t2.tokens.viewer}` };
    const first = await request(t2.app).get('/api/crm/products?limit=2').set(auth);
    expect(first.body.products).toHaveLength(2);
    const second = await request(t2.app).get(`/api/crm/products?limit=2&cursor=${first.body.next_cursor}`).set(auth);
    const third = await request(t2.app).get(`/api/crm/products?limit=2&cursor=${second.body.next_cursor}`).set(auth);
    expect(third.body.next_cursor).toBeNull();
    const all = [...first.body.products, ...second.body.products, ...third.body.products].map((p) => p.name);
    expect(all).toEqual(await names(''));
  });

  it('rejects bad list parameters', async () => {
    const auth = { Authorization: `Bearer ${t2.tokens.viewer}` };
    const bad = await request(t2.app).get('/api/crm/products?category=bell&active=yes&limit=0').set(auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['active', 'category', 'limit']);
    const cursor = await request(t2.app).get('/api/crm/products?cursor=nonsense').set(auth);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details[0].path).toBe('cursor');
  });
});
