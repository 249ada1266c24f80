/**
 * The import wizard on a 390 px phone against the embedded server: an admin opens Import from
 * More, uploads a Greek Excel CSV (windows-1253, `;`, a quoted line break, a formula, a repeated
 * e-mail, a row without a name, a customer that exists), fixes a column mapped twice, chooses to
 * update the match, dry runs, runs, and undoes; the customers list is then what it was.
 */
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type ApiCall, type E2E } from './support/harness';

let e2e: E2E;
let page: Page;
let api: ApiCall;

interface CustomerList {
  customers: { id: string; name: string; title: string | null; version: string; notes: { text: string }[] }[];
  total: number | null;
}
const customersList = () => api<CustomerList>('GET', '/crm/customers?limit=200');

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const rows = [
  ['Επωνυμία', 'E-mail', 'Τηλέφωνο', 'Παρατηρήσεις', 'Σχόλια', 'Τίτλος'],
  ['Ιερός Ναός Αγίου Νικολάου Πειραιώς', 'nikolaos@example.gr', '210 4111111', 'Καμπάνες 3\r\nΡολόι "Big Ben"', 'κλήση Δευτέρα', 'Εφημέριος'],
  ['Ιερά Μονή Οσίου Λουκά', 'loukas@example.gr', '', '', '', '=HYPERLINK("http://evil.example","Κλικ")'],
  ['', 'anonymos@example.gr', '', '', '', ''],
  ['Ιερός Ναός Αγίας Σοφίας', 'SOFIA@example.gr', '', 'Νέος υπεύθυνος', '', 'π. Γεώργιος'],
  ['Μονή Οσίου Λουκά (διπλή)', 'loukas@example.gr', '', '', '', ''],
  ['Δήμος Ύδρας', 'dimos@ydra.gr', '+30 22980 52210', '', '', ''],
];
const greekCsv = iconv.encode(`${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`, 'windows-1253');

beforeAll(async () => {
  e2e = await startE2E({ seed: false });
  api = await e2e.api('admin');
  await api('POST', '/crm/customers', { name: 'Ιερός Ναός Αγίας Σοφίας', contacts: [{ type: 'email', value: 'sofia@example.gr' }] });
  page = await e2e.newPage({ viewport: { width: 390, height: 844 } });
  await e2e.signIn(page, 'admin');
});

afterAll(async () => {
  await e2e?.close();
});

const count = (key: string) => page.locator(`[data-count="${key}"] dd`);
const card = (row: number) => page.locator(`[data-row="${row}"]`);

describe('the import wizard', () => {
  it('uploads, maps, previews, dry runs, runs and undoes a Greek CSV, leaving the customers list as it was', async () => {
    const before = await customersList();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('link', { name: /^Import/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Import' }).waitFor();

    await page.getByLabel('Customers (with contacts)').check();
    await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'πελάτες.csv', mimeType: 'text/csv', buffer: greekCsv });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByText('πελάτες.csv: 6 rows, read as windows-1253').waitFor();

    // Suggested from the Greek headers; the second notes column is left out, not mapped twice.
    expect(await page.getByLabel('Παρατηρήσεις').inputValue()).toBe('notes');
    expect(await page.getByLabel('Σχόλια').locator('option:checked').textContent()).toBe('— not imported —');
    expect(await count('rows').textContent()).toBe('6');
    expect(await count('create').textContent()).toBe('3');
    expect(await count('skip').textContent()).toBe('2');
    expect(await count('error').textContent()).toBe('1');
    await card(4).getByText(/^Name: /).waitFor();
    await card(3).getByText('Title: starts like a spreadsheet formula; imported as text').waitFor();
    await card(5).getByText('Matches an existing record by e-mail').waitFor();
    await card(6).getByText('Repeats row 3', { exact: true }).waitFor();

    await page.getByLabel('Σχόλια').selectOption('notes');
    await page.getByRole('alert').filter({ hasText: '“Παρατηρήσεις” and “Σχόλια” both go to Notes: choose one.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Apply the columns' }).isDisabled()).toBe(true);
    await page.getByLabel('Παρατηρήσεις').selectOption({ label: '— not imported —' });
    await page.getByRole('button', { name: 'Apply the columns' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Apply the columns' }).isDisabled()).toBe(true);
    expect(await page.getByText('“Παρατηρήσεις” and “Σχόλια” both go to Notes').count()).toBe(0);

    await page.getByLabel('Choice for row 5').selectOption('update');
    await expect.poll(() => count('update').textContent()).toBe('1');
    expect(await count('skip').textContent()).toBe('1');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await e2e.screenshot(page, 'imports-preview-phone');

    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('status').filter({ hasText: 'A run would create 3, update 1, skip 1; 1 rows have errors' }).waitFor();
    expect(await customersList()).toEqual(before);

    await page.getByRole('button', { name: 'Run the import' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported: 3 created, 1 updated, 1 skipped, 1 left out.' }).waitFor();
    const after = await customersList();
    expect(after.total).toBe((before.total ?? 0) + 3);
    const nikolaos = after.customers.find((c) => c.name === 'Ιερός Ναός Αγίου Νικολάου Πειραιώς');
    expect(nikolaos?.notes.map((n) => n.text)).toEqual(['κλήση Δευτέρα']);
    expect(after.customers.find((c) => c.name === 'Ιερός Ναός Αγίας Σοφίας')?.title).toBe('π. Γεώργιος');

    await page.getByRole('button', { name: 'Undo this import' }).click();
    await page.getByRole('status').filter({ hasText: 'The import was undone.' }).waitFor();
    await page.getByRole('region', { name: 'Not undone' }).getByText('Everything was undone.').waitFor();
    expect(await customersList()).toEqual(before);

    // The customers page shows the list as it was.
    await page.goto(`${e2e.server.url}/customers`);
    await page.getByText('Ιερός Ναός Αγίας Σοφίας').first().waitFor();
    expect(await page.getByText('Δήμος Ύδρας').count()).toBe(0);
  });

  it('speaks Greek', async () => {
    const greek = await e2e.newPage({ locale: 'el-GR', viewport: { width: 390, height: 844 } });
    // The harness signs in by English labels; the sign-in form here is in Greek.
    const { email, password } = e2e.login('admin');
    await greek.goto(`${e2e.server.url}/sign-in`);
    await greek.locator('input[type="email"]').fill(email);
    await greek.locator('input[type="password"]').fill(password);
    await greek.locator('form button[type="submit"]').click();
    await greek.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await greek.goto(`${e2e.server.url}/imports`);
    await greek.getByRole('heading', { level: 1, name: 'Εισαγωγή' }).waitFor();
    await greek.getByLabel('Προϊόντα').check();
    await greek.getByLabel('Αρχείο (CSV ή XLSX)').setInputFiles({
      name: 'είδη.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\uFEFFΚωδικός;Ονομασία;Κατηγορία;Τιμή\r\nVSP-9;Ελεγκτής VSP;Ελεγκτής;1.450,50\r\nKR-1;Κρουστήρας;Κρουστήρας;1,450\r\n', 'utf8'),
    });
    await greek.getByRole('button', { name: 'Ανέβασμα και προεπισκόπηση' }).click();
    await greek.getByText('είδη.csv: 2 γραμμές, κωδικοποίηση utf-8').waitFor();
    expect(await greek.getByLabel('Τιμή').inputValue()).toBe('price');
    await greek.locator('[data-row="3"]').getByText('Τιμή: is ambiguous: write 1.450,50 or 1450.50').waitFor();
    await e2e.screenshot(greek, 'imports-products-greek');
  });
});
