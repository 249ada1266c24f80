import request from 'supertest';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommsLog } from '../comms/comms.log.js';
import { JournalRepository } from '../journal/journal.repository.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { CallRecord } from './calls.schema.js';
import { signedHeaders } from './calls.signature.js';
import { mountCallsWebhook } from './calls.webhook.js';
import { CallsRepository, CHECKIN_REFRESH_MS } from './calls.repository.js';

const SECRET = 'calls-secret-0123456789';
let t: TestApp;
let hook: express.Express;
const auth = (role: 'editor' | 'viewer' = 'editor') => `Bearer ${t.tokens[role]}`;

function call(linkedid: string, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    pbx: 'office',
    linkedid,
    direction: 'inbound',
    external_number: '+306971112233',
    external_raw: '6971112233',
    caller_name: null,
    did: '2101234567',
    queue: null,
    extensions_rang: ['201'],
    answered_by: null,
    extensions_answered: [],
    started_at: '2026-03-01T09:00:00.000Z',
    answered_at: null,
    ended_at: '2026-03-01T09:00:30.000Z',
    talk_seconds: 0,
    disposition: 'missed',
    hangup_cause: 16,
    hangup_cause_text: 'Normal Clearing',
    transfers: [],
    legs: [],
    originate_id: null,
    ...overrides,
  };
}

function post(body: string, headers = signedHeaders(SECRET, body, new Date())) {
  return request(hook).post('/webhooks/calls').set('Content-Type', 'application/json').set(headers).send(body);
}

const journalCount = async () => Number((await t.deps.sql.execute("SELECT count(*) AS n FROM integration_journal WHERE source = 'call'")).rows[0]!.n);
const entry = (linkedid: string) => new CommsLog(t.deps).findByExtId('call', `office:${linkedid}`);

beforeAll(async () => {
  t = await createTestApp();
  hook = express();
  mountCallsWebhook(hook, { ...t.deps, signingSecret: SECRET });
});
afterAll(async () => {
  await t?.close();
});

describe('POST /webhooks/calls', () => {
  it('logs a signed call once, however often it is delivered', async () => {
    const body = JSON.stringify({ call: call('100.1', { disposition: 'answered', answered_by: '201', extensions_answered: ['201'], talk_seconds: 42 }) });
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ stored: true, duplicate: false });
    expect((await post(body)).body).toEqual({ stored: true, duplicate: true });
    const logged = await entry('100.1');
    expect(logged).toMatchObject({ type: 'call', direction: 'inbound', address: '+306971112233', disposition: 'answered', duration_seconds: 42, follow_up: null, customer_id: '' });
    expect(logged!.details).toMatchObject({ did: '2101234567', answered_by: '201' });
    expect(logged).toMatchObject({ subject: 'Call from +306971112233', body: 'Answered by 201 · Talk 0:42 · Line 2101234567' });
    const all = await t.deps.sql.execute("SELECT count(*) AS n FROM crm_comms_log WHERE ext_message_id = 'office:100.1'");
    expect(Number(all.rows[0]!.n)).toBe(1);
    expect((await new JournalRepository(t.deps.sql).find('call', 'office:100.1'))?.state).toBe('processed');
  });

  it('stores a call whose caller name holds control and bidi characters, shown visibly, and clamps an impossible start time', async () => {
    const body = JSON.stringify({
      call: call('100.9', { caller_name: 'Πατήρ\u202Eexe.gnp\u0000', external_raw: '697\u0007111', started_at: '2999-01-01T00:00:00.000Z', ended_at: '2999-01-01T00:01:00.000Z' }),
    });
    const res = await post(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await new JournalRepository(t.deps.sql).find('call', 'office:100.9'))?.state).toBe('processed');
    const logged = await entry('100.9');
    expect(JSON.stringify(logged)).toContain('Πατήρ⟨U+202E⟩exe.gnp⟨U+0000⟩');
    for (const char of ['\u0000', '\u0007', '\u202E']) expect(JSON.stringify(logged)).not.toContain(char);
    expect(Math.abs(logged!.occurred_at.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('refuses a bad signature, a stale or future timestamp, and missing headers, storing nothing', async () => {
    const before = await journalCount();
    const body = JSON.stringify({ call: call('100.2') });
    const now = new Date();
    const cases = [
      signedHeaders('another-secret-0123456789', body, now),
      signedHeaders(SECRET, body, new Date(now.getTime() - 6 * 60_000)),
      signedHeaders(SECRET, body, new Date(now.getTime() + 6 * 60_000)),
      { ...signedHeaders(SECRET, body, now), 'X-Calls-Timestamp': String(Math.floor(now.getTime() / 1000) - 1) },
      {},
    ];
    for (const headers of cases) {
      const res = await post(body, headers);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    // The body changed after signing.
    const signed = signedHeaders(SECRET, body, now);
    expect((await post(body.replace('100.2', '100.3'), signed)).status).toBe(401);
    expect(await journalCount()).toBe(before);
    expect(await entry('100.2')).toBeNull();
  });

  it('answers 400 to a signed body that is not a call record, and 503 without a secret', async () => {
    expect((await post(JSON.stringify({ call: { pbx: 'office' } }))).status).toBe(400);
    const unconfigured = express();
    mountCallsWebhook(unconfigured, { ...t.deps, signingSecret: '' });
    expect((await request(unconfigured).post('/webhooks/calls').send('{}')).status).toBe(503);
  });
});

describe('missed-call follow-ups', () => {
  it('opens one for a missed inbound call, shows it, and closes it when a later call with the number is answered', async () => {
    const customer = await request(t.app)
      .post('/api/crm/customers')
      .set('Authorization', auth())
      .send({ name: 'Ιερός Ναός Αγίας Τριάδας', contacts: [{ type: 'phone', value: '6988000111' }] });
    const missed = call('200.1', { external_number: '+306988000111', started_at: '2026-03-02T09:00:00.000Z' });
    expect((await post(JSON.stringify({ call: missed }))).status).toBe(200);
    const opened = await entry('200.1');
    expect(opened).toMatchObject({ follow_up: 'open', customer_id: customer.body.id, disposition: 'missed' });

    const inbox = await request(t.app).get('/api/crm/calls/follow-ups').set('Authorization', auth('viewer'));
    expect(inbox.status).toBe(200);
    expect(inbox.body.entries.map((e: { id: string }) => e.id)).toContain(opened!.id);
    const onCustomer = await request(t.app).get('/api/crm/calls/follow-ups').query({ customer_id: customer.body.id }).set('Authorization', auth('viewer'));
    expect(onCustomer.body.entries.map((e: { id: string }) => e.id)).toEqual([opened!.id]);

    const callBack = call('200.2', {
      direction: 'outbound', external_number: '+306988000111', started_at: '2026-03-02T10:00:00.000Z',
      disposition: 'answered', answered_by: '202', extensions_answered: ['202'], talk_seconds: 12,
    });
    expect((await post(JSON.stringify({ call: callBack }))).status).toBe(200);
    expect(await entry('200.1')).toMatchObject({ follow_up: 'done', follow_up_closed_by: 'call office:200.2' });
    expect((await entry('200.2'))!.follow_up).toBeNull();
  });

  it('lets staff mark one done; withheld numbers and outbound calls open none', async () => {
    await post(JSON.stringify({ call: call('300.1', { external_number: '+306911000222' }) }));
    await post(JSON.stringify({ call: call('300.2', { external_number: null, external_raw: null }) }));
    await post(JSON.stringify({ call: call('300.3', { direction: 'outbound', disposition: 'busy' }) }));
    expect((await entry('300.2'))!.follow_up).toBeNull();
    expect((await entry('300.3'))!.follow_up).toBeNull();
    const open = await entry('300.1');
    expect((await request(t.app).post(`/api/crm/calls/follow-ups/${open!.id}/done`).set('Authorization', auth('viewer'))).status).toBe(403);
    const done = await request(t.app).post(`/api/crm/calls/follow-ups/${open!.id}/done`).set('Authorization', auth());
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ follow_up: 'done', follow_up_closed_by: t.users.editor.name });
    const missing = await request(t.app).post(`/api/crm/calls/follow-ups/${(await entry('300.3'))!.id}/done`).set('Authorization', auth());
    expect(missing.status).toBe(404);
  });
});

describe('extensions and click-to-call', () => {
  it('keeps each user’s extension, one user per extension', async () => {
    expect((await request(t.app).get('/api/me/extension').set('Authorization', auth('viewer'))).body).toEqual({ extension: null });
    expect((await request(t.app).put('/api/me/extension').set('Authorization', auth('viewer')).send({ extension: '205' })).body).toEqual({ extension: '205' });
    const taken = await request(t.app).put('/api/me/extension').set('Authorization', auth()).send({ extension: '205' });
    expect(taken.status).toBe(409);
    expect((await request(t.app).put('/api/me/extension').set('Authorization', auth()).send({ extension: '2x' })).status).toBe(400);
    expect((await request(t.app).put('/api/me/extension').set('Authorization', auth('viewer')).send({ extension: null })).body).toEqual({ extension: null });
  });

  it('queues a call only to one of the customer’s phone contacts, and only for a user with an extension', async () => {
    const customer = await request(t.app)
      .post('/api/crm/customers')
      .set('Authorization', auth())
      .send({ name: 'Δήμος Λαμιέων', contacts: [{ type: 'phone', value: '2231012345' }, { type: 'email', value: 'info@lamia.gr' }] });
    const id = customer.body.id as string;
    await request(t.app).put('/api/me/extension').set('Authorization', auth()).send({ extension: null });
    expect((await request(t.app).post(`/api/crm/customers/${id}/call`).set('Authorization', auth()).send({ phone: '2231012345' })).status).toBe(409);
    await request(t.app).put('/api/me/extension').set('Authorization', auth()).send({ extension: '201' });
    expect((await request(t.app).post(`/api/crm/customers/${id}/call`).set('Authorization', auth()).send({ phone: '2100000000' })).status).toBe(400);
    const emailContact = customer.body.contacts.find((c: { type: string }) => c.type === 'email');
    expect((await request(t.app).post(`/api/crm/customers/${id}/call`).set('Authorization', auth()).send({ contact_id: emailContact.id })).status).toBe(400);
    const queued = await request(t.app).post(`/api/crm/customers/${id}/call`).set('Authorization', auth()).send({ phone: '+30 2231 012345' });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ extension: '201', number: '2231012345', caller_id: 'Δήμος Λαμιέων' });

    const poll = JSON.stringify({ bridge: { pbx: 'office', connected: true, last_event_at: null, outbox_depth: 2 }, wait_seconds: 0 });
    const res = await request(hook).post('/webhooks/calls/originate').set('Content-Type', 'application/json').set(signedHeaders(SECRET, poll, new Date())).send(poll);
    expect(res.status).toBe(200);
    expect(res.body.requests).toEqual([expect.objectContaining({ id: queued.body.id, number: '2231012345' })]);
    // Handed out once.
    const again = await request(hook).post('/webhooks/calls/originate').set('Content-Type', 'application/json').set(signedHeaders(SECRET, poll, new Date())).send(poll);
    expect(again.body.requests).toEqual([]);
    expect((await request(hook).post('/webhooks/calls/originate').set('Content-Type', 'application/json').send(poll)).status).toBe(401);
    const health = await request(t.app).get('/api/crm/calls/bridge').set('Authorization', auth('viewer'));
    expect(health.body.bridges).toEqual([expect.objectContaining({ pbx: 'office', connected: true, outbox_depth: 2 })]);
  });

  it('writes a polling bridge’s check-in when it changed or once a minute, not on every poll', async () => {
    const calls = new CallsRepository(t.deps.sql);
    const seenAt = async () => (await calls.checkins()).find((c) => c.pbx === 'polling')!;
    const status = { pbx: 'polling', connected: true, last_event_at: null, outbox_depth: 0 };
    const t0 = new Date('2026-12-07T10:00:00.000Z');
    await calls.checkin(status, t0);
    await calls.checkin(status, new Date(t0.getTime() + 1_500));
    await calls.checkin(status, new Date(t0.getTime() + CHECKIN_REFRESH_MS - 1_000));
    expect((await seenAt()).seen_at).toBe(t0.toISOString());
    const disconnected = new Date(t0.getTime() + 20_000);
    await calls.checkin({ ...status, connected: false }, disconnected);
    expect(await seenAt()).toMatchObject({ seen_at: disconnected.toISOString(), connected: false });
    const backlog = new Date(t0.getTime() + 21_000);
    await calls.checkin({ ...status, connected: false, outbox_depth: 3 }, backlog);
    expect(await seenAt()).toMatchObject({ seen_at: backlog.toISOString(), outbox_depth: 3 });
    const aMinuteOn = new Date(backlog.getTime() + CHECKIN_REFRESH_MS + 1);
    await calls.checkin({ ...status, connected: false, outbox_depth: 3 }, aMinuteOn);
    expect((await seenAt()).seen_at).toBe(aMinuteOn.toISOString());
  });
});

describe('a call in the customer’s timeline', () => {
  it('carries what the call row shows: disposition, talk seconds, number and who answered', async () => {
    const customer = await request(t.app)
      .post('/api/crm/customers')
      .set('Authorization', auth())
      .send({ name: 'Μητρόπολη Κορίνθου', contacts: [{ type: 'phone', value: '2741012345' }] });
    await request(t.app).put('/api/me/extension').set('Authorization', auth('viewer')).send({ extension: '207' });
    const answered = call('400.1', {
      external_number: '+302741012345', started_at: '2026-03-03T09:00:00.000Z',
      disposition: 'answered', answered_by: '207', extensions_rang: ['207'], extensions_answered: ['207'], talk_seconds: 95,
    });
    await post(JSON.stringify({ call: answered }));
    await post(JSON.stringify({ call: call('400.2', { external_number: '+302741012345', started_at: '2026-03-03T10:00:00.000Z', disposition: 'voicemail' }) }));
    await request(t.app).put('/api/me/extension').set('Authorization', auth('viewer')).send({ extension: null });
    await request(t.app)
      .post('/api/crm/comms')
      .set('Authorization', auth())
      .send({ customer_id: customer.body.id, type: 'call', direction: 'outbound', body: 'Called about the bells', occurred_at: '2026-03-03T11:00:00.000Z' });

    const timeline = await request(t.app).get(`/api/crm/customers/${customer.body.id}/timeline`).set('Authorization', auth('viewer'));
    expect(timeline.status).toBe(200);
    const refs = (timeline.body.events as { kind: string; ref: Record<string, unknown> }[]).filter((e) => e.kind === 'call').map((e) => e.ref);
    expect(refs).toHaveLength(3);
    // Newest first: the manual note has no call fields; the PBX's calls have them.
    expect(refs[0]!.call).toBeUndefined();
    expect(refs[1]!.call).toEqual({ disposition: 'voicemail', duration_seconds: 0, address: '+302741012345', answered_by: null, answered_by_name: null, extensions_rang: ['201'] });
    expect(refs[2]!.call).toEqual({ disposition: 'answered', duration_seconds: 95, address: '+302741012345', answered_by: '207', answered_by_name: t.users.viewer.name, extensions_rang: ['207'] });
  });
});
