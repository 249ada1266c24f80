import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { serviceDueTaskSource } from './installations.auto-tasks.js';

// 15 June 2025 in Athens: the day the lists are computed for.
const NOW = new Date('2025-06-15T09:00:00.000Z');

let t: TestApp;
const as = (role: 'editor' | 'viewer') => ({ Authorization: `Bearer ${t.tokens[role]}` });
const ids: Record<string, string> = {};
let customerId: string;
let otherCustomerId: string;

async function install(customer: string, label: string, body: object) {
  const res = await request(t.app)
    .post(`/api/crm/customers/${customer}/installations`)
    .set(as('editor'))
    .send({ device_id: `BS-${label}`, serial_number: `SN-${label}-2025`, service_interval_months: 12, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  ids[label] = res.body.id;
}

const site = (name: string, city: string, region: string) => ({ name, city, region });

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } });
  const create = async (name: string, phone: string) =>
    (await request(t.app).post('/api/crm/customers').set(as('editor')).send({ name, contacts: [{ type: 'phone', value: phone, primary: true }] })).body.id as string;
  customerId = await create('Μητρόπολη Μεσσηνίας', '+30 27210 22222');
  otherCustomerId = await create('Δήμος Ναυπλιέων', '+30 27520 11111');
  // Due dates: installed_on + 12 months.
  await install(customerId, 'KAL-OVERDUE', { site: site('Άγιος Νικόλαος', 'Καλαμάτα', 'Μεσσηνία'), installed_on: '2024-05-31' });
  await install(customerId, 'KAL-SOON', { site: site('Υπαπαντή', 'Καλαμάτα', 'Μεσσηνία'), installed_on: '2024-07-01' });
  await install(customerId, 'MES-SOON', { site: site('Άγιος Γεώργιος', 'Μεσσήνη', 'Μεσσηνία'), installed_on: '2024-06-20' });
  await install(otherCustomerId, 'NAF-SOON', { site: site('Δημαρχείο', 'Ναύπλιο', 'Αργολίδα'), installed_on: '2024-06-16', warranty_until: '2025-07-01' });
  await install(otherCustomerId, 'NAF-LATER', { site: site('Ρολόι πλατείας', 'Ναύπλιο', 'Αργολίδα'), installed_on: '2025-01-10', warranty_until: '2027-01-10' });
  await install(otherCustomerId, 'NAF-NOPLAN', { site: site('Παλαμήδι', 'Ναύπλιο', 'Αργολίδα'), installed_on: '2023-01-10', service_interval_months: null });
});
afterAll(async () => {
  await t.close();
});

const labels = (body: { installations: { id: string }[] }) =>
  body.installations.map((installation) => Object.entries(ids).find(([, id]) => id === installation.id)?.[0]);

async function list(query: string) {
  const res = await request(t.app).get(`/api/crm/installations?${query}`).set(as('viewer'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('planning lists', () => {
  it('lists what is due by a day, grouped by region and town, with what a visit sheet needs', async () => {
    const due = await list('due_before=2025-07-15');
    expect(labels(due)).toEqual(['NAF-SOON', 'KAL-OVERDUE', 'KAL-SOON', 'MES-SOON']);
    expect(due.truncated).toBe(false);
    expect(due.customers[customerId]).toEqual({ name: 'Μητρόπολη Μεσσηνίας', phone: '+30 27210 22222', open_issues: [] });
  });

  it('lists the overdue, the warranties ending soon, the never serviced, and filters by region, town and state', async () => {
    expect(labels(await list('overdue=true'))).toEqual(['KAL-OVERDUE']);
    expect(labels(await list('warranty_before=2025-12-31'))).toEqual(['NAF-SOON']);
    expect(labels(await list('due_before=2025-12-31&region=%CE%BC%CE%B5%CF%83%CF%83%CE%B7%CE%BD%CE%B9%CE%B1'))).toEqual([
      'KAL-OVERDUE',
      'KAL-SOON',
      'MES-SOON',
    ]);
    expect(labels(await list(`city=${encodeURIComponent('ΝΑΥΠΛΙΟ')}`))).toEqual(['NAF-SOON', 'NAF-LATER', 'NAF-NOPLAN']);
    expect(labels(await list('never_serviced=true&region=Αργολίδα'))).toEqual(['NAF-SOON', 'NAF-LATER', 'NAF-NOPLAN']);
    expect(labels(await list('serial=soon-2025'))).toEqual(['NAF-SOON', 'KAL-SOON', 'MES-SOON']);
    expect(labels(await list('serial=SN-KAL-OVERDUE-2025'))).toEqual(['KAL-OVERDUE']);
    expect(labels(await list('state=removed'))).toEqual([]);
  });

  it('refuses bad filters naming them', async () => {
    for (const [query, path] of [
      ['due_before=2025-02-30', 'due_before'],
      ['overdue=yes', 'overdue'],
      ['serial=017', 'serial'],
      ['state=broken', 'state'],
      ['limit=0', 'limit'],
    ]) {
      const res = await request(t.app).get(`/api/crm/installations?${query}`).set(as('viewer'));
      expect(res.status, query).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
    }
  });
});

describe('timeline and service-due tasks', () => {
  it('puts installations and visits on the customer timeline as data', async () => {
    const visit = await request(t.app)
      .post(`/api/crm/installations/${ids['KAL-SOON']}/visits`)
      .set(as('editor'))
      .send({ date: '2025-06-10', kind: 'firmware_update', firmware_version: '4.0', work_done: 'Αναβάθμιση' });
    expect(visit.status).toBe(201);
    const res = await request(t.app).get(`/api/crm/customers/${customerId}/timeline`).set(as('viewer'));
    const activity = res.body.events.filter((e: { kind: string }) => e.kind === 'activity');
    expect(activity.map((e: { ref: { event: string } }) => e.ref.event).sort()).toEqual([
      'installation_firmware',
      'installation_installed',
      'installation_installed',
      'installation_installed',
      'installation_visit',
    ]);
    const visitEvent = activity.find((e: { ref: { event: string } }) => e.ref.event === 'installation_visit');
    expect(visitEvent).toMatchObject({
      occurred_at: '2025-06-10T12:00:00.000Z',
      body: 'Αναβάθμιση',
      ref: { props: { kind: 'firmware_update', serial_number: 'SN-KAL-SOON-2025', site: 'Υπαπαντή' } },
    });
  });

  it('makes a service_due task within 30 days and resolves it when a maintenance visit moves the date', async () => {
    const deps = { store: t.store, sql: t.deps.sql };
    const due = await serviceDueTaskSource.due(deps, NOW);
    expect(due.map((task) => task.key).sort()).toEqual(
      [
        `installation:${ids['KAL-OVERDUE']}:2025-05-31`,
        `installation:${ids['KAL-SOON']}:2025-07-01`,
        `installation:${ids['MES-SOON']}:2025-06-20`,
        `installation:${ids['NAF-SOON']}:2025-06-16`,
      ].sort(),
    );
    const overdue = due.find((task) => task.links.installation_id === ids['KAL-OVERDUE'])!;
    expect(overdue).toMatchObject({ customer_id: customerId, due_date: '2025-05-31', reason: { type: 'service_due' } });
    expect(await serviceDueTaskSource.resolved(deps, due.map((task) => task.key), NOW)).toEqual([]);

    await request(t.app)
      .post(`/api/crm/installations/${ids['KAL-OVERDUE']}/visits`)
      .set(as('editor'))
      .send({ date: '2025-06-14', kind: 'maintenance' })
      .expect(201);
    expect(await serviceDueTaskSource.resolved(deps, due.map((task) => task.key), NOW)).toEqual([overdue.key]);
    const after = await serviceDueTaskSource.due(deps, NOW);
    expect(after.map((task) => task.links.installation_id)).not.toContain(ids['KAL-OVERDUE']);
  });
});
