import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let now = new Date('2026-03-27T09:00:00.000Z');
const auth = (role: 'editor' | 'viewer' | 'admin' = 'editor') => `Bearer ${t.tokens[role]}`;
let customer: string;
let order: string;

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
  customer = (await ok(request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name: 'Ιερός Ναός Αγίου Νικολάου Πειραιώς — Ενοριακό Συμβούλιο' }))).id;
  order = (await ok(request(t.app).post(`/api/crm/customers/${customer}/orders`).set('Authorization', auth()).send({ title: 'Ηλεκτρομηχανικός κρουστήρας' }))).id;
});
afterAll(async () => {
  await t?.close();
});

async function ok(req: request.Test, status = 201) {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

const post = (body: object, role: 'editor' | 'viewer' = 'editor') => request(t.app).post('/api/crm/tasks').set('Authorization', auth(role)).send(body);
const count = async () => (await t.store.query({ collection: 'crm_tasks' })).length;

describe('POST /crm/tasks', () => {
  it('creates a task with the wire names of the issue', async () => {
    const task = await ok(
      post({
        title: 'Τηλεφώνημα στον π. Γεώργιο για την καμπάνα «Ευαγγελισμός»',
        notes: 'Ζητά προσφορά\nγια 2 κρουστήρες',
        due_at: '2026-03-29T10:30:00+03:00',
        assignee_uid: t.users.editor.uid,
        priority: 'high',
        customer_id: customer,
        links: { order_id: order },
        created_by: 'forged',
      }),
    );
    expect(task).toMatchObject({
      title: 'Τηλεφώνημα στον π. Γεώργιο για την καμπάνα «Ευαγγελισμός»',
      due_date: null,
      due_at: '2026-03-29T07:30:00.000Z',
      assignee_uid: t.users.editor.uid,
      priority: 'high',
      state: 'open',
      customer_id: customer,
      links: { order_id: order, quote_id: null, installation_id: null, comms_id: null },
      repeat: null,
      source: 'manual',
      source_key: null,
      completed_by: null,
      completed_at: null,
      created_by: t.users.editor.name,
    });
    const read = await ok(request(t.app).get(`/api/crm/tasks/${task.id}`).set('Authorization', auth('viewer')), 200);
    expect(read).toEqual(task);
  });

  it('refuses a viewer', async () => {
    const before = await count();
    expect((await post({ title: 'Όχι' }, 'viewer')).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it.each([
    ['a due date that is not a date', { title: 'x', due_date: '2026-02-30' }, 400, 'due_date'],
    ['a due time without an offset', { title: 'x', due_at: '2026-03-01T10:00:00' }, 400, 'due_at'],
    ['both a date and a time', { title: 'x', due_date: '2026-03-01', due_at: '2026-03-01T10:00:00Z' }, 400, 'due_at'],
    ['an assignee that is not a user', { title: 'x', assignee_uid: 'nobody-here' }, 422, 'assignee_uid'],
    ['a customer that does not exist', { title: 'x', customer_id: 'no-such-customer' }, 422, 'customer_id'],
    ['an order of no customer', { title: 'x', links: { order_id: 'o1' } }, 422, 'links.order_id'],
    ['a repeat rule without a day', { title: 'x', repeat: { every: 1, unit: 'week' } }, 400, 'repeat'],
    ['a repeat rule that never fires', { title: 'x', due_date: '2026-04-01', repeat: { every: 1, unit: 'month', until: '2026-04-30' } }, 422, 'repeat.until'],
    ['a repeat every 0 days', { title: 'x', due_date: '2026-04-01', repeat: { every: 0, unit: 'day' } }, 400, 'repeat.every'],
    ['an nth weekday on weeks', { title: 'x', due_date: '2026-04-01', repeat: { every: 1, unit: 'week', nth_weekday: { nth: 2, weekday: 2 } } }, 400, 'repeat.nth_weekday'],
    ['a bidi override in the title', { title: 'gnp\u202Eexe' }, 400, 'title'],
    ['an unknown field', { title: 'x', colour: 'red' }, 400, ''],
  ])('refuses %s, naming the field, writing nothing', async (_name, body, status, path) => {
    const before = await count();
    const res = await post(body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (path) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await count()).toBe(before);
  });
});

describe('GET /crm/tasks', () => {
  it('filters by assignee, state, due_before, customer and source, in due order, a page at a time', async () => {
    const other = (await ok(request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name: 'Δήμος Άνω Σύρου' }))).id;
    const mine = [];
    for (const day of ['2026-04-03', '2026-04-01', '2026-04-02']) {
      mine.push(await ok(post({ title: `Έλεγχος ${day}`, due_date: day, assignee_uid: t.users.admin.uid, customer_id: other })));
    }
    await ok(post({ title: 'Χωρίς ημερομηνία', assignee_uid: t.users.admin.uid, customer_id: other }));
    const list = (query: string, role: 'admin' | 'viewer' = 'admin') =>
      ok(request(t.app).get(`/api/crm/tasks?${query}`).set('Authorization', auth(role)), 200);

    const all = await list('assignee=me&state=open');
    expect(all.tasks.map((task: { title: string }) => task.title)).toEqual(['Έλεγχος 2026-04-01', 'Έλεγχος 2026-04-02', 'Έλεγχος 2026-04-03', 'Χωρίς ημερομηνία']);
    const before = await list(`customer_id=${other}&due_before=2026-04-03`);
    expect(before.tasks).toHaveLength(2);
    const first = await list(`assignee=${t.users.admin.uid}&limit=2`);
    const second = await list(`assignee=${t.users.admin.uid}&limit=2&cursor=${first.next_cursor}`);
    expect([...first.tasks, ...second.tasks].map((task: { id: string }) => task.id)).toEqual(all.tasks.map((task: { id: string }) => task.id));
    expect(second.next_cursor).toBeNull();
    expect((await list('source=missed_call', 'viewer')).tasks).toEqual([]);
    expect((await request(t.app).get('/api/crm/tasks?due_before=yesterday').set('Authorization', auth())).status).toBe(400);
  });
});

describe('completing and repeating', () => {
  it('completes a task once, and a repeating one makes exactly one next on its series', async () => {
    now = new Date('2026-02-02T08:00:00.000Z');
    const task = await ok(
      post({ title: 'Μηνιαίος έλεγχος ρολογιού', due_date: '2026-01-31', customer_id: customer, repeat: { every: 1, unit: 'month' } }),
    );
    const done = await ok(request(t.app).post(`/api/crm/tasks/${task.id}/complete`).set('Authorization', auth()), 200);
    expect(done).toMatchObject({ state: 'done', completed_by: t.users.editor.name, completed_at: now.toISOString() });
    const again = await ok(request(t.app).post(`/api/crm/tasks/${task.id}/complete`).set('Authorization', auth()), 200);
    expect(again.next_task_id).toBe(done.next_task_id);
    const next = await ok(request(t.app).get(`/api/crm/tasks/${done.next_task_id}`).set('Authorization', auth()), 200);
    expect(next).toMatchObject({ state: 'open', due_date: '2026-02-28', title: 'Μηνιαίος έλεγχος ρολογιού' });
    const third = await ok(request(t.app).post(`/api/crm/tasks/${next.id}/complete`).set('Authorization', auth()), 200);
    expect((await ok(request(t.app).get(`/api/crm/tasks/${third.next_task_id}`).set('Authorization', auth()), 200)).due_date).toBe('2026-03-31');
  });

  it('keeps the Athens time of day of a timed task across the spring clock change', async () => {
    const task = await ok(post({ title: 'Εβδομαδιαία κλήση', due_at: '2026-03-25T09:00:00+02:00', repeat: { every: 1, unit: 'week' } }));
    const done = await ok(request(t.app).post(`/api/crm/tasks/${task.id}/complete`).set('Authorization', auth()), 200);
    const next = await ok(request(t.app).get(`/api/crm/tasks/${done.next_task_id}`).set('Authorization', auth()), 200);
    expect(next.due_at).toBe('2026-04-01T06:00:00.000Z');
  });

  it('cancels, refuses to complete a cancelled task, reopens, and honours If-Match', async () => {
    const task = await ok(post({ title: 'Αποστολή τιμολογίου', customer_id: customer }));
    const stale = await request(t.app).put(`/api/crm/tasks/${task.id}`).set('Authorization', auth()).set('If-Match', '"stale"').send({ priority: 'low' });
    expect(stale.status).toBe(412);
    const cancelled = await ok(
      request(t.app).put(`/api/crm/tasks/${task.id}`).set('Authorization', auth()).set('If-Match', `"${task.version}"`).send({ state: 'cancelled' }),
      200,
    );
    expect(cancelled.state).toBe('cancelled');
    expect((await request(t.app).post(`/api/crm/tasks/${task.id}/complete`).set('Authorization', auth())).status).toBe(409);
    const reopened = await ok(request(t.app).put(`/api/crm/tasks/${task.id}`).set('Authorization', auth()).send({ state: 'open', due_date: '2026-05-01' }), 200);
    expect(reopened).toMatchObject({ state: 'open', due_date: '2026-05-01', priority: 'normal' });
    const refused = await request(t.app).put(`/api/crm/tasks/${task.id}`).set('Authorization', auth()).send({ customer_id: 'gone' });
    expect(refused.status).toBe(422);
    expect((await ok(request(t.app).get(`/api/crm/tasks/${task.id}`).set('Authorization', auth()), 200)).customer_id).toBe(customer);
    await ok(request(t.app).delete(`/api/crm/tasks/${task.id}`).set('Authorization', auth()), 204);
    expect((await request(t.app).get(`/api/crm/tasks/${task.id}`).set('Authorization', auth())).status).toBe(404);
  });

  it("puts a task's changes on its customer's timeline as data", async () => {
    const task = await ok(post({ title: 'Επίσκεψη στο καμπαναριό', customer_id: customer, due_date: '2026-06-01' }));
    await ok(request(t.app).post(`/api/crm/tasks/${task.id}/complete`).set('Authorization', auth()), 200);
    const timeline = await ok(request(t.app).get(`/api/crm/customers/${customer}/timeline?limit=200`).set('Authorization', auth('viewer')), 200);
    const mine = timeline.events.filter((event: { ref: { doc?: string } }) => event.ref.doc === `crm_tasks/${task.id}`);
    expect(mine.map((event: { ref: { event: string } }) => event.ref.event).sort()).toEqual(['task_completed', 'task_created']);
    expect(mine[0].ref.props).toMatchObject({ title: 'Επίσκεψη στο καμπαναριό', source: 'manual' });
  });
});
