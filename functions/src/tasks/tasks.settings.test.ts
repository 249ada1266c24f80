import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoTaskSourcesFrom } from '../app/auto-tasks.js';
import { logMessage } from '../comms/comms.service.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { TASK_SETTINGS_PATH } from './tasks.settings.js';

let t: TestApp;
const now = new Date('2026-03-02T08:00:00.000Z');
const as = (role: 'admin' | 'editor' | 'viewer') => `Bearer ${t.tokens[role]}`;

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

describe('the automatic tasks settings', () => {
  it('start from the environment, and only an admin changes them, with a clear 400 for a bad value', async () => {
    expect((await request(t.app).get('/api/crm/settings/tasks').set('Authorization', as('viewer')).expect(200)).body).toEqual({ reply_within_working_days: 1 });

    await request(t.app).put('/api/crm/settings/tasks').set('Authorization', as('editor')).send({ reply_within_working_days: 3 }).expect(403);
    for (const bad of [0, 31, 1.5, '3', null]) {
      const res = await request(t.app).put('/api/crm/settings/tasks').set('Authorization', as('admin')).send({ reply_within_working_days: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('reply_within_working_days');
    }
    const extra = await request(t.app).put('/api/crm/settings/tasks').set('Authorization', as('admin')).send({ reply_within_working_days: 2, follow_up_days: 3 });
    expect(extra.status).toBe(400);
    expect(await t.store.get(TASK_SETTINGS_PATH)).toBeNull();

    await request(t.app).put('/api/crm/settings/tasks').set('Authorization', as('admin')).send({ reply_within_working_days: 3 }).expect(200);
    expect((await request(t.app).get('/api/crm/settings/tasks').set('Authorization', as('viewer')).expect(200)).body).toEqual({ reply_within_working_days: 3 });
    expect((await t.store.get(TASK_SETTINGS_PATH))?.data).toMatchObject({ reply_within_working_days: 3, updated_by_uid: t.users.admin.uid });
  });

  it('apply to the unanswered-message tasks at their next run', async () => {
    const customer = (
      await request(t.app)
        .post('/api/crm/customers')
        .set('Authorization', as('editor'))
        .send({ name: 'Ι.Μ. Αγίου Διονυσίου Ολύμπου', contacts: [{ type: 'email', value: 'moni@olympos.example.gr' }] })
        .expect(201)
    ).body.id;
    // Monday 2 March 2026, 10:00 Athens.
    await logMessage(t.deps, { type: 'email', direction: 'inbound', address: 'moni@olympos.example.gr', customer_id: customer, subject: 'Καμπάνα', occurred_at: now });
    const source = autoTaskSourcesFrom({}).find((candidate) => candidate.name === 'unanswered_message')!;
    const deps = { store: t.store, sql: t.deps.sql };
    // Three working days (set above) after Monday 10:00 is Thursday 10:00 Athens.
    expect(await source.due(deps, new Date('2026-03-04T10:00:00.000Z'))).toEqual([]);
    expect(await source.due(deps, new Date('2026-03-05T09:00:00.000Z'))).toMatchObject([{ customer_id: customer, due_date: '2026-03-05' }]);

    await request(t.app).put('/api/crm/settings/tasks').set('Authorization', as('admin')).send({ reply_within_working_days: 1 }).expect(200);
    expect(await source.due(deps, new Date('2026-03-03T09:00:00.000Z'))).toMatchObject([{ customer_id: customer, due_date: '2026-03-03' }]);
  });
});
