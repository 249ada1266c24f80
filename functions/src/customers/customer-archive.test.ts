import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** Archive instead of delete (issue 11, item 2): hidden from list and search, read by id, restorable. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Role = 'admin' | 'editor' | 'viewer';
const as = (role: Role) => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function createCustomer(name: string, tags: string[] = []): Promise<string> {
  const res = await request(t.app).post('/api/crm/customers').set(as('editor')).send({ name, tags });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function list(query: string): Promise<{ names: string[]; total: number | null }> {
  const res = await request(t.app).get(`/api/crm/customers${query}`).set(as('viewer'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { names: (res.body.customers as { name: string }[]).map((c) => c.name), total: res.body.total };
}

describe('archiving customers', () => {
  let archivedId: string;
  beforeAll(async () => {
    await createCustomer('Ενορία Αγίου Νικολάου', ['church']);
    await createCustomer('Δήμος Πάτρας', ['municipality']);
    archivedId = await createCustomer('Ενορία Αγίας Ειρήνης', ['church']);
  });

  it('hides an archived customer from the list, filters and search, and shows it in the archived view', async () => {
    const archived = await request(t.app).post(`/api/crm/customers/${archivedId}/archive`).set(as('editor')).send({});
    expect(archived.status, JSON.stringify(archived.body)).toBe(200);
    expect(archived.body.archived_at).toEqual(expect.any(String));
    expect(archived.headers.etag).toBe(`"${archived.body.version}"`);

    expect(await list('')).toEqual({ names: ['Δήμος Πάτρας', 'Ενορία Αγίου Νικολάου'], total: 2 });
    expect((await list('?tag=church')).names).toEqual(['Ενορία Αγίου Νικολάου']);
    expect((await list('?search=enoria')).names).toEqual(['Ενορία Αγίου Νικολάου']);
    expect((await list(`?search=${encodeURIComponent('ειρηνης')}`)).names).toEqual([]);

    expect(await list('?archived=true')).toEqual({ names: ['Ενορία Αγίας Ειρήνης'], total: 1 });
    expect((await list('?archived=true&tag=church')).names).toEqual(['Ενορία Αγίας Ειρήνης']);
    expect((await list('?archived=true&tag=municipality')).names).toEqual([]);
    expect((await list('?archived=true&search=irinis')).names).toEqual(['Ενορία Αγίας Ειρήνης']);

    const read = await request(t.app).get(`/api/crm/customers/${archivedId}`).set(as('viewer'));
    expect(read.status).toBe(200);
    expect(read.body.archived_at).toBe(archived.body.archived_at);
  });

  it('brings a restored customer back into the list and search', async () => {
    const restored = await request(t.app).post(`/api/crm/customers/${archivedId}/restore`).set(as('editor')).send({});
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.archived_at).toBeNull();
    expect((await list('')).total).toBe(3);
    expect((await list('?tag=church')).names).toEqual(['Ενορία Αγίας Ειρήνης', 'Ενορία Αγίου Νικολάου']);
    expect((await list('?search=irinis')).names).toEqual(['Ενορία Αγίας Ειρήνης']);
    expect(await list('?archived=true')).toEqual({ names: [], total: 0 });
  });

  it('archives on an editor’s DELETE, honouring If-Match', async () => {
    const id = await createCustomer('Μονή Αγίου Γεωργίου');
    const current = await request(t.app).get(`/api/crm/customers/${id}`).set(as('viewer'));
    const stale = await request(t.app).delete(`/api/crm/customers/${id}`).set(as('editor')).set('If-Match', '"stale"');
    expect(stale.status).toBe(412);
    expect((await list('?search=moni')).names).toEqual(['Μονή Αγίου Γεωργίου']);
    const deleted = await request(t.app).delete(`/api/crm/customers/${id}`).set(as('editor')).set('If-Match', current.headers.etag!);
    expect(deleted.status).toBe(204);
    expect((await list('?search=moni')).names).toEqual([]);
    expect((await list('?archived=true')).names).toEqual(['Μονή Αγίου Γεωργίου']);
  });

  it('lets a viewer neither archive nor restore', async () => {
    const id = await createCustomer('Viewer cannot hide me');
    const tries = await Promise.all([
      request(t.app).post(`/api/crm/customers/${id}/archive`).set(as('viewer')).send({}),
      request(t.app).post(`/api/crm/customers/${id}/restore`).set(as('viewer')).send({}),
      request(t.app).delete(`/api/crm/customers/${id}`).set(as('viewer')),
    ]);
    expect(tries.map((r) => r.status)).toEqual([403, 403, 403]);
    const read = await request(t.app).get(`/api/crm/customers/${id}`).set(as('viewer'));
    expect(read.body.archived_at).toBeNull();
  });

  it('answers 404 for a missing customer and 400 for a body', async () => {
    expect((await request(t.app).post('/api/crm/customers/nobody/archive').set(as('editor')).send({})).status).toBe(404);
    expect((await request(t.app).post('/api/crm/customers/nobody/restore').set(as('editor')).send({})).status).toBe(404);
    const id = await createCustomer('Body');
    expect((await request(t.app).post(`/api/crm/customers/${id}/archive`).set(as('editor')).send({ why: 'x' })).status).toBe(400);
  });

  it('still lets an admin purge an archived customer', async () => {
    const id = await createCustomer('Purged after archiving');
    await request(t.app).post(`/api/crm/customers/${id}/archive`).set(as('editor')).send({}).expect(200);
    const purged = await request(t.app).post(`/api/crm/customers/${id}/purge`).set(as('admin')).send({});
    expect(purged.status, JSON.stringify(purged.body)).toBe(200);
    expect((await request(t.app).get(`/api/crm/customers/${id}`).set(as('viewer'))).status).toBe(404);
    expect((await list('?archived=true')).names).not.toContain('Purged after archiving');
  });
});
