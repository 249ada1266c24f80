import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { logMessage } from './comms.service.js';

let t: TestApp;
const auth = (role: 'editor' | 'viewer' | 'admin' | 'noRole' = 'editor') => `Bearer ${t.tokens[role]}`;

async function createCustomer(name: string, contacts: { type: string; value: string }[] = []): Promise<string> {
  const res = await request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name, contacts });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function post(body: Record<string, unknown>) {
  return request(t.app).post('/api/crm/comms').set('Authorization', auth()).send(body);
}

async function list(query: Record<string, string | number | string[]>) {
  return request(t.app).get('/api/crm/comms').query(query).set('Authorization', auth('viewer'));
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('comms entries: happy paths', () => {
  it('creates a manual note, signed by the signed-in user, and reads it back', async () => {
    const customer = await createCustomer('Στέλιος Μπιμπής');
    const res = await post({
      customer_id: customer,
      type: 'note',
      direction: 'internal',
      subject: 'Επίσκεψη',
      body: 'Ζήτησε προσφορά για καμπάνα',
      occurred_at: '2026-03-01T10:00:00+02:00',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      customer_id: customer,
      type: 'note',
      direction: 'internal',
      subject: 'Επίσκεψη',
      logged_by: t.users.editor.name,
      logged_by_uid: t.users.editor.uid,
      occurred_at: '2026-03-01T08:00:00.000Z',
      ext_message_id: null,
      attachments: [],
    });
    const got = await request(t.app).get(`/api/crm/comms/${res.body.id}`).set('Authorization', auth('viewer'));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('lists one customer’s entries newest first, filtered by type, direction and dates', async () => {
    const customer = await createCustomer('Ενορία Αγίου Νικολάου');
    const other = await createCustomer('Δήμος Πατρέων');
    const made = [
      { type: 'call', direction: 'inbound', occurred_at: '2026-01-05T09:00:00Z' },
      { type: 'sms', direction: 'outbound', occurred_at: '2026-01-06T09:00:00Z' },
      { type: 'in_person', direction: 'internal', occurred_at: '2026-01-07T09:00:00Z' },
      { type: 'email', direction: 'inbound', occurred_at: '2026-01-08T09:00:00Z' },
      { type: 'whatsapp', direction: 'outbound', occurred_at: '2026-01-09T09:00:00Z' },
    ];
    for (const entry of made) expect((await post({ customer_id: customer, ...entry })).status).toBe(201);
    expect((await post({ customer_id: other, type: 'call', direction: 'inbound' })).status).toBe(201);

    const all = await list({ customer_id: customer });
    expect(all.status).toBe(200);
    expect(all.body.entries.map((e: { type: string }) => e.type)).toEqual(['whatsapp', 'email', 'in_person', 'sms', 'call']);
    expect(all.body.next_cursor).toBeNull();

    const calls = await list({ customer_id: customer, type: 'call,sms' });
    expect(calls.body.entries.map((e: { type: string }) => e.type)).toEqual(['sms', 'call']);
    const repeated = await list({ customer_id: customer, type: ['call', 'sms'] });
    expect(repeated.body.entries).toEqual(calls.body.entries);

    const inbound = await list({ customer_id: customer, direction: 'inbound' });
    expect(inbound.body.entries.map((e: { type: string }) => e.type)).toEqual(['email', 'call']);

    const window = await list({ customer_id: customer, from: '2026-01-06', to: '2026-01-08' });
    expect(window.body.entries.map((e: { type: string }) => e.type)).toEqual(['email', 'in_person', 'sms']);
    const exact = await list({ customer_id: customer, from: '2026-01-06T09:00:00Z', to: '2026-01-07T09:00:00Z' });
    expect(exact.body.entries.map((e: { type: string }) => e.type)).toEqual(['in_person', 'sms']);

    const across = await list({ type: 'call', limit: 200 });
    const customers = new Set(across.body.entries.map((e: { customer_id: string }) => e.customer_id));
    expect(customers.has(customer) && customers.has(other)).toBe(true);
  });

  it('pages with a cursor without repeating or skipping, also on equal times', async () => {
    const customer = await createCustomer('Paging Parish');
    const times = ['2026-02-01T10:00:00Z', '2026-02-01T10:00:00Z', '2026-02-01T10:00:00Z', '2026-02-02T10:00:00Z', '2026-02-03T10:00:00Z', '2026-02-03T10:00:00Z', '2026-02-04T10:00:00Z'];
    const ids: string[] = [];
    for (const occurred_at of times) ids.push((await post({ customer_id: customer, type: 'note', direction: 'internal', occurred_at })).body.id);

    const seen: { id: string; occurred_at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list({ customer_id: customer, limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.entries);
      cursor = res.body.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((e) => e.id).sort()).toEqual([...ids].sort());
    const seenTimes = seen.map((e) => e.occurred_at);
    expect(seenTimes).toEqual([...seenTimes].sort().reverse());
    // Entries of the same moment: the one logged last first.
    const sameMoment = seen.filter((e) => e.occurred_at === '2026-02-01T10:00:00.000Z').map((e) => e.id);
    expect(sameMoment).toEqual(ids.slice(0, 3).reverse());
  });

  it('finds entries by full-text search in Greek, without accents and in greeklish', async () => {
    const customer = await createCustomer('Search Parish');
    const hit = await post({ customer_id: customer, type: 'call', direction: 'inbound', subject: 'Κλήση', body: 'Μίλησε ο κ. Μπίμπης για τον ηλεκτρικό κρουστήρα' });
    await post({ customer_id: customer, type: 'call', direction: 'inbound', body: 'Άλλη κλήση για ρολόι' });
    for (const q of ['Μπίμπης', 'μπιμπης', 'ΜΠΙΜΠΗΣ', 'bibis', 'mpimpis', 'κρουστηρα', 'krousti', 'μπιμπ']) {
      const res = await list({ customer_id: customer, q });
      expect(res.status, q).toBe(200);
      expect(res.body.entries.map((e: { id: string }) => e.id), q).toEqual([hit.body.id]);
    }
    const both = await list({ customer_id: customer, q: 'κλήση' });
    expect(both.body.entries).toHaveLength(2);
    const none = await list({ customer_id: customer, q: 'καμπάνα' });
    expect(none.body.entries).toEqual([]);
    const allWords = await list({ customer_id: customer, q: 'μπίμπης ρολόι' });
    expect(allWords.body.entries).toEqual([]);
  });

  it('finds the same entries searching within a customer as searching everyone’s and keeping that customer’s', async () => {
    const customer = await createCustomer('Common Word Parish');
    const other = await createCustomer('Other Common Word Parish');
    const bodies = ['Για την καμπάνα', 'γιατί άργησε', 'Ευχαριστώ για όλα', 'ρολόι', 'ΓΙΑ ΚΑΜΠΑΝΑΡΙΟ', 'gia to roloi', 'Καλημέρα'];
    for (let i = 0; i < 21; i++) {
      const body = bodies[i % bodies.length]!;
      const occurred_at = `2026-01-${String(1 + (i % 9)).padStart(2, '0')}T10:00:00Z`;
      expect((await post({ customer_id: customer, type: 'note', direction: 'internal', subject: i % 4 === 0 ? 'Θέμα για' : null, body, occurred_at })).status).toBe(201);
      expect((await post({ customer_id: other, type: 'note', direction: 'internal', body, occurred_at })).status).toBe(201);
    }
    const pages = async (query: Record<string, string | number>) => {
      const ids: string[] = [];
      for (let cursor: string | null = null; ; ) {
        const res = await list({ ...query, limit: 4, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        ids.push(...res.body.entries.filter((e: { customer_id: string }) => e.customer_id === customer).map((e: { id: string }) => e.id));
        cursor = res.body.next_cursor as string | null;
        if (!cursor) return ids;
      }
    };
    for (const q of ['για', 'gia', 'γι', 'για καμπάνα', 'kabana', 'ευχαριστω για', 'θεμα']) {
      const scoped = await pages({ customer_id: customer, q });
      expect(scoped.length, q).toBeGreaterThan(0);
      expect(scoped, q).toEqual(await pages({ q }));
    }
  });

  it('edits only the given fields and re-indexes the text', async () => {
    const customer = await createCustomer('Edit Parish');
    const created = (await post({ customer_id: customer, type: 'note', direction: 'internal', subject: 'Αρχικό', body: 'παλιό κείμενο' })).body;
    const res = await request(t.app)
      .patch(`/api/crm/comms/${created.id}`)
      .set('Authorization', auth())
      .send({ body: 'νέο κείμενο με καμπαναριό', direction: 'outbound' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, subject: 'Αρχικό', body: 'νέο κείμενο με καμπαναριό', direction: 'outbound', type: 'note' });
    expect((await list({ customer_id: customer, q: 'καμπαναριο' })).body.entries).toHaveLength(1);
    expect((await list({ customer_id: customer, q: 'παλιό' })).body.entries).toHaveLength(0);
    expect((await list({ customer_id: customer, q: 'αρχικο' })).body.entries).toHaveLength(1);
  });

  it('moves an entry in the order when its time is edited, search index included', async () => {
    const customer = await createCustomer('Reorder Parish');
    const early = (await post({ customer_id: customer, type: 'note', direction: 'internal', body: 'πρώτο σημείωμα', occurred_at: '2026-03-01T10:00:00Z' })).body;
    const late = (await post({ customer_id: customer, type: 'note', direction: 'internal', body: 'δεύτερο σημείωμα', occurred_at: '2026-03-05T10:00:00Z' })).body;
    const order = async (query: Record<string, string> = {}) =>
      (await list({ customer_id: customer, ...query })).body.entries.map((e: { id: string }) => e.id);
    expect(await order()).toEqual([late.id, early.id]);
    const moved = await request(t.app)
      .patch(`/api/crm/comms/${early.id}`)
      .set('Authorization', auth())
      .send({ occurred_at: '2026-03-09T10:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body.occurred_at).toBe('2026-03-09T10:00:00.000Z');
    expect(await order()).toEqual([early.id, late.id]);
    expect(await order({ q: 'σημειωμα' })).toEqual([early.id, late.id]);
    expect((await list({ q: 'πρωτο' })).body.entries.map((e: { id: string }) => e.id)).toEqual([early.id]);
    expect(await order({ from: '2026-03-08' })).toEqual([early.id]);
  });

  it('deletes an entry and its search index row', async () => {
    const customer = await createCustomer('Delete Parish');
    const created = (await post({ customer_id: customer, type: 'sms', direction: 'outbound', body: 'διαγραφήκαμε' })).body;
    const res = await request(t.app).delete(`/api/crm/comms/${created.id}`).set('Authorization', auth());
    expect(res.status).toBe(204);
    expect((await request(t.app).get(`/api/crm/comms/${created.id}`).set('Authorization', auth())).status).toBe(404);
    expect((await list({ q: 'διαγραφηκαμε' })).body.entries).toEqual([]);
    expect((await request(t.app).delete(`/api/crm/comms/${created.id}`).set('Authorization', auth())).status).toBe(404);
  });
});

describe('unassigned inbox and logMessage', () => {
  const unassigned = async () =>
    (await request(t.app).get('/api/crm/comms/unassigned').query({ limit: 200 }).set('Authorization', auth('viewer'))).body
      .entries as { id: string; address: string; customer_id: string }[];

  it('keeps messages from unknown addresses unassigned, and one assignment takes the whole address along', async () => {
    const unknown = '+30 699 000 1111';
    const first = await logMessage(t.deps, { type: 'sms', direction: 'inbound', address: unknown, body: 'Γεια σας', occurred_at: new Date('2026-04-01T08:00:00Z'), ext_message_id: 'sms-1' });
    const second = await logMessage(t.deps, { type: 'call', direction: 'inbound', address: '6990001111', occurred_at: new Date('2026-04-01T09:00:00Z'), ext_message_id: 'call-1' });
    const elsewhere = await logMessage(t.deps, { type: 'sms', direction: 'inbound', address: '+30 699 000 2222', occurred_at: new Date('2026-04-01T10:00:00Z') });
    expect(first.entry).toMatchObject({ customer_id: '', address: '+306990001111', address_raw: unknown });
    expect(second.entry.address).toBe('+306990001111');
    const inbox = await unassigned();
    expect(inbox.map((e) => e.id)).toEqual(expect.arrayContaining([first.entry.id, second.entry.id, elsewhere.entry.id]));

    const customer = await createCustomer('Νέος Πελάτης');
    const res = await request(t.app)
      .post(`/api/crm/comms/${first.entry.id}/assign`)
      .set('Authorization', auth())
      .send({ customer_id: customer });
    expect(res.status).toBe(200);
    expect(res.body.assigned_count).toBe(2);
    expect(res.body.entry).toMatchObject({ id: first.entry.id, customer_id: customer });

    const after = (await unassigned()).map((e) => e.id);
    expect(after).not.toContain(first.entry.id);
    expect(after).not.toContain(second.entry.id);
    expect(after).toContain(elsewhere.entry.id);

    const later = await logMessage(t.deps, { type: 'whatsapp', direction: 'inbound', address: '+306990001111', body: 'Ευχαριστώ', occurred_at: new Date('2026-04-02T08:00:00Z') });
    expect(later.entry.customer_id).toBe(customer);
    const theirs = await list({ customer_id: customer });
    expect(theirs.body.entries.map((e: { id: string }) => e.id)).toEqual([later.entry.id, second.entry.id, first.entry.id]);
  });

  it('logs a message once per (type, ext_message_id), returning the first entry on a replay', async () => {
    const input = { type: 'email' as const, direction: 'inbound' as const, ext_message_id: '<abc@mail.example>', address: 'someone@example.org', subject: 'Hello', occurred_at: new Date('2026-04-03T08:00:00Z') };
    const first = await logMessage(t.deps, input);
    const replay = await logMessage(t.deps, { ...input, subject: 'changed on replay' });
    expect(first.created).toBe(true);
    expect(replay.created).toBe(false);
    expect(replay.entry).toEqual(first.entry);
    const concurrent = await Promise.all([1, 2, 3].map(() => logMessage(t.deps, { ...input, ext_message_id: 'race-1' })));
    expect(concurrent.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(concurrent.map((r) => r.entry.id)).size).toBe(1);
    const sameIdOtherType = await logMessage(t.deps, { ...input, type: 'whatsapp' });
    expect(sameIdOtherType.created).toBe(true);
    expect((await list({ q: 'hello', limit: 200 })).body.entries.filter((e: { ext_message_id: string }) => e.ext_message_id === input.ext_message_id)).toHaveLength(2);
  });

  it('assigns a message to the customer whose contact has that number, but not when two customers share it', async () => {
    const owner = await createCustomer('Phone Owner', [{ type: 'phone', value: '697 123 4567' }]);
    const hit = await logMessage(t.deps, { type: 'call', direction: 'inbound', address: '+30 (697) 123-4567', occurred_at: new Date('2026-04-04T08:00:00Z') });
    expect(hit.entry.customer_id).toBe(owner);

    await createCustomer('Shared A', [{ type: 'whatsapp', value: '+30 698 555 0000' }]);
    await createCustomer('Shared B', [{ type: 'phone', value: '6985550000' }]);
    const ambiguous = await logMessage(t.deps, { type: 'call', direction: 'inbound', address: '6985550000', occurred_at: new Date('2026-04-04T09:00:00Z') });
    expect(ambiguous.entry.customer_id).toBe('');
  });

  it('assigns an e-mail to the customer whose contact has that address', async () => {
    const owner = await createCustomer('Mail Owner', [{ type: 'email', value: 'Papas.Giorgos@Example.gr' }]);
    const hit = await logMessage(t.deps, { type: 'email', direction: 'inbound', address: '"π. Γεώργιος" <papas.giorgos@example.gr>', occurred_at: new Date('2026-04-05T08:00:00Z') });
    expect(hit.entry.customer_id).toBe(owner);
    expect(hit.entry.address).toBe('papas.giorgos@example.gr');
  });

  it('lets staff log a call from a number with no customer id; it lands where the number belongs', async () => {
    const owner = await createCustomer('Caller Parish', [{ type: 'phone', value: '2101234567' }]);
    const known = await post({ type: 'call', direction: 'inbound', address: '210 123 4567', body: 'Ρώτησε για την παράδοση' });
    expect(known.status).toBe(201);
    expect(known.body.customer_id).toBe(owner);
    const unknown = await post({ type: 'call', direction: 'inbound', address: '210 999 9999' });
    expect(unknown.body.customer_id).toBe('');
  });
});

describe('comms entries: errors change nothing', () => {
  it('needs a token, and the editor role to write', async () => {
    expect((await request(t.app).get('/api/crm/comms')).status).toBe(401);
    expect((await request(t.app).get('/api/crm/comms').set('Authorization', auth('noRole'))).status).toBe(403);
    const customer = await createCustomer('Roles Parish');
    const body = { customer_id: customer, type: 'note', direction: 'internal', body: 'viewer note' };
    const res = await request(t.app).post('/api/crm/comms').set('Authorization', auth('viewer')).send(body);
    expect(res.status).toBe(403);
    expect((await list({ customer_id: customer })).body.entries).toEqual([]);
  });

  it('rejects bad bodies with the field named', async () => {
    const customer = await createCustomer('Validation Parish');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ customer_id: customer, type: 'fax', direction: 'inbound' }, 400, 'type'],
      [{ customer_id: customer, type: 'note', direction: 'sideways' }, 400, 'direction'],
      [{ type: 'note', direction: 'internal' }, 400, 'customer_id'],
      [{ customer_id: customer, type: 'note', direction: 'internal', logged_by: 'someone else' }, 400, ''],
      [{ customer_id: customer, type: 'note', direction: 'internal', occurred_at: 'yesterday' }, 400, 'occurred_at'],
      [{ customer_id: customer, type: 'note', direction: 'internal', attachments: [{ filename: 'x', nextcloud_path: '../etc/passwd' }] }, 400, 'attachments.0.nextcloud_path'],
      [{ customer_id: 'no-such-customer', type: 'note', direction: 'internal' }, 422, 'customer_id'],
    ];
    for (const [body, status, path] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (path) expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
    expect((await list({ customer_id: customer })).body.entries).toEqual([]);
  });

  it('rejects bad list queries', async () => {
    const queries: Record<string, string | number>[] = [
      { cursor: 'not-a-cursor' },
      { limit: 0 },
      { limit: 1000 },
      { type: 'fax' },
      { from: '2026-02-01', to: '2026-01-01' },
      { q: '!!!' },
      { direction: 'up' },
    ];
    for (const query of queries) {
      const res = await list(query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('treats search syntax as plain words', async () => {
    for (const q of ['" OR *', 'NEAR(a b)', 'body:x', '-x', 'a AND OR NOT b', "'; DROP TABLE crm_comms_log; --"]) {
      const res = await list({ q });
      expect(res.status, q).toBe(200);
    }
  });

  it('answers 404 for a missing entry and 400 for an empty patch; assigning to a missing customer changes nothing', async () => {
    expect((await request(t.app).get('/api/crm/comms/missing').set('Authorization', auth())).status).toBe(404);
    expect((await request(t.app).patch('/api/crm/comms/missing').set('Authorization', auth()).send({ body: 'x' })).status).toBe(404);
    const logged = await logMessage(t.deps, { type: 'sms', direction: 'inbound', address: '+30 699 777 0000', occurred_at: new Date('2026-04-06T08:00:00Z') });
    const empty = await request(t.app).patch(`/api/crm/comms/${logged.entry.id}`).set('Authorization', auth()).send({});
    expect(empty.status).toBe(400);
    const assign = await request(t.app).post(`/api/crm/comms/${logged.entry.id}/assign`).set('Authorization', auth()).send({ customer_id: 'nobody' });
    expect(assign.status).toBe(422);
    const still = await request(t.app).get(`/api/crm/comms/${logged.entry.id}`).set('Authorization', auth());
    expect(still.body).toEqual({ ...logged.entry, occurred_at: logged.entry.occurred_at.toISOString(), created_at: logged.entry.created_at.toISOString(), updated_at: logged.entry.updated_at.toISOString() });
  });
});
