import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let customerId = '';
const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });
const readCsv = (text: string, delimiter = ','): Record<string, string>[] => parse(text, { bom: true, columns: true, delimiter });

beforeAll(async () => {
  t = await createTestApp();
  const customer = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'Ιερά Μητρόπολις Λαρίσης και Τυρνάβου' }).expect(201);
  customerId = customer.body.id as string;
  const other = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'Ιερός Ναός Αγίου Κωνσταντίνου' }).expect(201);
  for (const [id, amount] of [[customerId, 1450.5], [customerId, 0.1], [other.body.id as string, 99]] as const) {
    await request(t.app).post(`/api/crm/customers/${id}/transactions`).set(editor()).send({ flow: 'payment', payment_type: 'bank_transfer', category: 'installment', amount, note: 'Δόση; "Α"' }).expect(201);
  }
  const sites = [
    { name: 'Άγιος Αχίλλιος', city: 'Λάρισα', region: 'Θεσσαλία' },
    { name: 'Αγία Παρασκευή; "Παλιά"', city: 'Λάρισα', region: 'Θεσσαλία' },
    { name: 'Άγιος Νικόλαος', city: 'Τύρναβος', region: 'Θεσσαλία' },
  ];
  for (const [i, site] of sites.entries()) {
    await request(t.app)
      .post(`/api/crm/customers/${customer.body.id}/installations`)
      .set(editor())
      .send({ device_id: `console-${i}`, serial_number: `ΣΝ-000${i}`, site, installed_on: '2025-03-01' })
      .expect(201);
  }
});

afterAll(async () => {
  await t.close();
});

describe('the exports of one list', () => {
  it("ledger: one customer's entries, as its Financials tab lists them", async () => {
    const rows = readCsv((await request(t.app).get('/api/crm/export/ledger.csv').query({ customer_id: customerId, separator: ';' }).set(editor()).expect(200)).text, ';');
    expect(rows.map((r) => [r.customer_id, r.amount, r.note])).toEqual([
      [customerId, expect.any(String), 'Δόση; "Α"'],
      [customerId, expect.any(String), 'Δόση; "Α"'],
    ]);
    expect(rows.map((r) => r.amount).sort()).toEqual(['0.10', '1450.50']);
    expect(readCsv((await request(t.app).get('/api/crm/export/ledger.csv').set(editor()).expect(200)).text)).toHaveLength(3);
    await request(t.app).get('/api/crm/export/ledger.csv').query({ customer_id: 'missing-customer' }).set(editor()).expect(404);
  });

  it('read the collections the installations and tasks domains write', async () => {
    await request(t.app).post('/api/crm/tasks').set(editor()).send({ title: 'Κούρδισμα ρολογιού «Άγιος Αχίλλιος»', due_date: '2026-12-24' }).expect(201);
    const tasks = readCsv((await request(t.app).get('/api/crm/export/tasks.csv').set(editor()).expect(200)).text);
    expect(tasks.map((r) => r.title)).toEqual(['Κούρδισμα ρολογιού «Άγιος Αχίλλιος»']);
  });

  it('honours the Service page filters, and holds every installation without them', async () => {
    const listed = await request(t.app).get('/api/crm/installations').query({ city: 'Λάρισα', never_serviced: 'true' }).set(editor()).expect(200);
    const filtered = await request(t.app).get('/api/crm/export/installations.csv').query({ city: 'Λάρισα', never_serviced: 'true', separator: ';' }).set(editor()).expect(200);
    const rows = readCsv(filtered.text, ';');
    expect(rows.map((r) => r.id)).toEqual((listed.body.installations as { id: string }[]).map((i) => i.id));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => JSON.parse(r.site!).name)).toContain('Αγία Παρασκευή; "Παλιά"');

    const all = readCsv((await request(t.app).get('/api/crm/export/installations.csv').set(editor()).expect(200)).text);
    expect(all).toHaveLength(3);
    const bad = await request(t.app).get('/api/crm/export/installations.csv').query({ serial: 'ΣΝ' }).set(editor()).expect(400);
    expect(bad.body.error.details[0].path).toBe('serial');
  });
});
