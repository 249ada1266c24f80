import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCustomerFlags } from '../customers/customer-flags.migration.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { dispatchChange } from '../triggers/dispatch.js';
import type { HistoryEntry } from './history.schema.js';
import { recordHistoryEvent } from './history.wiring.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const as = (role: 'admin' | 'editor' | 'viewer') => ({ Authorization: `Bearer ${t.tokens[role]}` });
type WireEntry = Omit<HistoryEntry, 'at'> & { at: string };

async function historyOf(doc: string): Promise<WireEntry[]> {
  const res = await request(t.app).get('/api/crm/history').query({ doc, limit: 200 }).set(as('editor')).expect(200);
  return (res.body.entries as WireEntry[]).reverse();
}

async function newCustomer(name = 'Ιερός Ναός Αγίου Χαραλάμπους Νέας Σμύρνης'): Promise<string> {
  const res = await request(t.app)
    .post('/api/crm/customers')
    .set(as('editor'))
    .send({ name, contacts: [{ type: 'phone', label: 'Πατήρ Ευστάθιος', value: '+30 697 123 4567' }] })
    .expect(201);
  return res.body.id as string;
}

describe('history through the API', () => {
  it('records a create and each update with who, why and the fields before and after', async () => {
    const id = await newCustomer();
    await request(t.app).put(`/api/crm/customers/${id}`).set(as('editor')).send({ name: 'Ι.Ν. Αγίου Χαραλάμπους', tags: ['καμπαναριό'] }).expect(200);
    const [created, updated, ...rest] = await historyOf(`customers/${id}`);
    expect(rest).toEqual([]);
    expect(created).toMatchObject({ doc: `customers/${id}`, action: 'create', reason: 'POST /api/crm/customers' });
    expect(created!.changes).toContainEqual({ field: 'name', before: null, after: 'Ιερός Ναός Αγίου Χαραλάμπους Νέας Σμύρνης' });
    // Derived index fields and the write's own stamp are not history.
    expect(created!.changes.map((c) => c.field)).not.toEqual(expect.arrayContaining(['search_keys', 'updated_at', 'updated_by_uid']));
    expect(updated).toMatchObject({
      action: 'update',
      actor: { kind: 'user', uid: t.users.editor.uid, name: t.users.editor.name },
      reason: 'PUT /api/crm/customers/:id',
    });
    expect(updated!.changes).toEqual([
      { field: 'name', before: 'Ιερός Ναός Αγίου Χαραλάμπους Νέας Σμύρνης', after: 'Ι.Ν. Αγίου Χαραλάμπους' },
      { field: 'tags', before: [], after: ['καμπαναριό'] },
    ]);
    expect(Date.parse(updated!.at)).toBeGreaterThanOrEqual(Date.parse(created!.at));
  });

  it('diffs contacts and ledger entries by their id, not their position', async () => {
    const id = await newCustomer();
    const customer = (await request(t.app).get(`/api/crm/customers/${id}`).set(as('editor'))).body;
    const phone = customer.contacts[0];
    const email = { type: 'email', label: 'Γραφείο', value: 'naos@example.gr' };
    await request(t.app)
      .put(`/api/crm/customers/${id}`)
      .set(as('editor'))
      .send({ contacts: [email, { id: phone.id, type: phone.type, label: phone.label, value: '+30 697 765 4321' }] })
      .expect(200);
    const ledger = await request(t.app)
      .post(`/api/crm/customers/${id}/transactions`)
      .set(as('editor'))
      .send({ flow: 'payment', payment_type: 'cash', category: 'installment', amount: 1234.56 })
      .expect(201);
    const entries = await historyOf(`customers/${id}`);
    const contactChange = entries[1]!.changes;
    const stored = (await t.store.get(`crm_customers/${id}`))!.data.contacts as { id: string; value: string }[];
    const emailId = stored.find((c) => c.value === 'naos@example.gr')!.id;
    expect(contactChange).toContainEqual({ field: `contacts[${phone.id}].value`, before: '+30 697 123 4567', after: '+30 697 765 4321' });
    expect(contactChange).toContainEqual({ field: `contacts[${emailId}]`, before: null, after: expect.objectContaining({ value: 'naos@example.gr' }) });
    const ledgerChange = entries[2]!.changes;
    expect(ledgerChange).toHaveLength(1);
    expect(ledgerChange[0]!.field).toBe(`transaction_history[${ledger.body.id}]`);
    expect(ledgerChange[0]!.after).toMatchObject({ amount: 1234.56, flow: 'payment' });
  });

  it('keeps long texts as a word diff that gives both versions back', async () => {
    const id = await newCustomer();
    const order = await request(t.app)
      .post(`/api/crm/customers/${id}/orders`)
      .set(as('editor'))
      .send({ title: 'Ηλεκτρονικός ελεγκτής', items: [{ type: 'freetext', description: 'Ελεγκτής', quantity: 1, unit_price: 980 }] })
      .expect(201);
    const before = `${'Τοποθέτηση στο καμπαναριό με γερανό. '.repeat(12)}Πληρωμή με επιταγή.`;
    const after = before.replace('επιταγή', 'μετρητά');
    const path = `/api/crm/customers/${id}/orders/${order.body.id}`;
    await request(t.app).patch(path).set(as('editor')).send({ notes: before }).expect(200);
    await request(t.app).patch(path).set(as('editor')).send({ notes: after }).expect(200);
    const entries = await historyOf(`customers/${id}/orders/${order.body.id}`);
    const notes = entries.at(-1)!.changes.find((c) => c.field === 'notes')!;
    expect(notes).toMatchObject({ before, after });
    expect(notes.diff).toContainEqual([-1, 'επιταγή.']);
    expect(notes.diff).toContainEqual([1, 'μετρητά.']);
    const stored = await t.deps.sql.execute({ sql: "SELECT changes FROM crm_history WHERE doc = ? AND changes LIKE '%\"diff\"%'", args: [`customers/${id}/orders/${order.body.id}`] });
    // Stored once, as the diff: not both 480-character versions.
    expect(String(stored.rows.at(-1)!.changes).length).toBeLessThan(before.length + 200);
  });

  it('records 50 concurrent writes as 50 entries in commit order', async () => {
    const id = await newCustomer();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(t.app).put(`/api/crm/customers/${id}`).set(as('editor')).send({ title: `Όνομα ${i}` }).expect(200),
      ),
    );
    const updates = (await historyOf(`customers/${id}`)).filter((e) => e.action === 'update');
    expect(updates).toHaveLength(50);
    // Each entry starts where the one before it ended: the order is the order the writes committed.
    for (let i = 1; i < updates.length; i++) {
      expect(updates[i]!.changes[0]!.before).toBe(updates[i - 1]!.changes[0]!.after);
      expect(Number(updates[i]!.id)).toBeGreaterThan(Number(updates[i - 1]!.id));
    }
    const final = (await t.store.get(`crm_customers/${id}`))!.data.title;
    expect(updates.at(-1)!.changes[0]!.after).toBe(final);
    expect(new Set(updates.map((e) => e.changes[0]!.after)).size).toBe(50);
  });

  it('writes nothing to the history when the write is refused', async () => {
    const id = await newCustomer();
    await request(t.app).put(`/api/crm/customers/${id}`).set(as('editor')).send({ name: '' }).expect(400);
    await request(t.app).put(`/api/crm/customers/${id}`).set({ ...as('editor'), 'If-Match': '"stale"' }).send({ name: 'Άλλο' }).expect(412);
    expect((await historyOf(`customers/${id}`)).map((e) => e.action)).toEqual(['create']);
  });
});

describe('history of the other write paths', () => {
  it('a trigger: the payment status the embedded trigger recomputes after a console ledger edit', async () => {
    const id = await newCustomer();
    const order = await request(t.app)
      .post(`/api/crm/customers/${id}/orders`)
      .set(as('editor'))
      .send({ title: 'Κρουστήρας', items: [{ type: 'freetext', description: 'Κρουστήρας', quantity: 2, unit_price: 150 }] })
      .expect(201);
    const stop = t.store.onChange((change) => dispatchChange(t.store, change));
    try {
      await t.store.update(`crm_customers/${id}`, {
        transaction_history: [
          { id: 'console-1', date: new Date('2026-02-01T10:00:00Z'), flow: 'payment', payment_type: 'cash', category: 'installment', amount: 100, currency: 'EUR', invoice_ref: null, order_ref: order.body.id, recorded_by: 'console', note: '' },
        ],
      });
    } finally {
      stop();
    }
    const customerEntry = (await historyOf(`customers/${id}`)).at(-1)!;
    expect(customerEntry).toMatchObject({ actor: { kind: 'console', uid: null }, reason: null });
    expect(customerEntry.changes[0]).toMatchObject({ field: 'transaction_history[console-1]', before: null });
    const orderEntry = (await historyOf(`customers/${id}/orders/${order.body.id}`)).at(-1)!;
    expect(orderEntry.changes).toContainEqual({ field: 'payment_status.received_amount', before: 0, after: 100 });
  });

  it('an integration and a script: the stamp they put on the document', async () => {
    const id = await newCustomer();
    await t.store.update(`crm_customers/${id}`, {
      religion: 'Ορθόδοξη',
      updated_at: new Date(),
      updated_by_uid: 'integration:whatsapp',
      updated_by: 'WhatsApp',
      updated_reason: 'whatsapp:wamid.HBgLMzA2OTc',
    });
    expect((await historyOf(`customers/${id}`)).at(-1)).toMatchObject({
      actor: { kind: 'integration', uid: 'integration:whatsapp', name: 'WhatsApp' },
      reason: 'whatsapp:wamid.HBgLMzA2OTc',
      changes: [{ field: 'religion', before: null, after: 'Ορθόδοξη' }],
    });

    await t.store.set(`crm_customers/legacy-${id}`, { name: 'Στέλιος Μπίμπης', negotiating: true, has_problem: true, updated_at: new Date('2025-10-10T09:00:00Z') });
    await migrateCustomerFlags(t.store, { dryRun: false, now: () => new Date() });
    const migrated = (await historyOf(`customers/legacy-${id}`)).at(-1)!;
    expect(migrated).toMatchObject({ action: 'update', actor: { kind: 'script', uid: 'script:migrate-customer-flags' }, reason: 'script:migrate-customer-flags' });
    expect(migrated.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['negotiating', 'has_problem']));
  });

  it('a Firestore trigger event: recorded once however often it is delivered, and untracked paths not at all', async () => {
    const change = { path: 'crm_products/fs-1', before: { name: 'Ρολόι', price: 100 }, after: { name: 'Ρολόι', price: 120.5 } };
    const at = new Date('2026-03-01T08:00:00Z');
    await recordHistoryEvent(t.deps.sql, change, 'event-42', at);
    await recordHistoryEvent(t.deps.sql, change, 'event-42', at);
    await recordHistoryEvent(t.deps.sql, { path: 'crm_locks/user-roles', before: null, after: { holder: 'x' } }, 'event-43', at);
    expect(await historyOf('products/fs-1')).toEqual([
      expect.objectContaining({ at: at.toISOString(), actor: { kind: 'console', uid: null, name: null }, changes: [{ field: 'price', before: 100, after: 120.5 }] }),
    ]);
    const locks = await t.deps.sql.execute("SELECT count(*) AS n FROM crm_history WHERE path LIKE 'crm_locks/%'");
    expect(Number(locks.rows[0]!.n)).toBe(0);
  });

  it('other domains’ documents by their path: quotes, installations, tasks', async () => {
    await t.store.set('crm_customers/q1/quotes/QUO-1', { total: 10 });
    await t.store.set('installations/i1', { serial: 'ΣΝ-001' });
    await t.store.set('tasks/t1', { title: 'Κλήση' });
    await t.store.delete('tasks/t1');
    expect((await historyOf('customers/q1/quotes/QUO-1')).map((e) => e.action)).toEqual(['create']);
    expect((await historyOf('installations/i1'))[0]!.changes).toEqual([{ field: 'serial', before: null, after: 'ΣΝ-001' }]);
    expect((await historyOf('tasks/t1')).map((e) => e.action)).toEqual(['create', 'delete']);
  });
});

describe('GET /api/crm/history filters and access', () => {
  it('filters by user, kind and time and pages by cursor without repeats', async () => {
    const id = await newCustomer();
    for (const title of ['α', 'β', 'γ']) {
      await request(t.app).put(`/api/crm/customers/${id}`).set(as('admin')).send({ title }).expect(200);
    }
    const byAdmin = await request(t.app).get('/api/crm/history').query({ user: t.users.admin.uid, kind: 'customers' }).set(as('admin')).expect(200);
    expect(byAdmin.body.entries.every((e: WireEntry) => e.actor.uid === t.users.admin.uid)).toBe(true);
    expect(byAdmin.body.entries.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.app)
        .get('/api/crm/history')
        .query({ doc: `customers/${id}`, limit: 1, ...(cursor ? { cursor } : {}) })
        .set(as('editor'))
        .expect(200);
      seen.push(...page.body.entries.map((e: WireEntry) => e.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const future = await request(t.app).get('/api/crm/history').query({ from: '2100-01-01' }).set(as('editor')).expect(200);
    expect(future.body.entries).toEqual([]);
    const past = await request(t.app).get('/api/crm/history').query({ to: '2000-01-01T00:00:00Z' }).set(as('editor')).expect(200);
    expect(past.body.entries).toEqual([]);
  });

  it('refuses viewers, bad filters and bad cursors clearly', async () => {
    await request(t.app).get('/api/crm/history').set(as('viewer')).expect(403);
    const bad = await request(t.app).get('/api/crm/history').query({ doc: 'customers/../x' }).set(as('editor')).expect(400);
    expect(bad.body.error.details[0].path).toBe('doc');
    const cursor = await request(t.app).get('/api/crm/history').query({ cursor: 'nope' }).set(as('editor')).expect(400);
    expect(cursor.body.error.details[0].path).toBe('cursor');
    await request(t.app).get('/api/crm/history').query({ kind: 'comms' }).set(as('editor')).expect(400);
  });
});

describe('POST /api/crm/history/:id/restore-field', () => {
  it('puts a field back, records the restore, and refuses with 412 once the field changed since', async () => {
    const id = await newCustomer('Δήμος Ναυπλιέων');
    await request(t.app).put(`/api/crm/customers/${id}`).set(as('editor')).send({ name: 'Δήμος Ναυπλίου' }).expect(200);
    const slip = (await historyOf(`customers/${id}`)).at(-1)!;
    const restored = await request(t.app).post(`/api/crm/history/${slip.id}/restore-field`).set(as('admin')).send({ field: 'name' }).expect(200);
    expect(restored.body).toEqual({ doc: `customers/${id}`, field: 'name', before: 'Δήμος Ναυπλίου', after: 'Δήμος Ναυπλιέων' });
    const customer = await request(t.app).get(`/api/crm/customers/${id}`).set(as('editor')).expect(200);
    expect(customer.body.name).toBe('Δήμος Ναυπλιέων');
    // The index follows: a search finds the restored name.
    const found = await request(t.app).get('/api/crm/customers').query({ search: 'Ναυπλιεων' }).set(as('editor')).expect(200);
    expect(found.body.customers.map((c: { id: string }) => c.id)).toContain(id);
    const last = (await historyOf(`customers/${id}`)).at(-1)!;
    expect(last).toMatchObject({
      actor: { kind: 'user', uid: t.users.admin.uid },
      reason: 'POST /api/crm/history/:id/restore-field',
      changes: [{ field: 'name', before: 'Δήμος Ναυπλίου', after: 'Δήμος Ναυπλιέων' }],
    });
    const again = await request(t.app).post(`/api/crm/history/${slip.id}/restore-field`).set(as('editor')).send({ field: 'name' }).expect(412);
    expect(again.body.error).toMatchObject({ code: 'precondition_failed', current: 'Δήμος Ναυπλιέων', details: [{ path: 'field' }] });
  });

  it('restores a contact inside the list by its id, and a removed contact comes back', async () => {
    const id = await newCustomer();
    const customer = (await request(t.app).get(`/api/crm/customers/${id}`).set(as('editor'))).body;
    await request(t.app).put(`/api/crm/customers/${id}`).set(as('editor')).send({ contacts: [] }).expect(200);
    const removal = (await historyOf(`customers/${id}`)).at(-1)!;
    const field = `contacts[${customer.contacts[0].id}]`;
    expect(removal.changes).toEqual([{ field, before: customer.contacts[0], after: null }]);
    await request(t.app).post(`/api/crm/history/${removal.id}/restore-field`).set(as('editor')).send({ field }).expect(200);
    const back = (await request(t.app).get(`/api/crm/customers/${id}`).set(as('editor'))).body;
    expect(back.contacts).toEqual(customer.contacts);
  });

  it('answers 404, 422 and 403 for what it cannot do, changing nothing', async () => {
    const id = await newCustomer();
    const entry = (await historyOf(`customers/${id}`))[0]!;
    await request(t.app).post('/api/crm/history/999999999/restore-field').set(as('editor')).send({ field: 'name' }).expect(404);
    // A create has no earlier value to go back to.
    const created = await request(t.app).post(`/api/crm/history/${entry.id}/restore-field`).set(as('editor')).send({ field: 'name' }).expect(422);
    expect(created.body.error.details[0].path).toBe('field');
    await request(t.app).put(`/api/crm/customers/${id}`).set(as('editor')).send({ title: 'Πρόεδρος' }).expect(200);
    const update = (await historyOf(`customers/${id}`)).at(-1)!;
    const wrong = await request(t.app).post(`/api/crm/history/${update.id}/restore-field`).set(as('editor')).send({ field: 'religion' }).expect(422);
    expect(wrong.body.error.details[0].path).toBe('field');
    await request(t.app).post(`/api/crm/history/${entry.id}/restore-field`).set(as('viewer')).send({ field: 'name' }).expect(403);
    await request(t.app).post('/api/crm/history/abc/restore-field').set(as('editor')).send({ field: 'name' }).expect(400);
    expect(await historyOf(`customers/${id}`)).toHaveLength(2);
  });
});

describe('retention', () => {
  it('is an admin setting; entries older than it are purged', async () => {
    await request(t.app).put('/api/crm/history/settings').set(as('editor')).send({ retention_days: 30 }).expect(403);
    await t.deps.sql.execute({
      sql: `INSERT INTO crm_history (doc, path, kind, at, actor_kind, action, changes) VALUES ('customers/old', 'crm_customers/old', 'customers', ?, 'console', 'update', '[]')`,
      args: [new Date(Date.now() - 400 * 86_400_000).toISOString()],
    });
    const bad = await request(t.app).put('/api/crm/history/settings').set(as('admin')).send({ retention_days: 1 }).expect(400);
    expect(bad.body.error.details[0].path).toBe('retention_days');
    const saved = await request(t.app).put('/api/crm/history/settings').set(as('admin')).send({ retention_days: 365 }).expect(200);
    expect(saved.body).toEqual({ retention_days: 365 });
    expect(await historyOf('customers/old')).toEqual([]);
    expect((await request(t.app).get('/api/crm/history/settings').set(as('admin')).expect(200)).body).toEqual({ retention_days: 365 });
  });
});
