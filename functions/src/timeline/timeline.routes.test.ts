import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logMessage } from '../comms/comms.service.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let now = new Date('2026-01-01T10:00:00.000Z');
const auth = (role: 'editor' | 'viewer' = 'editor') => `Bearer ${t.tokens[role]}`;
const at = (iso: string) => {
  now = new Date(iso);
};

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

interface Event {
  id: string;
  kind: string;
  occurred_at: string;
  title?: string;
  body?: string;
  direction?: string;
  ref: Record<string, unknown>;
}

describe('GET /crm/customers/:id/timeline', () => {
  let customer: string;
  let order: string;

  beforeAll(async () => {
    customer = (await ok(request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name: 'Ενορία Αγίας Τριάδος' }))).id;
    const other = (await ok(request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name: 'Other' }))).id;

    at('2026-01-01T10:00:00.000Z');
    order = (await ok(request(t.app).post(`/api/crm/customers/${customer}/orders`).set('Authorization', auth()).send({ title: 'Καμπάνα 300 κιλών' }))).id;
    await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/orders/${order}/timeline`)
        .set('Authorization', auth())
        .send({ type: 'quote_sent', note: 'Στάλθηκε η προσφορά', date: '2026-01-02T12:00:00.000Z' }),
    );
    await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/transactions`)
        .set('Authorization', auth())
        .send({ flow: 'invoice', amount: 1200, date: '2026-01-03T09:00:00.000Z', order_ref: order, note: 'Τιμολόγιο 17' }),
    );
    const issue = await ok(
      request(t.app)
        .post(`/api/crm/customers/${customer}/technical-issues`)
        .set('Authorization', auth())
        .send({ note: 'Ο κρουστήρας δεν χτυπά', date: '2026-01-04T08:00:00.000Z' }),
    );
    const issueId = (issue.technical_issues as { id: string }[]).at(-1)!.id;
    at('2026-01-06T08:00:00.000Z');
    await ok(request(t.app).patch(`/api/crm/customers/${customer}/technical-issues/${issueId}/resolve`).set('Authorization', auth()).send({}), 200);

    await ok(
      request(t.app)
        .post('/api/crm/comms')
        .set('Authorization', auth())
        .send({ customer_id: customer, type: 'call', direction: 'inbound', body: 'Ρώτησε για την προσφορά', occurred_at: '2026-01-02T12:00:00.000Z' }),
    );
    await ok(
      request(t.app)
        .post('/api/crm/comms')
        .set('Authorization', auth())
        .send({ customer_id: customer, type: 'note', direction: 'internal', subject: 'Επίσκεψη', occurred_at: '2026-01-05T10:00:00.000Z' }),
    );
    await logMessage(t.deps, { type: 'sms', direction: 'inbound', customer_id: other, body: 'not theirs', occurred_at: new Date('2026-01-03T00:00:00.000Z') });
  });

  it('merges comms, order events, ledger entries and tickets, newest first', async () => {
    const res = await request(t.app).get(`/api/crm/customers/${customer}/timeline`).set('Authorization', auth('viewer'));
    expect(res.status).toBe(200);
    const events = res.body.events as Event[];
    expect(res.body.next_cursor).toBeNull();
    const times = events.map((e) => e.occurred_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(events.map((e) => `${e.occurred_at} ${e.kind}`).sort()).toEqual(
      [
        '2026-01-01T10:00:00.000Z order_event',
        '2026-01-02T12:00:00.000Z call',
        '2026-01-02T12:00:00.000Z order_event',
        '2026-01-03T09:00:00.000Z transaction',
        '2026-01-04T08:00:00.000Z technical_issue',
        '2026-01-05T10:00:00.000Z note',
        '2026-01-06T08:00:00.000Z technical_issue',
      ],
    );
    const byKind = (kind: string, occurred: string) => events.find((e) => e.kind === kind && e.occurred_at === occurred)!;
    expect(byKind('technical_issue', '2026-01-06T08:00:00.000Z')).toMatchObject({ ref: { event: 'resolved' } });
    expect(byKind('technical_issue', '2026-01-04T08:00:00.000Z')).toMatchObject({ body: 'Ο κρουστήρας δεν χτυπά', ref: { type: 'technical_issue', event: 'opened', active: false } });
    expect(byKind('transaction', '2026-01-03T09:00:00.000Z')).toMatchObject({
      body: 'Τιμολόγιο 17',
      ref: { flow: 'invoice', amount: 1200, currency: 'EUR', payment_type: null, order_ref: order },
    });
    expect(byKind('call', '2026-01-02T12:00:00.000Z')).toMatchObject({ body: 'Ρώτησε για την προσφορά', direction: 'inbound', ref: { type: 'comms', manual: true } });
    expect(byKind('order_event', '2026-01-02T12:00:00.000Z')).toMatchObject({
      body: 'Στάλθηκε η προσφορά',
      ref: { type: 'order', order_id: order, order_title: 'Καμπάνα 300 κιλών', event_type: 'quote_sent' },
    });
    expect(byKind('order_event', '2026-01-01T10:00:00.000Z')).toMatchObject({ ref: { type: 'order', event_type: 'note', props: { from: null, to: 'negotiating' } } });
    expect(byKind('note', '2026-01-05T10:00:00.000Z')).toMatchObject({ title: 'Επίσκεψη', direction: 'internal' });
    // Only words someone wrote reach the timeline: the rest is data the SPA words in the reader's language.
    expect(events.filter((e) => e.title !== undefined).map((e) => e.title)).toEqual(['Επίσκεψη']);
    expect(events.find((e) => e.kind === 'order_event' && e.occurred_at === '2026-01-01T10:00:00.000Z')).not.toHaveProperty('body');
    expect(events.some((e) => e.body === 'not theirs')).toBe(false);
  });

  it('pages through the same events with a cursor, none twice and none skipped', async () => {
    const full = (await request(t.app).get(`/api/crm/customers/${customer}/timeline`).set('Authorization', auth('viewer'))).body.events as Event[];
    for (const limit of [1, 2, 3]) {
      const seen: Event[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(t.app)
          .get(`/api/crm/customers/${customer}/timeline`)
          .query({ limit, ...(cursor ? { cursor } : {}) })
          .set('Authorization', auth('viewer'));
        expect(res.status).toBe(200);
        expect(res.body.events.length).toBeLessThanOrEqual(limit);
        seen.push(...res.body.events);
        cursor = res.body.next_cursor;
      } while (cursor);
      expect(seen.map((e) => e.id)).toEqual(full.map((e) => e.id));
    }
  });

  it('tells manual entries from messages an integration logged', async () => {
    const id = (await ok(request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name: 'Ενορία Αγίου Σπυρίδωνος' }))).id;
    await logMessage(t.deps, { type: 'email', direction: 'inbound', customer_id: id, ext_message_id: '<m1@example.gr>', subject: 'Logged', occurred_at: new Date('2026-02-01T00:00:00.000Z') });
    const events = (await request(t.app).get(`/api/crm/customers/${id}/timeline`).set('Authorization', auth('viewer'))).body.events as Event[];
    expect(events.map((e) => [e.title, e.ref.manual])).toEqual([['Logged', false]]);
  });

  it('answers 404 for a missing customer, 400 for a bad cursor, 401 without a token', async () => {
    expect((await request(t.app).get('/api/crm/customers/nobody/timeline').set('Authorization', auth())).status).toBe(404);
    const bad = await request(t.app).get(`/api/crm/customers/${customer}/timeline`).query({ cursor: 'x' }).set('Authorization', auth());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cursor');
    expect((await request(t.app).get(`/api/crm/customers/${customer}/timeline`)).status).toBe(401);
  });
});
