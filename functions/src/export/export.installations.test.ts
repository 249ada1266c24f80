import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });
const readCsv = (text: string, delimiter = ','): Record<string, string>[] => parse(text, { bom: true, columns: true, delimiter });

beforeAll(async () => {
  t = await createTestApp();
  const customer = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'Ιερά Μητρόπολις Λαρίσης και Τυρνάβου' }).expect(201);
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

describe('the installations and tasks exports', () => {
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
