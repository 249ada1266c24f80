/**
 * Property: whatever customers hold (comms entries, files, orders, ledger entries) and in
 * whatever order editors delete (which archives) and admins purge them, no comms row, media row or order is
 * ever left pointing at a missing customer; a refused purge or delete changes nothing.
 */
import fc from 'fast-check';
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

const as = (role: 'admin' | 'editor') => ({ Authorization: `Bearer ${t.tokens[role]}` });

interface Holding {
  comms: number;
  files: number;
  order: boolean;
  ledger: boolean;
}

const holdingArb: fc.Arbitrary<Holding> = fc.record({
  comms: fc.integer({ min: 0, max: 2 }),
  files: fc.integer({ min: 0, max: 1 }),
  order: fc.boolean(),
  ledger: fc.boolean(),
});

const opArb = fc.record({ kind: fc.constantFrom('purge', 'delete'), customer: fc.nat() });

async function makeCustomer(index: number, holding: Holding): Promise<string> {
  const created = await request(t.app).post('/api/crm/customers').set(as('editor')).send({ name: `Πελάτης ${index}` });
  const id = created.body.id as string;
  for (let i = 0; i < holding.comms; i++) {
    const res = await request(t.app).post('/api/crm/comms').set(as('editor')).send({ customer_id: id, type: 'note', direction: 'internal', body: `n${i}` });
    expect(res.status).toBe(201);
  }
  for (let i = 0; i < holding.files; i++) {
    const res = await request(t.app)
      .post(`/api/crm/customers/${id}/files`)
      .query({ filename: `f${i}.pdf` })
      .set(as('editor'))
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('pdf'));
    expect(res.status).toBe(201);
  }
  if (holding.order) {
    expect((await request(t.app).post(`/api/crm/customers/${id}/orders`).set(as('editor')).send({ title: 'O' })).status).toBe(201);
  }
  if (holding.ledger) {
    expect((await request(t.app).post(`/api/crm/customers/${id}/transactions`).set(as('editor')).send({ flow: 'invoice', amount: 5 })).status).toBe(201);
  }
  return id;
}

/** Customer ids that comms rows, media rows and orders name, and whether each exists. */
async function danglingReferences(): Promise<string[]> {
  const rows = await t.deps.sql.execute(
    `SELECT customer_id FROM crm_comms_log WHERE customer_id <> ''
     UNION SELECT customer_id FROM crm_media WHERE customer_id IS NOT NULL`,
  );
  const orders = await t.store.query({ collectionGroup: 'orders' });
  const ids = new Set([...rows.rows.map((r) => String(r.customer_id)), ...orders.map((o) => o.path.split('/')[1]!)]);
  const docs = await t.store.getAll([...ids].map((id) => `crm_customers/${id}`));
  return [...ids].filter((_, i) => docs[i] === null);
}

describe('purging and deleting customers', () => {
  it('never leaves a comms row, media row or order pointing at a missing customer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(holdingArb, { minLength: 1, maxLength: 3 }), fc.array(opArb, { minLength: 1, maxLength: 4 }), async (holdings, ops) => {
        const ids = [];
        for (const [i, holding] of holdings.entries()) ids.push(await makeCustomer(i, holding));
        for (const op of ops) {
          const index = op.customer % ids.length;
          const id = ids[index]!;
          const holding = holdings[index]!;
          const res =
            op.kind === 'purge'
              ? await request(t.app).post(`/api/crm/customers/${id}/purge`).set(as('admin')).send({})
              : await request(t.app).delete(`/api/crm/customers/${id}`).set(as('editor'));
          const stored = await t.store.get(`crm_customers/${id}`);
          const exists = stored !== null;
          if (op.kind === 'delete' && res.status === 204) {
            // An editor's delete archives, whatever the customer holds.
            expect(stored?.data.archived_at).toBeTruthy();
          } else if (res.status === 200) {
            expect(exists).toBe(false);
            expect(holding.order || holding.ledger).toBe(false);
          } else {
            // 404 once it is gone; 409 while it holds what the operation may not remove.
            expect([404, 409], JSON.stringify(res.body)).toContain(res.status);
            if (res.status === 409) expect(exists).toBe(true);
          }
          expect(await danglingReferences()).toEqual([]);
        }
      }),
      { numRuns: 8 },
    );
  }, 90_000);

  it('purge removes the comms entries from full-text search and the folder from Nextcloud', async () => {
    const id = await makeCustomer(9, { comms: 1, files: 1, order: false, ledger: false });
    const folder = (await t.store.get(`crm_customers/${id}`))!.data.nextcloud_folder as string;
    expect(await t.deps.files!.list(folder)).toHaveLength(1);
    const editorPurge = await request(t.app).post(`/api/crm/customers/${id}/purge`).set(as('editor')).send({});
    expect(editorPurge.status).toBe(403);
    const rowids = (await t.deps.sql.execute({ sql: 'SELECT rowid FROM crm_comms_log WHERE customer_id = ?', args: [id] })).rows.map((r) => Number(r.rowid));
    expect(rowids).toHaveLength(1);
    const purged = await request(t.app).post(`/api/crm/customers/${id}/purge`).set(as('admin')).send({});
    expect(purged.status, JSON.stringify(purged.body)).toBe(200);
    expect(purged.body).toEqual({ comms_removed: 1, media_removed: 1, folder_removed: folder });
    const fts = await t.deps.sql.execute({ sql: 'SELECT COUNT(*) AS n FROM crm_comms_fts WHERE rowid = ?', args: [rowids[0]!] });
    expect(Number(fts.rows[0]!.n)).toBe(0);
    expect(await t.deps.files!.list(folder)).toEqual([]);
  });
});
