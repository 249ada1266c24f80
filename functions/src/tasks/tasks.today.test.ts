import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoTaskSourcesFrom } from '../app/auto-tasks.js';
import { logMessage } from '../comms/comms.service.js';
import { runAutoTasks } from './tasks.auto.js';
import { dueFields, taskPath } from './tasks.docs.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let now = new Date('2026-01-10T10:00:00.000Z');
const auth = (role: 'editor' | 'viewer' = 'editor') => `Bearer ${t.tokens[role]}`;

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

async function ok(req: request.Test, status = 201) {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

describe('GET /crm/today', () => {
  it("lists the signed-in user's tasks by when they are due, and what waits on staff", async () => {
    const customer = (
      await ok(
        request(t.app)
          .post('/api/crm/customers')
          .set('Authorization', auth())
          .send({ name: 'Ενορία Κοιμήσεως Θεοτόκου Καλαμπάκας', contacts: [{ type: 'email', value: 'enoria@kalampaka.example.gr' }] }),
      )
    ).id;
    const order = await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/orders`)
        .set('Authorization', auth())
        .send({ title: 'Ρολόι πύργου', status: 'awaiting_payment', items: [{ type: 'freetext', description: 'Ρολόι', quantity: 2, unit_price: 1500.5 }] }),
    );
    await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/transactions`)
        .set('Authorization', auth())
        .send({ flow: 'invoice', amount: 3001, date: '2026-01-15T10:00:00.000Z', order_ref: order.id }),
    );

    // Wednesday 25 March 2026, 12:00 Athens (+02:00).
    now = new Date('2026-03-25T10:00:00.000Z');
    const me = t.users.editor.uid;
    const task = (title: string, due: object, assignee = me) =>
      ok(request(t.app).post('/api/crm/tasks').set('Authorization', auth()).send({ title, ...due, assignee_uid: assignee }));
    await task('Χθεσινή', { due_date: '2026-03-24' });
    await task('Πρωινή ώρα που πέρασε', { due_at: '2026-03-25T09:00:00+02:00' });
    await task('Σήμερα το απόγευμα', { due_at: '2026-03-25T18:00:00+02:00' });
    await task('Σήμερα', { due_date: '2026-03-25' });
    await task('Κυριακή', { due_date: '2026-03-29' });
    await task('Επόμενη εβδομάδα', { due_date: '2026-03-30' });
    await task('Κάποιου άλλου', { due_date: '2026-03-25' }, t.users.admin.uid);

    await logMessage(t.deps, {
      type: 'call',
      direction: 'inbound',
      address: '+306912345678',
      occurred_at: new Date('2026-03-25T07:00:00.000Z'),
      disposition: 'missed',
      duration_seconds: 0,
      follow_up: 'open',
    });
    await logMessage(t.deps, {
      type: 'email',
      direction: 'inbound',
      address: 'enoria@kalampaka.example.gr',
      subject: 'Πότε έρχεται ο τεχνικός;',
      occurred_at: new Date('2026-03-24T07:00:00.000Z'),
    });
    await logMessage(t.deps, {
      type: 'whatsapp',
      direction: 'inbound',
      address: '+447700900123',
      body: 'Hello, is this BellSystems?',
      occurred_at: new Date('2026-03-25T08:00:00.000Z'),
    });

    // Overdue balances come from the open payment_overdue tasks the runner keeps.
    await runAutoTasks(t.deps, autoTaskSourcesFrom({}).filter((source) => source.name === 'payment_overdue'), now);
    const today = await ok(request(t.app).get('/api/crm/today').set('Authorization', auth()), 200);
    expect(today.day).toBe('2026-03-25');
    const titles = (list: { title: string }[]) => list.map((entry) => entry.title);
    expect(titles(today.tasks.overdue)).toEqual(['Χθεσινή', 'Πρωινή ώρα που πέρασε']);
    expect(titles(today.tasks.today)).toEqual(['Σήμερα', 'Σήμερα το απόγευμα']);
    expect(titles(today.tasks.week)).toEqual(['Κυριακή']);
    expect(today.missed_calls).toMatchObject([{ address: '+306912345678', customer_id: null }]);
    expect(today.unassigned.count).toBe(2);
    expect(today.awaiting_reply).toMatchObject([{ customer_id: customer, customer_name: 'Ενορία Κοιμήσεως Θεοτόκου Καλαμπάκας', type: 'email' }]);
    expect(today.overdue_balances).toEqual([
      { customer_id: customer, customer_name: 'Ενορία Κοιμήσεως Θεοτόκου Καλαμπάκας', currency: 'EUR', balance_due: 3001, orders: 1, oldest_due_date: '2026-02-14' },
    ]);

    const viewer = await ok(request(t.app).get('/api/crm/today').set('Authorization', auth('viewer')), 200);
    expect(viewer.tasks).toEqual({ overdue: [], today: [], week: [] });
  });
});

describe('GET /crm/today: quotes and services', () => {
  it('lists the sent quotes awaiting an answer and the services due by the end of the month, with a number to call', async () => {
    now = new Date('2026-03-25T10:00:00.000Z');
    const customer = (
      await ok(
        request(t.app)
          .post('/api/crm/customers')
          .set('Authorization', auth())
          .send({ name: 'Ιερός Ναός Αγίου Γεωργίου Καρπενησίου — Επιτροπή Κωδωνοστασίου', contacts: [{ type: 'phone', value: '2237021234' }] }),
      )
    ).id;
    const quote = (lines: object[]) => ok(request(t.app).post(`/api/crm/customers/${customer}/quotes`).set('Authorization', auth()).send({ lines }));
    const sent = await quote([{ description: 'Καμπάνα 150 kg με ηλεκτρομαγνητικό κρουστήρα', quantity: 3, unit_price: 1234.57 }]);
    const draft = await quote([{ description: 'Πρόχειρο', quantity: 1, unit_price: 10 }]);
    // Sending goes through SMTP (quotes.send.int.test.ts); here the quote is marked sent as sending leaves it.
    await t.store.update(`crm_customers/${customer}/quotes/${sent.id}`, { state: 'sent', sent_at: new Date('2026-03-18T09:00:00.000Z'), valid_until: '2026-04-17' });

    const install = (installed_on: string, extra: object = {}) =>
      ok(
        request(t.app)
          .post(`/api/crm/customers/${customer}/installations`)
          .set('Authorization', auth())
          .send({ site: { name: 'Καμπαναριό Αγίου Γεωργίου', city: 'Καρπενήσι', region: 'Ευρυτανία' }, device_id: `BS-${installed_on}`, installed_on, service_interval_months: 12, ...extra }),
      );
    const overdue = await install('2025-03-10');
    const endOfMonth = await install('2025-03-31');
    await install('2025-04-01');
    const removed = await install('2025-03-12');
    await ok(request(t.app).put(`/api/crm/installations/${removed.id}`).set('Authorization', auth()).send({ state: 'removed' }), 200);

    const today = await ok(request(t.app).get('/api/crm/today').set('Authorization', auth('viewer')), 200);
    expect(today.quotes_awaiting).toEqual({
      count: 1,
      rows: [
        {
          quote_id: sent.id,
          customer_id: customer,
          customer_name: 'Ιερός Ναός Αγίου Γεωργίου Καρπενησίου — Επιτροπή Κωδωνοστασίου',
          customer_phone: '2237021234',
          number: sent.number,
          revision: 1,
          sent_at: '2026-03-18T09:00:00.000Z',
          valid_until: '2026-04-17',
          gross: sent.totals.gross,
        },
      ],
    });
    expect(today.quotes_awaiting.rows.map((row: { quote_id: string }) => row.quote_id)).not.toContain(draft.id);
    expect(today.services_due.through).toBe('2026-03-31');
    expect(today.services_due.count).toBe(2);
    expect(today.services_due.rows).toEqual([
      expect.objectContaining({ installation_id: overdue.id, customer_id: customer, customer_phone: '2237021234', product: 'BS-2025-03-10', due: '2026-03-10', overdue: true, site: 'Καμπαναριό Αγίου Γεωργίου', city: 'Καρπενήσι' }),
      expect.objectContaining({ installation_id: endOfMonth.id, due: '2026-03-31', overdue: false }),
    ]);
  });
});

describe('GET /crm/today: my agenda', () => {
  it('follows reassigning, completing and reopening, and takes in tasks stored before the agenda key', async () => {
    // Thursday 12 November 2026, 11:00 Athens, on a store of its own.
    const own = await createTestApp({ clock: { now: () => new Date('2026-11-12T09:00:00.000Z') } });
    try {
      const as = (role: 'editor' | 'viewer') => `Bearer ${own.tokens[role]}`;
      const me = own.users.editor.uid;
      // Written as the tasks of an earlier version were: no agenda key.
      await own.store.create(taskPath('legacy-task'), {
        title: 'Παλιά εργασία: έλεγχος ρολογιού Μητροπόλεως',
        notes: '',
        ...dueFields({ due_date: '2026-11-10', due_at: null }),
        assignee_uid: me,
        priority: 'normal',
        state: 'open',
        customer_id: null,
        links: { order_id: null, quote_id: null, installation_id: null, comms_id: null },
        repeat: null,
        repeat_origin: null,
        source: 'manual',
        source_key: null,
        reason: null,
        next_task_id: null,
        completed_by: null,
        completed_by_uid: null,
        completed_at: null,
        created_at: new Date('2026-11-01T09:00:00.000Z'),
        created_by: 'Παλιά έκδοση',
        created_by_uid: 'script:test',
        updated_at: new Date('2026-11-01T09:00:00.000Z'),
        updated_by: 'Παλιά έκδοση',
        updated_by_uid: 'script:test',
        history: [],
      });
      const create = async (title: string, due_date: string, assignee_uid: string) =>
        (await request(own.app).post('/api/crm/tasks').set('Authorization', as('editor')).send({ title, due_date, assignee_uid }).expect(201)).body;
      const mine = await create('Κλήση στον επίτροπο', '2026-11-12', me);
      const theirs = await create('Αποστολή τιμολογίου', '2026-11-13', own.users.admin.uid);
      const titles = async () => {
        const today = (await request(own.app).get('/api/crm/today').set('Authorization', as('editor')).expect(200)).body;
        return [...today.tasks.overdue, ...today.tasks.today, ...today.tasks.week].map((task: { title: string }) => task.title);
      };
      expect(await titles()).toEqual(['Παλιά εργασία: έλεγχος ρολογιού Μητροπόλεως', 'Κλήση στον επίτροπο']);

      await request(own.app).put(`/api/crm/tasks/${theirs.id}`).set('Authorization', as('editor')).send({ assignee_uid: me }).expect(200);
      await request(own.app).post(`/api/crm/tasks/${mine.id}/complete`).set('Authorization', as('editor')).expect(200);
      await request(own.app).post('/api/crm/tasks/legacy-task/complete').set('Authorization', as('editor')).expect(200);
      expect(await titles()).toEqual(['Αποστολή τιμολογίου']);

      await request(own.app).put(`/api/crm/tasks/${mine.id}`).set('Authorization', as('editor')).send({ state: 'open', due_date: '2026-11-15' }).expect(200);
      expect(await titles()).toEqual(['Αποστολή τιμολογίου', 'Κλήση στον επίτροπο']);
    } finally {
      await own.close();
    }
  });
});
