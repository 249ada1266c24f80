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

type Role = 'admin' | 'editor' | 'viewer';
const as = (role: Role) => ({ Authorization: `Bearer ${t.tokens[role]}` });
const paths = (res: request.Response): string[] =>
  (res.body.error?.details ?? []).map((d: { path: string }) => d.path).sort();

const stelios = {
  name: 'Στέλιος Μπίμπης',
  title: 'π.',
  organization: 'Ενορία Αγ. Παρασκευής',
  contacts: [
    { type: 'email', label: 'personal', value: 'stelios.bibis@example.gr', primary: true },
    { type: 'phone', label: 'mobile', value: '+30 697 123 4567', primary: true },
    { type: 'whatsapp', value: '697 123 4567' },
  ],
  notes: [{ text: 'Wants a quote for two strikers' }],
  location: { city: 'Αθήνα', country: 'GR' },
  language: 'el',
  tags: ['church', 'athens', 'church'],
  owned_items: [
    { type: 'console_device', device_id: 'UID-77', label: 'Belfry controller' },
    { type: 'product', product_id: 'p1', product_name: 'Vesper Plus', quantity: 2, serial_numbers: ['SN1', 'SN2'] },
    { type: 'freetext', description: 'Old mechanical clock', serial_number: 'X-9' },
  ],
  linked_user_ids: ['uid-a'],
  nextcloud_folder: '05_Customers/Ενορία Αγ. Παρασκευής',
};

async function createCustomer(body: object = stelios) {
  const res = await request(t.app).post('/api/crm/customers').set(as('editor')).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Record<string, unknown> & { id: string };
}

describe('POST /crm/customers', () => {
  it('creates a customer with ids on every entry and who-wrote-it from the token', async () => {
    const customer = await createCustomer();
    expect(customer).toMatchObject({
      name: 'Στέλιος Μπίμπης',
      title: 'π.',
      organization: 'Ενορία Αγ. Παρασκευής',
      religion: null,
      location: { city: 'Αθήνα', country: 'GR', region: '' },
      language: ['el'],
      tags: ['church', 'athens'],
      linked_user_ids: ['uid-a'],
      relationship_status: 'lead',
      technical_issues: [],
      install_support: [],
      transaction_history: [],
      has_active_issue: false,
      has_active_support: false,
    });
    const contacts = customer.contacts as Record<string, unknown>[];
    expect(contacts.map((c) => c.e164)).toEqual([null, '+306971234567', '+306971234567']);
    expect(contacts[2]).toMatchObject({ label: '', primary: false });
    const notes = customer.notes as Record<string, unknown>[];
    expect(notes[0]).toMatchObject({ text: 'Wants a quote for two strikers', by: t.users.editor.name, by_uid: t.users.editor.uid });
    const owned = customer.owned_items as Record<string, unknown>[];
    expect(owned.map((o) => o.type)).toEqual(['console_device', 'product', 'freetext']);
    const ids = [...contacts, ...notes, ...owned].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(customer.created_at).toBe(customer.updated_at);
    expect(customer).not.toHaveProperty('search_keys');

    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(customer);
  });

  it('creates with only a name, defaulting the rest', async () => {
    const customer = await createCustomer({ name: 'Δήμος Λαμιέων' });
    expect(customer).toMatchObject({
      organization: null,
      contacts: [],
      notes: [],
      location: null,
      language: ['el'],
      tags: [],
      owned_items: [],
      nextcloud_folder: null,
      relationship_status: 'lead',
    });
  });

  it.each([
    [['name'], { name: '' }],
    [['contacts.0.value'], { ...stelios, contacts: [{ type: 'email', value: 'not-an-email' }] }],
    [['contacts.0.value'], { ...stelios, contacts: [{ type: 'phone', value: '12 34' }] }],
    [['contacts.0.type'], { ...stelios, contacts: [{ type: 'fax', value: '2101234567' }] }],
    [
      ['contacts.1.primary'],
      {
        ...stelios,
        contacts: [
          { type: 'phone', value: '2101234567', primary: true },
          { type: 'phone', value: '2107654321', primary: true },
        ],
      },
    ],
    [['relationship_status'], { ...stelios, relationship_status: 'negotiating' }],
    [['owned_items.0.quantity'], { ...stelios, owned_items: [{ type: 'product', quantity: 0 }] }],
    [['notes.0'], { ...stelios, notes: [{ text: 'x', by_uid: 'someone else' }] }],
    [['technical_issues'], { ...stelios, technical_issues: [{ note: 'x' }] }],
    [['install_support'], { ...stelios, install_support: [] }],
    [['transaction_history'], { ...stelios, transaction_history: [] }],
    [[''], { ...stelios, negotiating: true }],
    [['language'], { ...stelios, language: 'Greek' }],
    [['language.1'], { ...stelios, language: ['el', 'Greek'] }],
    [['language'], { ...stelios, language: [] }],
    [['tags.0'], { ...stelios, tags: [''] }],
  ])('rejects a bad body naming %j', async (expected, body) => {
    const before = (await request(t.app).get('/api/crm/customers?limit=200').set(as('viewer'))).body.total;
    const res = await request(t.app).post('/api/crm/customers').set(as('editor')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(paths(res)).toEqual(expected);
    const after = (await request(t.app).get('/api/crm/customers?limit=200').set(as('viewer'))).body.total;
    expect(after).toBe(before);
  });
});

describe('customer languages', () => {
  it('takes a list of language codes, or one code as a list of one, and keeps each once', async () => {
    const customer = await createCustomer({ name: 'Ενορία Λονδίνου', language: ['en', 'el', 'en'] });
    expect(customer.language).toEqual(['en', 'el']);
    const res = await request(t.app).put(`/api/crm/customers/${customer.id}`).set(as('editor')).send({ language: 'ro' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.language).toEqual(['ro']);
  });
});

describe('PUT /crm/customers/:id', () => {
  it('changes only the given fields and keeps entry ids, authors and dates', async () => {
    const customer = await createCustomer();
    const [email, phone] = customer.contacts as { id: string }[];
    const [note] = customer.notes as { id: string; by: string; at: string }[];
    const res = await request(t.app)
      .put(`/api/crm/customers/${customer.id}`)
      .set(as('admin'))
      .send({
        organization: 'Ι.Ν. Αγίας Παρασκευής',
        location: { region: 'Αττική' },
        contacts: [
          { id: phone!.id, type: 'phone', label: 'office', value: '210 123 4567', primary: true },
          { type: 'other', value: 'Skype: stelios' },
          { id: email!.id, type: 'email', value: 'stelios@example.gr' },
        ],
        notes: [{ id: note!.id, text: 'Edited' }, { text: 'Second note' }],
      });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Στέλιος Μπίμπης',
      organization: 'Ι.Ν. Αγίας Παρασκευής',
      location: { city: 'Αθήνα', country: 'GR', region: 'Αττική' },
      tags: ['church', 'athens'],
    });
    const contacts = res.body.contacts as { id: string; value: string; e164: string | null }[];
    expect(contacts[0]).toMatchObject({ id: phone!.id, value: '210 123 4567', e164: '+302101234567' });
    expect(contacts[2]!.id).toBe(email!.id);
    expect(contacts[1]!.id).not.toBe(email!.id);
    expect(res.body.notes[0]).toEqual({ ...note, text: 'Edited' });
    expect(res.body.notes[1]).toMatchObject({ text: 'Second note', by: t.users.admin.name });
    expect(res.body.created_at).toBe(customer.created_at);
    expect(new Date(res.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(customer.updated_at as string).getTime());

    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect(read.body).toEqual(res.body);
  });

  it('refuses an entry id the customer does not hold, and changes nothing', async () => {
    const customer = await createCustomer();
    const res = await request(t.app)
      .put(`/api/crm/customers/${customer.id}`)
      .set(as('editor'))
      .send({ name: 'Renamed', owned_items: [{ id: 'forged-id', type: 'freetext', description: 'x' }] });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['owned_items.0.id']);
    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect(read.body).toEqual(customer);
  });

  it('rejects empty bodies, ledger and ticket fields', async () => {
    const customer = await createCustomer();
    const empty = await request(t.app).put(`/api/crm/customers/${customer.id}`).set(as('editor')).send({});
    expect(empty.status).toBe(400);
    const managed = await request(t.app)
      .put(`/api/crm/customers/${customer.id}`)
      .set(as('editor'))
      .send({ technical_issues: [], transaction_history: [{ amount: 1 }] });
    expect(managed.status).toBe(400);
    expect(paths(managed)).toEqual(['technical_issues', 'transaction_history']);
  });

  it('clears nullable fields with null', async () => {
    const customer = await createCustomer();
    const res = await request(t.app)
      .put(`/api/crm/customers/${customer.id}`)
      .set(as('editor'))
      .send({ location: null, organization: null, tags: [] });
    expect(res.body).toMatchObject({ location: null, organization: null, tags: [] });
  });
});

describe('DELETE /crm/customers/:id', () => {
  it('archives the customer: still read by id, not removed', async () => {
    const customer = await createCustomer({ name: 'To delete' });
    expect((await request(t.app).delete(`/api/crm/customers/${customer.id}`).set(as('editor'))).status).toBe(204);
    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect(read.status).toBe(200);
    expect(read.body.archived_at).toEqual(expect.any(String));
  });

  it('archives a customer with orders and ledger entries, keeping both', async () => {
    const customer = await createCustomer({ name: 'Has an order' });
    await request(t.app)
      .post(`/api/crm/customers/${customer.id}/orders/init-negotiations`)
      .set(as('editor'))
      .send({ title: 'Two strikers' })
      .expect(201);
    await request(t.app)
      .post(`/api/crm/customers/${customer.id}/transactions`)
      .set(as('editor'))
      .send({ flow: 'payment', payment_type: 'cash', amount: 100 })
      .expect(201);
    expect((await request(t.app).delete(`/api/crm/customers/${customer.id}`).set(as('editor'))).status).toBe(204);
    const read = await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'));
    expect(read.body.transaction_history).toHaveLength(1);
    const orders = await request(t.app).get(`/api/crm/customers/${customer.id}/orders`).set(as('viewer'));
    expect(orders.status).toBe(200);
    expect(orders.body.orders).toHaveLength(1);
  });
});

describe('PATCH /crm/customers/:id/relationship-status', () => {
  it('sets the status', async () => {
    const customer = await createCustomer({ name: 'Status' });
    const res = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/relationship-status`)
      .set(as('editor'))
      .send({ status: 'prospect' });
    expect(res.status).toBe(200);
    expect(res.body.relationship_status).toBe('prospect');
    expect((await request(t.app).get(`/api/crm/customers/${customer.id}`).set(as('viewer'))).body.relationship_status).toBe('prospect');
  });

  it('rejects an unknown status', async () => {
    const customer = await createCustomer({ name: 'Status 2' });
    const res = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/relationship-status`)
      .set(as('editor'))
      .send({ status: 'negotiating' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['status']);
  });
});

describe.each([
  ['technical-issues', 'technical_issues', 'has_active_issue'],
  ['install-support', 'install_support', 'has_active_support'],
] as const)('support tickets: %s', (segment, field, flag) => {
  it('opens an active entry stamped with the user, and resolves it by index', async () => {
    const customer = await createCustomer({ name: `Ticket ${segment}` });
    const opened = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/${segment}`)
      .set(as('editor'))
      .send({ note: 'Striker 2 does not ring', date: '2026-03-24T09:30:00Z' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body[flag]).toBe(true);
    expect(opened.body[field]).toEqual([
      {
        id: expect.any(String),
        active: true,
        opened_date: '2026-03-24T09:30:00.000Z',
        resolved_date: null,
        note: 'Striker 2 does not ring',
        opened_by: t.users.editor.name,
        opened_by_uid: t.users.editor.uid,
        resolved_by: null,
        resolved_by_uid: null,
      },
    ]);

    const resolved = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/${segment}/0/resolve`)
      .set(as('admin'))
      .send();
    expect(resolved.status).toBe(200);
    expect(resolved.body[flag]).toBe(false);
    expect(resolved.body[field][0]).toMatchObject({
      active: false,
      resolved_by: t.users.admin.name,
      resolved_by_uid: t.users.admin.uid,
    });
    expect(Date.parse(resolved.body[field][0].resolved_date)).not.toBeNaN();

    const again = await request(t.app).patch(`/api/crm/customers/${customer.id}/${segment}/0/resolve`).set(as('editor'));
    expect(again.status).toBe(409);
  });

  it('resolves by id and defaults the opened date to now', async () => {
    const customer = await createCustomer({ name: `Ticket by id ${segment}` });
    const before = Date.now();
    await request(t.app).post(`/api/crm/customers/${customer.id}/${segment}`).set(as('editor')).send({ note: 'first' });
    const second = await request(t.app).post(`/api/crm/customers/${customer.id}/${segment}`).set(as('editor')).send({ note: 'second' });
    const [first, secondTicket] = second.body[field] as { id: string; opened_date: string }[];
    expect(Date.parse(first!.opened_date)).toBeGreaterThanOrEqual(before - 1000);
    const res = await request(t.app)
      .patch(`/api/crm/customers/${customer.id}/${segment}/${secondTicket!.id}/resolve`)
      .set(as('editor'));
    expect(res.status).toBe(200);
    expect(res.body[field].map((x: { active: boolean }) => x.active)).toEqual([true, false]);
    expect(res.body[flag]).toBe(true);
  });

  it('answers 404 for a missing entry or customer and 400 for a bad body', async () => {
    const customer = await createCustomer({ name: `Ticket 404 ${segment}` });
    expect((await request(t.app).patch(`/api/crm/customers/${customer.id}/${segment}/0/resolve`).set(as('editor'))).status).toBe(404);
    expect((await request(t.app).patch(`/api/crm/customers/${customer.id}/${segment}/nope/resolve`).set(as('editor'))).status).toBe(404);
    expect((await request(t.app).post(`/api/crm/customers/missing/${segment}`).set(as('editor')).send({ note: 'x' })).status).toBe(404);
    const bad = await request(t.app)
      .post(`/api/crm/customers/${customer.id}/${segment}`)
      .set(as('editor'))
      .send({ note: ' ', date: 'yesterday', opened_by_uid: 'forged' });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['', 'date', 'note']);
  });
});

describe('missing customers and roles', () => {
  it('answers 404 on every route of a missing customer', async () => {
    const base = '/api/crm/customers/doesNotExist';
    const results = await Promise.all([
      request(t.app).get(base).set(as('viewer')),
      request(t.app).put(base).set(as('editor')).send({ name: 'x' }),
      request(t.app).delete(base).set(as('editor')),
      request(t.app).patch(`${base}/relationship-status`).set(as('editor')).send({ status: 'active' }),
      request(t.app).patch(`${base}/install-support/0/resolve`).set(as('editor')),
    ]);
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(results[0]!.body.error.code).toBe('not_found');
  });

  it('lets a viewer read and nothing more', async () => {
    const customer = await createCustomer({ name: 'Roles' });
    const base = `/api/crm/customers/${customer.id}`;
    const reads = await Promise.all([
      request(t.app).get('/api/crm/customers').set(as('viewer')),
      request(t.app).get(base).set(as('viewer')),
    ]);
    expect(reads.map((r) => r.status)).toEqual([200, 200]);
    const writes = await Promise.all([
      request(t.app).post('/api/crm/customers').set(as('viewer')).send({ name: 'x' }),
      request(t.app).put(base).set(as('viewer')).send({ name: 'x' }),
      request(t.app).delete(base).set(as('viewer')),
      request(t.app).patch(`${base}/relationship-status`).set(as('viewer')).send({ status: 'active' }),
      request(t.app).post(`${base}/technical-issues`).set(as('viewer')).send({ note: 'x' }),
      request(t.app).patch(`${base}/technical-issues/0/resolve`).set(as('viewer')),
      request(t.app).post(`${base}/install-support`).set(as('viewer')).send({ note: 'x' }),
      request(t.app).patch(`${base}/install-support/0/resolve`).set(as('viewer')),
    ]);
    expect(writes.map((r) => r.status)).toEqual(Array(8).fill(403));
    const noRole = await request(t.app).get(base).set('Authorization', `Bearer ${t.tokens.noRole}`);
    expect(noRole.status).toBe(403);
    expect((await request(t.app).get(base)).status).toBe(401);
    expect((await request(t.app).get(base).set(as('viewer'))).body).toEqual(customer);
  });
});

describe('legacy documents', () => {
  it('reads negotiating / has_problem, preferring the new fields', async () => {
    const updatedAt = new Date('2025-11-02T10:00:00Z');
    await t.store.set('crm_customers/legacyOne', {
      name: 'Παλιός Πελάτης',
      negotiating: true,
      has_problem: true,
      contacts: [{ type: 'phone', label: 'mobile', value: '6944000111', primary: true }],
      created_at: '2024-05-01T08:00:00',
      updated_at: updatedAt,
    });
    await t.store.set('crm_customers/legacyTwo', {
      name: 'Νεότερος',
      negotiating: true,
      has_problem: true,
      relationship_status: 'churned',
      technical_issues: [{ id: 'fixed', active: false, note: 'fixed', opened_by: 'maria', opened_date: updatedAt }],
      install_support: [{ active: false, note: 'done', opened_by: 'maria', opened_date: updatedAt, resolved_date: updatedAt }],
      created_at: updatedAt,
      updated_at: updatedAt,
    });

    const one = await request(t.app).get('/api/crm/customers/legacyOne').set(as('viewer'));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      relationship_status: 'active',
      has_active_issue: true,
      created_at: '2024-05-01T08:00:00.000Z',
      technical_issues: [
        {
          id: 'legacy-has-problem',
          active: true,
          opened_date: updatedAt.toISOString(),
          note: 'Migrated from legacy has_problem flag',
          opened_by: 'system',
        },
      ],
    });
    expect(one.body.contacts[0]).toMatchObject({ id: 'legacy-0', e164: '+306944000111' });
    expect(one.body).not.toHaveProperty('negotiating');
    expect(one.body).not.toHaveProperty('has_problem');

    const two = await request(t.app).get('/api/crm/customers/legacyTwo').set(as('viewer'));
    expect(two.body).toMatchObject({ relationship_status: 'churned', has_active_issue: false });
    expect(two.body.technical_issues).toMatchObject([{ id: 'fixed', active: false }]);
    expect(two.body.install_support[0]).toMatchObject({ id: 'legacy-0', active: false, opened_by: 'maria' });
  });

  it('resolves the issue a legacy has_problem stands for, and keeps it resolved', async () => {
    await t.store.set('crm_customers/legacyThree', { name: 'Με πρόβλημα', has_problem: true, updated_at: new Date() });
    const res = await request(t.app).patch('/api/crm/customers/legacyThree/technical-issues/legacy-has-problem/resolve').set(as('editor'));
    expect(res.status).toBe(200);
    expect(res.body.technical_issues).toHaveLength(1);
    expect(res.body.technical_issues[0]).toMatchObject({ id: 'legacy-has-problem', active: false });
    const read = await request(t.app).get('/api/crm/customers/legacyThree').set(as('viewer'));
    expect(read.body.has_active_issue).toBe(false);
    expect(read.body.technical_issues).toHaveLength(1);
  });
});
