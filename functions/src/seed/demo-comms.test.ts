import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoTaskSourcesFrom } from '../app/auto-tasks.js';
import { runAutoTasks } from '../tasks/tasks.auto.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { demoMoment, seedDemoComms } from './demo-comms.js';
import { seedDemoData, type SeedSummary } from './demo-data.js';

/** The seeded demo as a new user meets it: an Inbox, customer timelines with every channel, tasks. */

let t: TestApp;
let summary: SeedSummary;
beforeAll(async () => {
  t = await createTestApp();
  summary = await seedDemoData(t.deps);
  // The embedded server's automatic-tasks timer, run once as it runs every few minutes.
  await runAutoTasks(t.deps, autoTaskSourcesFrom({}), t.deps.clock.now());
}, 180_000);
afterAll(async () => {
  await t.close();
});

const get = (url: string, query: Record<string, string | number | boolean> = {}) =>
  request(t.app).get(`/api${url}`).query(query).set('Authorization', `Bearer ${t.tokens.viewer}`);

interface Entry {
  id: string;
  customer_id: string;
  type: string;
  direction: string;
  address: string | null;
  subject: string | null;
  body: string | null;
  thread_id: string | null;
  attachments: { filename: string; nextcloud_path: string }[];
  delivery_status: string | null;
  disposition: string | null;
  duration_seconds: number | null;
  follow_up: string | null;
  occurred_at: string;
  details: Record<string, unknown>;
}

async function customerId(name: string): Promise<string> {
  const res = await get('/crm/customers', { search: name });
  const found = res.body.customers.find((c: { name: string }) => c.name === name);
  expect(found, name).toBeDefined();
  return found.id;
}

async function commsOf(id: string): Promise<Entry[]> {
  const res = await get('/crm/comms', { customer_id: id, limit: 200 });
  expect(res.status).toBe(200);
  return res.body.entries;
}

/** Everything a re-seeding could add to: the log, the Inbox, the files, the tasks. */
async function counts(): Promise<Record<string, number>> {
  const all = await get('/crm/comms', { limit: 200 });
  expect(all.body.next_cursor).toBeNull();
  const inbox = await get('/crm/comms/unassigned', { limit: 200 });
  const files = await get(`/crm/customers/${await customerId('Δημήτριος Καραγιάννης')}/files`, { limit: 200 });
  const tasks = await get('/crm/tasks', { limit: 500 });
  const journal = await t.deps.sql.execute('SELECT count(*) AS n FROM integration_journal');
  return {
    comms: all.body.entries.length,
    inbox: inbox.body.entries.length,
    files: files.body.files.length,
    tasks: tasks.body.tasks.length,
    journal: Number(journal.rows[0]!.n),
  };
}

describe('the demo comms', () => {
  it('are taken in through every channel', () => {
    expect(summary.comms.emails).toBe(10);
    expect(summary.comms.whatsapp).toBeGreaterThanOrEqual(14);
    expect(summary.comms.calls).toBe(8);
  });

  it('leave messages from unknown senders in the Inbox, one of each channel', async () => {
    const res = await get('/crm/comms/unassigned', { limit: 200 });
    expect(res.status).toBe(200);
    const entries: Entry[] = res.body.entries;
    expect(entries.map((e) => `${e.type} ${e.address}`).sort()).toEqual([
      'call +302310555123',
      'email ieros.naos.kimiseos.larisa@example.com',
      'whatsapp +306994127733',
    ]);
    expect(entries.every((e) => e.customer_id === '')).toBe(true);
    expect(entries.find((e) => e.type === 'email')?.subject).toBe('Προσφορά για ηλεκτρομαγνητικό κρουστήρα');
    expect((await get('/crm/comms/unassigned/count')).body).toMatchObject({ count: 3 });
  });

  it('give a customer one e-mail thread, in and out, with the customer’s photo filed in their files', async () => {
    const id = await customerId('Στέλιος Μπίμπης');
    const emails = (await commsOf(id)).filter((e) => e.type === 'email').reverse();
    expect(emails.map((e) => e.direction)).toEqual(['inbound', 'outbound', 'inbound', 'outbound']);
    expect(new Set(emails.map((e) => e.thread_id)).size).toBe(1);
    expect(emails[0]!.subject).toBe('Ετήσιο σέρβις καμπαναριού πριν τα Χριστούγεννα');
    expect(emails[2]!.details.in_reply_to).toBe('demo.bibis-service-2@bellsystems.gr');
    expect(emails[2]!.details.references).toEqual(['demo.bibis-service-1@example.com', 'demo.bibis-service-2@bellsystems.gr']);
    expect(emails[2]!.attachments).toEqual([expect.objectContaining({ filename: 'Πίνακας ελεγκτή Αγ. Παρασκευή.png' })]);
    const files = await get(`/crm/customers/${id}/files`, { limit: 50 });
    const photo = files.body.files.find((f: { filename: string }) => f.filename === 'Πίνακας ελεγκτή Αγ. Παρασκευή.png');
    expect(photo).toMatchObject({ mime_type: 'image/png', direction: 'received' });
    const bytes = await request(t.app).get(`/api/crm/media/${photo.id}/download`).set('Authorization', `Bearer ${t.tokens.viewer}`).buffer(true);
    expect(bytes.status).toBe(200);
    expect(Buffer.from(bytes.body).subarray(1, 4).toString('latin1')).toBe('PNG');

    const timeline = await get(`/crm/customers/${id}/timeline`, { limit: 100 });
    const kinds = timeline.body.events.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'email')).toHaveLength(4);
    const call = timeline.body.events.find((e: { kind: string }) => e.kind === 'call');
    expect(call.ref.call).toMatchObject({ disposition: 'answered', duration_seconds: 412 });
  });

  it('give a customer a WhatsApp conversation with delivery statuses and a picture sent', async () => {
    const id = await customerId('Δημήτριος Καραγιάννης');
    const messages = (await commsOf(id)).filter((e) => e.type === 'whatsapp').reverse();
    expect(messages.map((e) => e.direction)).toEqual(['inbound', 'outbound', 'inbound', 'outbound']);
    expect(messages[0]!.address).toBe('+306977540112');
    expect(messages[0]!.details.profile_name).toBe('Δημήτρης Καραγιάννης');
    expect(messages.filter((e) => e.direction === 'outbound').map((e) => e.delivery_status)).toEqual(['read', 'read']);
    const picture = messages[3]!;
    expect(picture.body).toBe('Έγινε η ρύθμιση, η ώρα είναι πλέον σωστή ✔');
    expect(picture.attachments).toEqual([expect.objectContaining({ filename: 'Καμπαναριό Αγ. Δημητρίου μετά τη ρύθμιση.png' })]);
    expect(picture.details.media).toMatchObject({ status: 'stored', mime_type: 'image/png' });

    const papadakis = (await commsOf(await customerId('Μανώλης Παπαδάκης'))).filter((e) => e.direction === 'outbound');
    expect(papadakis.map((e) => e.delivery_status)).toEqual(['delivered']);
  });

  it('log calls answered both ways, a missed call returned and one not, which became a task', async () => {
    const returned = (await commsOf(await customerId('Αθανάσιος Κωνσταντίνου'))).filter((e) => e.type === 'call').reverse();
    expect(returned.map((e) => [e.direction, e.disposition, e.follow_up])).toEqual([
      ['inbound', 'missed', 'done'],
      ['outbound', 'answered', null],
    ]);
    expect(returned[1]!.duration_seconds).toBe(185);

    const dimou = await customerId('Κωνσταντίνος Δήμου');
    const missed = (await commsOf(dimou)).find((e) => e.type === 'call');
    expect(missed).toMatchObject({ direction: 'inbound', disposition: 'missed', follow_up: 'open' });
    const tasks = await get('/crm/tasks', { source: 'missed_call', state: 'open' });
    expect(tasks.body.tasks.filter((task: { customer_id: string | null }) => task.customer_id !== null)).toEqual([
      expect.objectContaining({ customer_id: dimou, title: 'Επιστροφή κλήσης +306948773120', links: expect.objectContaining({ comms_id: missed!.id }) }),
    ]);
  });

  it('leave customers’ messages awaiting a reply, which became reply tasks', async () => {
    const tasks = await get('/crm/tasks', { source: 'unanswered_message', state: 'open' });
    const waiting = tasks.body.tasks.map((task: { customer_id: string }) => task.customer_id);
    expect(waiting).toContain(await customerId('Ιωάννης Μαυρίδης'));
    expect(waiting).toContain(await customerId('Σπυρίδων Βλάχος'));
    // Answered conversations ask nothing of anyone.
    expect(waiting).not.toContain(await customerId('Στέλιος Μπίμπης'));
    expect(waiting).not.toContain(await customerId('Δημήτριος Καραγιάννης'));
  });

  it('fall on working days, in Athens office hours, within the last weeks', async () => {
    const all: Entry[] = (await get('/crm/comms', { limit: 200 })).body.entries;
    const now = Date.now();
    for (const entry of all) {
      const at = new Date(entry.occurred_at);
      expect(at.getTime(), entry.occurred_at).toBeLessThan(now);
      expect(now - at.getTime()).toBeLessThan(30 * 86_400_000);
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Athens', hour: '2-digit', hourCycle: 'h23' }).format(at));
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(21);
      const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Athens', weekday: 'short' }).format(at);
      expect(['Sat', 'Sun']).not.toContain(weekday);
    }
  });

  it('are seeded once: seeding again changes nothing', async () => {
    const before = await counts();
    expect(before.comms).toBeGreaterThanOrEqual(30);
    expect(await seedDemoComms(t.deps)).toEqual({ emails: 0, whatsapp: 0, calls: 0 });
    expect(await seedDemoData(t.deps)).toMatchObject({ skipped: true });
    await runAutoTasks(t.deps, autoTaskSourcesFrom({}), t.deps.clock.now());
    expect(await counts()).toEqual(before);
  });
});

describe('demoMoment', () => {
  // Monday 7 December 2026, 07:30 in Athens (05:30 UTC).
  const monday = new Date('2026-12-07T05:30:00Z');

  it('counts working days back, skipping the weekend', () => {
    expect(demoMoment(monday, 1, '09:15').toISOString()).toBe('2026-12-04T07:15:00.000Z');
    expect(demoMoment(monday, 5, '16:00').toISOString()).toBe('2026-11-30T14:00:00.000Z');
    expect(demoMoment(monday, 6, '16:00').toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });

  it('takes Athens summer time for days in summer', () => {
    expect(demoMoment(new Date('2026-07-01T09:00:00Z'), 1, '09:00').toISOString()).toBe('2026-06-30T06:00:00.000Z');
  });
});

describe('the demo comms without file storage (no Nextcloud)', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await createTestApp();
    await seedDemoData({ ...bare.deps, files: undefined });
  }, 180_000);
  afterAll(async () => {
    await bare.close();
  });

  it('are all there: the picture sent goes as its caption, the e-mail’s photo waits in the journal for the files', async () => {
    const list = async (name: string): Promise<Entry[]> => {
      const customers = await request(bare.app).get('/api/crm/customers').query({ search: name }).set('Authorization', `Bearer ${bare.tokens.viewer}`);
      const id = customers.body.customers.find((c: { name: string }) => c.name === name).id;
      return (await request(bare.app).get('/api/crm/comms').query({ customer_id: id, limit: 200 }).set('Authorization', `Bearer ${bare.tokens.viewer}`)).body.entries;
    };
    const caption = (await list('Δημήτριος Καραγιάννης')).find((e) => e.body === 'Έγινε η ρύθμιση, η ώρα είναι πλέον σωστή ✔');
    expect(caption).toMatchObject({ attachments: [], delivery_status: 'read', details: { wa_type: 'text' } });
    const photo = (await list('Στέλιος Μπίμπης')).find((e) => e.details.parts && (e.details.parts as unknown[]).length > 0);
    expect(photo).toMatchObject({ attachments: [], details: { attachments_pending: true } });
  });
});
