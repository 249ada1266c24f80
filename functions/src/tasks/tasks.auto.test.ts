import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoTaskSourcesFrom } from '../app/auto-tasks.js';
import { logMessage } from '../comms/comms.service.js';
import type { AutoTaskSource } from '../shared/auto-tasks.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { runAutoTasks } from './tasks.auto.js';

let t: TestApp;
let now = new Date('2026-03-27T07:00:00.000Z');
const auth = () => `Bearer ${t.tokens.editor}`;
let sources: AutoTaskSource[];
let customer: string;

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
  sources = autoTaskSourcesFrom({ TASKS_REPLY_WITHIN_WORKING_DAYS: '1', TASKS_PAYMENT_TERMS_DAYS: '30' });
  customer = (
    await ok(
      request(t.app)
        .post('/api/crm/customers')
        .set('Authorization', auth())
        .send({
          name: 'Ιερά Μονή Αγίου Διονυσίου Ολύμπου — Ηγουμενείο',
          contacts: [
            { type: 'phone', value: '+30 2351 041 234' },
            { type: 'email', value: 'igoumeneio@monastery.example.gr' },
          ],
        }),
    )
  ).id;
});
afterAll(async () => {
  await t?.close();
});

async function ok(req: request.Test, status = 201) {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

const run = () => runAutoTasks(t.deps, sources, now);
const tasksOf = async (source: string) =>
  (await ok(request(t.app).get(`/api/crm/tasks?source=${source}`).set('Authorization', auth()), 200)).tasks as {
    id: string;
    state: string;
    source_key: string;
    customer_id: string | null;
    links: Record<string, string | null>;
    reason: { type: string; props: Record<string, unknown> };
    completed_by: string | null;
    due_date: string;
  }[];

describe('missed_call', () => {
  it('makes one task per missed call however often it runs, and completes it when the call is returned', async () => {
    const call = await logMessage(t.deps, {
      type: 'call',
      direction: 'inbound',
      address: '+302351041234',
      occurred_at: new Date('2026-03-27T06:55:00.000Z'),
      ext_message_id: 'pbx-1711522500.17',
      disposition: 'missed',
      duration_seconds: 0,
      follow_up: 'open',
    });
    await Promise.all([run(), run()]);
    await run();
    const [task, ...more] = await tasksOf('missed_call');
    expect(more).toEqual([]);
    expect(task).toMatchObject({ state: 'open', customer_id: customer, links: { comms_id: call.entry.id }, due_date: '2026-03-27' });
    expect(task!.reason).toMatchObject({ type: 'missed_call', props: { address: '+302351041234' } });

    await ok(request(t.app).post(`/api/crm/calls/follow-ups/${call.entry.id}/done`).set('Authorization', auth()), 200);
    expect((await run()).completed).toBe(1);
    expect(await tasksOf('missed_call')).toMatchObject([{ state: 'done', completed_by: 'missed_call' }]);
    expect((await run()).created).toBe(0);
  });

  it('closes the follow-up when someone completes its task by hand', async () => {
    const call = await logMessage(t.deps, {
      type: 'call',
      direction: 'inbound',
      address: '+302351041234',
      occurred_at: new Date('2026-03-27T06:58:00.000Z'),
      ext_message_id: 'pbx-1711522680.18',
      disposition: 'voicemail',
      duration_seconds: 0,
      follow_up: 'open',
    });
    await run();
    const task = (await tasksOf('missed_call')).find((candidate) => candidate.links.comms_id === call.entry.id)!;
    await ok(request(t.app).post(`/api/crm/tasks/${task.id}/complete`).set('Authorization', auth()), 200);
    const open = await ok(request(t.app).get('/api/crm/calls/follow-ups').set('Authorization', auth()), 200);
    expect(open.entries.map((entry: { id: string }) => entry.id)).not.toContain(call.entry.id);
    expect(await run()).toMatchObject({ created: 0, completed: 0 });
  });
});

describe('unanswered_message', () => {
  it('waits a working day, makes one task per customer, and completes it with the reply', async () => {
    // Friday 27 March 2026, 10:00 Athens; a second message later the same day.
    now = new Date('2026-03-27T08:00:00.000Z');
    const first = await logMessage(t.deps, {
      type: 'email',
      direction: 'inbound',
      address: 'igoumeneio@monastery.example.gr',
      subject: 'Ερώτηση για το ρολόι του καθολικού',
      occurred_at: now,
      ext_message_id: '<q1@monastery.example.gr>',
    });
    await logMessage(t.deps, {
      type: 'whatsapp',
      direction: 'inbound',
      address: '+302351041234',
      customer_id: customer,
      body: 'Μας απαντάτε; 🙏',
      occurred_at: new Date('2026-03-27T12:00:00.000Z'),
      ext_message_id: 'wamid.HBgMMzA2OTQ',
    });
    now = new Date('2026-03-28T09:00:00.000Z');
    await run();
    expect(await tasksOf('unanswered_message')).toEqual([]);
    // Monday 30 March, 11:00 Athens (after the clock change): a working day has passed.
    now = new Date('2026-03-30T08:00:00.000Z');
    await Promise.all([run(), run()]);
    await run();
    const tasks = await tasksOf('unanswered_message');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ customer_id: customer, links: { comms_id: first.entry.id }, due_date: '2026-03-30' });

    await logMessage(t.deps, {
      type: 'email',
      direction: 'outbound',
      address: 'igoumeneio@monastery.example.gr',
      customer_id: customer,
      subject: 'Re: Ερώτηση για το ρολόι του καθολικού',
      occurred_at: new Date('2026-03-30T08:30:00.000Z'),
      ext_message_id: '<r1@bellsystems.gr>',
    });
    now = new Date('2026-03-30T09:00:00.000Z');
    expect(await run()).toMatchObject({ created: 0, completed: 1, failed: [] });
    expect(await tasksOf('unanswered_message')).toMatchObject([{ state: 'done', completed_by: 'unanswered_message' }]);
  });
});

describe('payment_overdue', () => {
  it('makes one task for an order waiting for payment past its terms, completed by the payment', async () => {
    now = new Date('2026-01-05T10:00:00.000Z');
    const order = await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/orders`)
        .set('Authorization', auth())
        .send({
          title: 'Καμπάνα 250 kg με ηλεκτρομαγνητικό κρουστήρα',
          status: 'awaiting_payment',
          items: [{ type: 'freetext', description: 'Καμπάνα', quantity: 1, unit_price: 4321.09 }],
        }),
    );
    await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/transactions`)
        .set('Authorization', auth())
        .send({ flow: 'invoice', amount: 4321.09, date: '2026-01-10T10:00:00.000Z', order_ref: order.id }),
    );
    await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/transactions`)
        .set('Authorization', auth())
        .send({ flow: 'payment', payment_type: 'bank_transfer', amount: 1000, date: '2026-01-12T10:00:00.000Z', order_ref: order.id }),
    );
    // Due on 9 February: nothing on the 9th, a task on the 10th.
    now = new Date('2026-02-09T20:00:00.000Z');
    await run();
    expect(await tasksOf('payment_overdue')).toEqual([]);
    now = new Date('2026-02-10T08:00:00.000Z');
    await Promise.all([run(), run()]);
    const [task, ...more] = await tasksOf('payment_overdue');
    expect(more).toEqual([]);
    expect(task).toMatchObject({ state: 'open', due_date: '2026-02-09', links: { order_id: order.id } });
    expect(task!.reason.props).toMatchObject({ balance_due: 3321.09, currency: 'EUR' });

    await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/transactions`)
        .set('Authorization', auth())
        .send({ flow: 'payment', payment_type: 'cash', amount: 3321.09, date: '2026-02-10T09:00:00.000Z', order_ref: order.id }),
    );
    expect((await run()).completed).toBe(1);
    expect(await tasksOf('payment_overdue')).toMatchObject([{ state: 'done' }]);
  });
});

describe('the runner', () => {
  it('keeps going when one source fails, and says which', async () => {
    const broken: AutoTaskSource = {
      name: 'service_due',
      due: () => Promise.reject(new Error('installations unreachable')),
      resolved: () => Promise.resolve([]),
    };
    const result = await runAutoTasks(t.deps, [broken, ...sources], now);
    expect(result.failed).toEqual(['service_due']);
    expect(t.logs.some((log) => log.level === 'error' && log.fields?.source === 'service_due')).toBe(true);
  });
});
