import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDumps, dumpDatabase } from '../test-support/db-dump.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
const as = (role: 'admin' | 'editor') => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function storeDump(): Promise<Record<string, string[]>> {
  const dump = await dumpDatabase(t.deps.sql);
  return { docs: dump.docstore_docs ?? [], fields: dump.docstore_fields ?? [] };
}

/** A product upload: the kind goes as a multipart field beside the file. */
const uploadProducts = (bytes: Buffer, name: string) =>
  request(t.app).post('/api/crm/imports').set(as('admin')).field('kind', 'products').attach('file', bytes, name);

interface ProductView {
  id: string;
  name: string;
  sku: string | null;
  price: number;
  description: string;
  category: string;
  stock: { on_hand: number; available: number };
  warranty_months: number | null;
  active: boolean;
  archived_at: string | null;
}
const findProducts = async (search: string, archived = false): Promise<ProductView[]> =>
  (await request(t.app).get('/api/crm/products').query({ search, ...(archived ? { archived: 'true' } : {}) }).set(as('editor')).expect(200)).body.products as ProductView[];

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const headers = ['Κωδικός', 'Ονομασία', 'Κατηγορία', 'Τιμή', 'Απόθεμα', 'Περιγραφή', 'Εγγύηση'];

/** As Excel on a Greek Windows saves "CSV": windows-1253, `;`, CRLF, a quoted line break, a formula, a repeated SKU, prices both ways. */
function greekExcelCsv(): Buffer {
  const rows = [
    ['VSP-001', 'Ελεγκτής καμπανών VSP «νέος»', 'Ελεγκτής', '1.450,50', '3', 'Αναβάθμιση', ''],
    ['KR-NEW', 'Κρουστήρας ηλεκτρομαγνητικός Μέγας Αλέξανδρος', 'Κρουστήρας', '1450.50', '', 'Για καμπάνες έως 500 κιλά\r\nΤοποθέτηση: "εσωτερική"', '24'],
    ['kr-new', 'Κρουστήρας αντίγραφο', 'striker', '12,00', '', '', ''],
    ['AMB-1', 'Ρολόι πύργου', 'Ρολόι', '1,450', '', '', ''],
    ['FRM-1', '=HYPERLINK("http://evil.example","Κλικ")', 'Ανταλλακτικό', '0,5', '1.200', '', ''],
    ['NOCAT-1', 'Χωρίς κατηγορία', '', '10', '', '', ''],
    ['ΑΒΓ 1', 'Ελληνικός κωδικός', 'Ρολόι', '10', '', '', ''],
    ['CTL-1', 'Ρολόι\u0007 καμπαναριού', 'Ρολόι', '10', '', '', ''],
    ['KR-7', 'Κρουστήρας 7', 'Κρουστήρας', 'δέκα ευρώ', '', '', ''],
    ['BIG-1', 'Μεγάλο σύστημα Ιερού Ναού Αγίου Δημητρίου Θεσσαλονίκης', 'Ελεγκτής', '1.234.567,89', '', '', '120'],
  ];
  return iconv.encode(`${[headers, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`, 'windows-1253');
}

beforeAll(async () => {
  t = await createTestApp();
  await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Ελεγκτής VSP', sku: 'VSP-001', category: 'controller', price: 1000 }).expect(201);
  await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Κρουστήρας 7', sku: 'KR-7', category: 'striker', price: 300 }).expect(201);
});

afterAll(async () => {
  await t.close();
});

describe('a product import', () => {
  it('previews a Greek Excel CSV row by row, runs the chosen rows as one batch, and undoes back to the store as it was', async () => {
    const before = await storeDump();
    const uploaded = await uploadProducts(greekExcelCsv(), 'προϊόντα.csv').expect(201);
    const id = uploaded.body.id as string;
    expect(uploaded.body).toMatchObject({ kind: 'products', encoding: 'windows-1253', headers });
    expect(uploaded.body.fields).toContain('sku');
    expect(uploaded.body.mapping).toEqual({ Κωδικός: 'sku', Ονομασία: 'name', Κατηγορία: 'category', Τιμή: 'price', Απόθεμα: 'stock_on_hand', Περιγραφή: 'description', Εγγύηση: 'warranty_months' });
    expect(uploaded.body.counts).toEqual({ rows: 10, create: 3, update: 0, skip: 2, error: 5 });
    const row = (n: number) => (uploaded.body.rows as { row: number }[]).find((r) => r.row === n) as Record<string, unknown>;
    expect(row(2)).toMatchObject({ action: 'skip', match: { by: 'sku' } });
    expect(row(4)).toMatchObject({ action: 'skip', duplicate_of: 3, warnings: [{ field: 'sku', message: 'repeats row 3' }] });
    expect(row(5)).toMatchObject({ action: 'error', errors: [{ field: 'price', message: 'is ambiguous: write 1.450,50 or 1450.50' }] });
    expect(row(6)).toMatchObject({ action: 'create', warnings: [{ field: 'name', message: 'starts like a spreadsheet formula; imported as text' }] });
    expect(row(7)).toMatchObject({ action: 'error', errors: [{ field: 'category', message: 'is required' }] });
    expect(row(8)).toMatchObject({ action: 'error', errors: [{ field: 'sku' }] });
    expect(row(9)).toMatchObject({ action: 'error', errors: [{ field: 'name', message: 'contains control characters or line breaks' }] });
    expect(row(10)).toMatchObject({ action: 'error', match: { by: 'sku' }, errors: [{ field: 'price', message: 'is not an amount' }] });

    const mapped = await request(t.app).put(`/api/crm/imports/${id}/mapping`).set(as('admin')).send({ mapping: uploaded.body.mapping, choices: { 2: 'update', 4: 'create' } }).expect(200);
    expect(mapped.body.counts).toEqual({ rows: 10, create: 4, update: 1, skip: 0, error: 5 });
    expect((mapped.body.rows as { row: number; warnings: unknown[] }[]).find((r) => r.row === 4)!.warnings).toContainEqual({
      field: 'sku',
      message: 'is already used by row 3: the product is created without it',
    });

    const dry = await request(t.app).post(`/api/crm/imports/${id}/run`).set(as('admin')).send({ dry_run: true }).expect(200);
    expect(dry.body.counts).toEqual(mapped.body.counts);
    expect(diffDumps(before, await storeDump())).toEqual([]);

    const run = await request(t.app).post(`/api/crm/imports/${id}/run`).set(as('admin')).send({}).expect(200);
    expect(run.body).toMatchObject({ dry_run: false, counts: mapped.body.counts, import: { state: 'imported' } });
    const [vsp] = await findProducts('VSP-001');
    expect(vsp).toMatchObject({ name: 'Ελεγκτής καμπανών VSP «νέος»', price: 1450.5, description: 'Αναβάθμιση', stock: { on_hand: 3, available: 3 }, category: 'controller' });
    const [striker] = await findProducts('KR-NEW');
    expect(striker).toMatchObject({ price: 1450.5, warranty_months: 24, category: 'striker', description: 'Για καμπάνες έως 500 κιλά\r\nΤοποθέτηση: "εσωτερική"' });
    const [copy] = await findProducts('Κρουστήρας αντίγραφο');
    expect(copy).toMatchObject({ sku: null, price: 12 });
    const [formula] = await findProducts('FRM-1');
    expect(formula).toMatchObject({ name: '=HYPERLINK("http://evil.example","Κλικ")', price: 0.5, stock: { on_hand: 1200 }, category: 'part', active: true });
    expect((await findProducts('BIG-1'))[0]).toMatchObject({ price: 1_234_567.89, warranty_months: 120 });
    // The SKU is reserved as a product form's create reserves it.
    await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Άλλος', sku: 'kr-new', category: 'part' }).expect(409);
    await request(t.app).post(`/api/crm/imports/${id}/run`).set(as('admin')).send({}).expect(409);

    const undone = await request(t.app).post(`/api/crm/imports/${id}/undo`).set(as('admin')).expect(200);
    expect(undone.body).toMatchObject({ state: 'undone', not_undone: [] });
    expect(diffDumps(before, await storeDump())).toEqual([]);
  });

  it('matches by external id from an XLSX, moves the SKU with an update, and undo puts both back', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Είδη');
    sheet.addRow(['Old ID', 'Product', 'SKU', 'Category', 'Price', 'Active']);
    sheet.addRow(['E-17', 'Ρολόι πύργου Ζ', 'CLK-Z', 'clock', '99.90', 'ναι']);
    const first = (await uploadProducts(Buffer.from(await workbook.xlsx.writeBuffer()), 'eidi.xlsx').expect(201)).body;
    expect(first).toMatchObject({ encoding: 'xlsx', mapping: { 'Old ID': 'external_id', Product: 'name', SKU: 'sku', Category: 'category', Price: 'price', Active: 'active' }, counts: { create: 1 } });
    await request(t.app).post(`/api/crm/imports/${first.id}/run`).set(as('admin')).send({}).expect(200);
    const [clock] = await findProducts('CLK-Z');

    const before = await storeDump();
    const csv = Buffer.from('\uFEFFOld ID,SKU,Price,Active\r\nE-17,CLK-Z2,"1.450,50",όχι\r\n', 'utf8');
    const second = (await uploadProducts(csv, 'update.csv').expect(201)).body;
    expect(second.rows[0]).toMatchObject({ action: 'skip', match: { id: clock!.id, by: 'external_id' } });
    await request(t.app).put(`/api/crm/imports/${second.id}/mapping`).set(as('admin')).send({ mapping: second.mapping, choices: { 2: 'update' } }).expect(200);
    await request(t.app).post(`/api/crm/imports/${second.id}/run`).set(as('admin')).send({}).expect(200);
    const updated = (await request(t.app).get(`/api/crm/products/${clock!.id}`).set(as('editor')).expect(200)).body as ProductView;
    expect(updated).toMatchObject({ name: 'Ρολόι πύργου Ζ', sku: 'CLK-Z2', price: 1450.5, active: false });
    // The old SKU is free again, the new one taken.
    await request(t.app).post('/api/crm/products').set(as('editor')).send({ name: 'Δοκιμή', sku: 'CLK-Z2', category: 'part' }).expect(409);

    await request(t.app).post(`/api/crm/imports/${second.id}/undo`).set(as('admin')).expect(200);
    expect(diffDumps(before, await storeDump())).toEqual([]);
  });

  it('archives a created product an order now names, and lists it', async () => {
    const item = (await uploadProducts(Buffer.from('Κωδικός;Ονομασία;Κατηγορία\r\nORD-P1;Καμπάνα 80 κιλών;Ανταλλακτικό\r\nORD-P2;Καμπάνα 40 κιλών;Ανταλλακτικό\r\n'), 'two.csv').expect(201)).body;
    await request(t.app).post(`/api/crm/imports/${item.id}/run`).set(as('admin')).send({}).expect(200);
    const [named] = await findProducts('ORD-P1');
    const [free] = await findProducts('ORD-P2');
    // An order written as an integration or the console would: the product document itself stays as imported.
    await t.store.set('crm_customers/legacy-c/orders/legacy-o', { title: 'Καμπάνα', status: 'negotiating', items: [{ product_id: named!.id, quantity: 1 }], created_at: new Date() });
    const undone = await request(t.app).post(`/api/crm/imports/${item.id}/undo`).set(as('admin')).expect(200);
    expect(undone.body.not_undone).toEqual([{ id: named!.id, reason: 'archived, not removed: an order names it' }]);
    expect((await request(t.app).get(`/api/crm/products/${named!.id}`).set(as('editor')).expect(200)).body.archived_at).not.toBeNull();
    await request(t.app).get(`/api/crm/products/${free!.id}`).set(as('editor')).expect(404);
  });

  it('refuses an unknown kind, a customer field, and a column mapped twice, writing nothing', async () => {
    const before = await storeDump();
    const bad = await request(t.app).post('/api/crm/imports').set(as('admin')).field('kind', 'orders').attach('file', Buffer.from('name\r\nx\r\n'), 'x.csv').expect(400);
    expect(bad.body.error.details[0].path).toBe('kind');
    const item = (await uploadProducts(Buffer.from('Ονομασία;Περιγραφή\r\nΑ;Β\r\n'), 'x.csv').expect(201)).body;
    const foreign = await request(t.app).put(`/api/crm/imports/${item.id}/mapping`).set(as('admin')).send({ mapping: { Ονομασία: 'name', Περιγραφή: 'email' } }).expect(400);
    expect(foreign.body.error.details[0]).toEqual({ path: 'mapping.Περιγραφή', message: 'is not a field of a products import' });
    const twice = await request(t.app).put(`/api/crm/imports/${item.id}/mapping`).set(as('admin')).send({ mapping: { Ονομασία: 'name', Περιγραφή: 'name' } }).expect(400);
    expect(twice.body.error.details[0].path).toBe('mapping.Περιγραφή');
    expect(diffDumps(before, await storeDump())).toEqual([]);
  });
});
