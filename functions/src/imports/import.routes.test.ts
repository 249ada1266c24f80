import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, diffDumps } from '../test-support/db-dump.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
const as = (role: 'admin' | 'editor') => ({ Authorization: `Bearer ${t.tokens[role]}` });
const EXISTING = 20;
const existingEmail = (k: number) => `yparxon${k}@example.gr`;

/** The documents of the store (rows and index), and nothing else: what "the store equal to before" compares. */
async function storeDump(): Promise<Record<string, string[]>> {
  const dump = await dumpDatabase(t.deps.sql);
  return { docs: dump.docstore_docs ?? [], fields: dump.docstore_fields ?? [] };
}

const upload = (bytes: Buffer, name: string, role: 'admin' | 'editor' = 'admin') =>
  request(t.app).post('/api/crm/imports').set(as(role)).attach('file', bytes, name);

type Category = 'match' | 'repeat' | 'control' | 'noname' | 'plain';
/** Which kind of row row i is: the test's own count of what the import must find. */
function category(i: number): Category {
  if (i % 50 === 0) return 'match';
  if (i % 97 === 1) return 'repeat';
  if (i % 211 === 2) return 'control';
  if (i % 173 === 3) return 'noname';
  return 'plain';
}

/** A repeat row copies the row above's e-mail, whatever that row is. */
function emailOf(i: number): string {
  const c = category(i);
  if (c === 'match') return existingEmail((i / 50) % EXISTING);
  if (c === 'repeat') return emailOf(i - 1);
  return `naos${i}@example.gr`;
}

const headers = ['Επωνυμία', 'Οργανισμός', 'E-mail', 'Τηλέφωνο', 'Πόλη', 'Σημειώσεις', 'ΑΦΜ'];
const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** 5,000 rows as Excel on a Greek Windows writes them: windows-1253, `;`, CRLF, quoted line breaks, formulas. */
function nastyFile(rows: number): Buffer {
  const lines = [headers.join(';')];
  for (let i = 0; i < rows; i++) {
    const c = category(i);
    const name = c === 'noname' ? '' : c === 'control' ? `Ενορία\u0007 ${i}` : `Ιερός Ναός Αγίου Γεωργίου «Κ.» ${i}`;
    const email = emailOf(i);
    const organization = i % 13 === 4 ? '=HYPERLINK("http://evil.example","Κλικ")' : `Μητρόπολη Ύδρας; Σπετσών ${i % 7}`;
    const notes = i % 7 === 5 ? `Καμπάνες 3\r\nΡολόι "Big Ben"\r\nΣκάλα: ναι` : '';
    lines.push([name, organization, email, `69${String(10_000_000 + i).padStart(8, '0')}`, 'Ναύπλιο', notes, String(100_000_000 + i)].map(csvCell).join(';'));
  }
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1253');
}

beforeAll(async () => {
  t = await createTestApp();
  for (let k = 0; k < EXISTING; k++) {
    await request(t.app)
      .post('/api/crm/customers')
      .set(as('editor'))
      .send({ name: `Υπάρχων πελάτης ${k}`, contacts: [{ type: 'email', value: existingEmail(k) }] })
      .expect(201);
  }
});

afterAll(async () => {
  await t.close();
});

describe('an import of a nasty 5,000-row file', () => {
  it('previews what a count made here predicts, runs as one batch, and undoes back to the store as it was', async () => {
    const ROWS = Number(process.env.IMPORT_TEST_ROWS ?? 5_000);
    const before = await storeDump();
    const uploaded = await upload(nastyFile(ROWS), 'πελάτες.csv').expect(201);
    const id = uploaded.body.id as string;
    expect(uploaded.body).toMatchObject({ state: 'ready', encoding: 'windows-1253', headers });
    expect(uploaded.body.mapping).toEqual({ Επωνυμία: 'name', Οργανισμός: 'organization', 'E-mail': 'email', Τηλέφωνο: 'phone', Πόλη: 'city', Σημειώσεις: 'notes', ΑΦΜ: 'tax_id' });

    const categories = Array.from({ length: ROWS }, (_, i) => category(i));
    const count = (c: Category) => categories.filter((x) => x === c).length;
    expect(uploaded.body.counts).toEqual({
      rows: ROWS,
      create: count('plain'),
      update: 0,
      skip: count('match') + count('repeat'),
      error: count('control') + count('noname'),
    });
    const rowOf = (i: number) => uploaded.body.rows[i] as { row: number; action: string; errors: { field: string }[]; warnings: { field: string; message: string }[]; match: unknown; duplicate_of: number | null };
    expect(rowOf(2)).toMatchObject({ row: 4, action: 'error', errors: [{ field: 'name' }] });
    expect(rowOf(3).errors.map((e) => e.field)).toContain('name');
    expect(rowOf(4).warnings).toContainEqual({ field: 'organization', message: 'starts like a spreadsheet formula; imported as text' });
    expect(rowOf(98)).toMatchObject({ action: 'skip', duplicate_of: 99 });
    expect(rowOf(50)).toMatchObject({ action: 'skip', match: { by: 'email' } });

    // Every hundredth row updates the customer it matches; the others stay skipped.
    const updateRows = categories.flatMap((c, i) => (c === 'match' && i % 100 === 0 ? [String(i + 2)] : []));
    const mapped = await request(t.app)
      .put(`/api/crm/imports/${id}/mapping`)
      .set(as('admin'))
      .send({ mapping: uploaded.body.mapping, choices: Object.fromEntries(updateRows.map((r) => [r, 'update'])) })
      .expect(200);
    expect(mapped.body.counts).toMatchObject({ update: updateRows.length, skip: count('match') + count('repeat') - updateRows.length });

    const dry = await request(t.app).post(`/api/crm/imports/${id}/run`).set(as('admin')).send({ dry_run: true }).expect(200);
    expect(dry.body.counts).toEqual(mapped.body.counts);
    expect(diffDumps(before, await storeDump())).toEqual([]);

    const run = await request(t.app).post(`/api/crm/imports/${id}/run`).set(as('admin')).send({}).expect(200);
    expect(run.body).toMatchObject({ dry_run: false, counts: mapped.body.counts, import: { state: 'imported' } });
    const total = await request(t.app).get('/api/crm/customers').query({ limit: 1 }).set(as('editor')).expect(200);
    expect(total.body.total).toBe(EXISTING + count('plain'));
    const found = await request(t.app).get('/api/crm/customers').query({ search: 'naos5@example.gr' }).set(as('editor')).expect(200);
    expect(found.body.customers[0]).toMatchObject({ name: 'Ιερός Ναός Αγίου Γεωργίου «Κ.» 5', notes: [{ text: 'Καμπάνες 3\r\nΡολόι "Big Ben"\r\nΣκάλα: ναι' }] });
    await request(t.app).post(`/api/crm/imports/${id}/run`).set(as('admin')).send({}).expect(409);

    const undone = await request(t.app).post(`/api/crm/imports/${id}/undo`).set(as('admin')).expect(200);
    expect(undone.body).toMatchObject({ state: 'undone', not_undone: [] });
    expect(diffDumps(before, await storeDump())).toEqual([]);
  }, 600_000);
});

describe('import files and mistakes', () => {
  it('reads XLSX and a UTF-8 CSV with a BOM', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Πελάτες');
    sheet.addRow(['Name', 'Email', 'Phone', 'Tags']);
    sheet.addRow(['Δήμος Καλαμάτας', 'dimos@kalamata.gr', '+30 27210 12345', 'δήμος|ρολόι']);
    const xlsx = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'pelates.xlsx').expect(201);
    expect(xlsx.body).toMatchObject({ encoding: 'xlsx', counts: { rows: 1, create: 1 }, mapping: { Name: 'name', Email: 'email', Phone: 'phone', Tags: 'tags' } });

    const csv = await upload(Buffer.from('\uFEFFname,email\r\nΜονή Βαρλαάμ,varlaam@example.gr\r\n', 'utf8'), 'bom.csv').expect(201);
    expect(csv.body).toMatchObject({ encoding: 'utf-8', headers: ['name', 'email'], counts: { create: 1 } });
  });

  it('refuses what it cannot read, a column mapped twice, and anyone but an admin, writing nothing', async () => {
    const before = await storeDump();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const notCsv = await upload(png, 'photo.png').expect(422);
    expect(notCsv.body.error.details[0].path).toBe('file');
    await upload(Buffer.alloc(21 * 1024 * 1024, 0x61), 'huge.csv').expect(413);
    await request(t.app).post('/api/crm/imports').set(as('admin')).send({}).expect(400);
    await upload(Buffer.from('name\r\nx\r\n'), 'x.csv', 'editor').expect(403);

    const ok = await upload(Buffer.from('Όνομα;Επωνυμία\r\nΑ;Β\r\n'), 'twice.csv').expect(201);
    const twice = await request(t.app).put(`/api/crm/imports/${ok.body.id}/mapping`).set(as('admin')).send({ mapping: { Όνομα: 'name', Επωνυμία: 'name' } }).expect(400);
    expect(twice.body.error.details[0].path).toBe('mapping.Επωνυμία');
    const unknown = await request(t.app).put(`/api/crm/imports/${ok.body.id}/mapping`).set(as('admin')).send({ mapping: { Όνομα: 'name', Άλλο: 'email' } }).expect(400);
    expect(unknown.body.error.details[0].path).toBe('mapping.Άλλο');
    expect(diffDumps(before, await storeDump())).toEqual([]);
  });

  it('undo lists what changed since and archives a customer an order now refers to', async () => {
    const file = Buffer.from('name;email\r\nΠρώτος Ναός;protos@example.gr\r\nΔεύτερος Ναός;defteros@example.gr\r\nΤρίτος Ναός;tritos@example.gr\r\n');
    const item = (await upload(file, 'three.csv').expect(201)).body;
    await request(t.app).post(`/api/crm/imports/${item.id}/run`).set(as('admin')).send({}).expect(200);
    const find = async (email: string) => (await request(t.app).get('/api/crm/customers').query({ search: email }).set(as('editor'))).body.customers[0] as { id: string };
    const [first, second, third] = [await find('protos@example.gr'), await find('defteros@example.gr'), await find('tritos@example.gr')];
    await request(t.app).put(`/api/crm/customers/${first.id}`).set(as('editor')).send({ title: 'π.' }).expect(200);
    // An order written as an integration or the console would: the customer document itself stays as imported.
    await t.store.set(`crm_customers/${second.id}/orders/legacy-1`, { title: 'Καμπάνα', status: 'negotiating', created_at: new Date() });
    const undone = await request(t.app).post(`/api/crm/imports/${item.id}/undo`).set(as('admin')).expect(200);
    expect(undone.body.not_undone).toEqual([
      { id: first.id, reason: 'changed since the import' },
      { id: second.id, reason: 'archived, not removed: an order refers to it' },
    ]);
    expect((await request(t.app).get(`/api/crm/customers/${first.id}`).set(as('editor'))).body.title).toBe('π.');
    const archived = await request(t.app).get(`/api/crm/customers/${second.id}`).set(as('editor')).expect(200);
    expect(archived.body.archived_at).not.toBeNull();
    await request(t.app).get(`/api/crm/customers/${third.id}`).set(as('editor')).expect(404);
    await request(t.app).post(`/api/crm/imports/${item.id}/undo`).set(as('admin')).expect(409);
  });
});
