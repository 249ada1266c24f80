import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { logMessage } from './comms.service.js';

let t: TestApp;
const auth = (role: 'editor' | 'viewer' = 'editor') => `Bearer ${t.tokens[role]}`;

const inboxIds = async () =>
  ((await request(t.app).get('/api/crm/comms/unassigned').query({ limit: 200 }).set('Authorization', auth('viewer'))).body.entries as { id: string }[]).map(
    (e) => e.id,
  );
const count = async () => (await request(t.app).get('/api/crm/comms/unassigned/count').set('Authorization', auth('viewer'))).body.count as number;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('inbox: count and done', () => {
  it('counts the waiting messages, and one marked done leaves the inbox until it is reopened', async () => {
    const before = await count();
    const spam = await logMessage(t.deps, { type: 'sms', direction: 'inbound', address: '+30 699 555 0001', body: 'Κερδίσατε!', occurred_at: new Date('2026-05-01T08:00:00Z') });
    const real = await logMessage(t.deps, { type: 'sms', direction: 'inbound', address: '+30 699 555 0002', body: 'Καλημέρα', occurred_at: new Date('2026-05-01T09:00:00Z') });
    expect(await count()).toBe(before + 2);

    const done = await request(t.app).post(`/api/crm/comms/${spam.entry.id}/done`).set('Authorization', auth()).send({ done: true });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: spam.entry.id, customer_id: '', details: { done: true } });
    expect(await count()).toBe(before + 1);
    const ids = await inboxIds();
    expect(ids).toContain(real.entry.id);
    expect(ids).not.toContain(spam.entry.id);

    const reopened = await request(t.app).post(`/api/crm/comms/${spam.entry.id}/done`).set('Authorization', auth()).send({ done: false });
    expect(reopened.body.details).not.toHaveProperty('done');
    expect(await inboxIds()).toContain(spam.entry.id);
    expect(await count()).toBe(before + 2);
  });

  it('lets only editors mark a message done, and names a missing one', async () => {
    const entry = await logMessage(t.deps, { type: 'sms', direction: 'inbound', address: '+30 699 555 0003', body: 'x', occurred_at: new Date('2026-05-02T08:00:00Z') });
    const viewer = await request(t.app).post(`/api/crm/comms/${entry.entry.id}/done`).set('Authorization', auth('viewer')).send({ done: true });
    expect(viewer.status).toBe(403);
    const missing = await request(t.app).post('/api/crm/comms/nope123/done').set('Authorization', auth()).send({ done: true });
    expect(missing.status).toBe(404);
    const bad = await request(t.app).post(`/api/crm/comms/${entry.entry.id}/done`).set('Authorization', auth()).send({ done: 'yes' });
    expect(bad.status).toBe(400);
  });
});
