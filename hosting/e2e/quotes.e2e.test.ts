/**
 * Quotations in the browser against the embedded server and a real SMTP server (smtp-server)
 * and Dovecot (the Sent copy): an editor writes a quote on a customer's Quotations tab with
 * live totals from the server, previews the PDF and sends it; the customer opens the e-mail's
 * link on a phone, in Greek, with no account, and accepts; the quote becomes the order.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS_KEY_ENV } from '../../functions/src/mail/mail.crypto.js';
import { startSmtpCapture, type SmtpCapture } from '../../functions/src/mail/test-support/smtp-capture.js';
import { startDovecot, type Dovecot } from '../../functions/src/mail/test-support/dovecot.js';
import { poppler } from '../../functions/src/test-support/poppler.js';
import { startE2E, type ApiCall, type E2E } from './support/harness';
import { MAIL_ALLOWED_HOSTS_ENV } from '../../functions/src/mail/mail.hosts.js';

const STAFF = 'grafeio@bellsystems.gr';
const CUSTOMER = 'enoria.e2e@example.gr';
const customerName = 'Ιερός Ναός Αγίου Σπυρίδωνος Πειραιά';

let e2e: E2E;
let dovecot: Dovecot;
let smtp: SmtpCapture | undefined;
let editor: ApiCall;
let page: Page;
let customerId: string;
let quoteId: string;
let token: string;

beforeAll(async () => {
  // The local SMTP and IMAP servers listen on loopback, which the CRM refuses unless listed.
  process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
  process.env[CREDENTIALS_KEY_ENV] = randomBytes(32).toString('base64');
  dovecot = await startDovecot(STAFF);
  smtp = await startSmtpCapture();
  e2e = await startE2E();
  const admin = await e2e.api('admin');
  editor = await e2e.api('editor');
  customerId = (await editor<{ id: string }>('POST', '/crm/customers', { name: customerName, contacts: [{ type: 'email', value: CUSTOMER }] })).id;
  await editor('POST', '/crm/products', { name: 'Καμπάνα E2E «Ευαγγελίστρια» 80cm', sku: 'E2E-Q-BELL', category: 'part', price: 1200 });
  await admin('POST', '/crm/mail/accounts', {
    label: 'BellSystems',
    address: STAFF,
    imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: STAFF, password: dovecot.password, folders: ['INBOX', 'Sent'] },
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', user: STAFF, password: 'x' },
    sent_folder: 'Sent',
  });
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
}, 180_000);

afterAll(async () => {
  await e2e?.close();
  await smtp?.close();
  await dovecot?.stop();
});

describe('quotations', () => {
  it('lets an admin set the letterhead in Settings', async () => {
    const admin = await e2e.newPage();
    await e2e.signIn(admin, 'admin');
    await admin.goto(`${e2e.server.url}/settings`);
    const card = admin.getByRole('region', { name: 'Quotation letterhead' });
    await card.getByLabel('Company name').fill('Καμπανοποιία Ζαχαρίου Ο.Ε.');
    await card.getByLabel('VAT number (ΑΦΜ)').fill('094512378');
    await card.getByLabel('Tax office (ΔΟΥ)').fill('Δ.Ο.Υ. Πειραιά');
    await card.getByRole('button', { name: 'Save letterhead' }).click();
    await card.getByRole('status').filter({ hasText: 'Letterhead saved.' }).waitFor();
    await admin.context().close();
  });

  it('writes a quote with live server totals, previews its PDF and sends it', async () => {
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=quotations`);
    await page.getByRole('button', { name: '+ New quotation' }).click();
    await page.waitForURL(/\/quotes\/[A-Za-z0-9_-]+$/);
    quoteId = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByRole('button', { name: '+ Add line' }).click();
    const first = page.getByRole('group', { name: 'Line 1' });
    await first.getByRole('combobox', { name: 'Catalogue product' }).fill('Καμπάνα E2E');
    await page.getByRole('option', { name: /Ευαγγελίστρια/ }).click();
    await expect.poll(() => first.getByLabel('Unit price').inputValue()).toBe('1.200,00');
    await first.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: '+ Add line' }).click();
    const second = page.getByRole('group', { name: 'Line 2' });
    await second.getByLabel('Description').fill('Τοποθέτηση και ρύθμιση στο καμπαναριό');
    await second.getByLabel('Unit price').fill('150.50');
    // 2 × 1.200,00 + 150,50 = 2.550,50 net; 24 % VAT = 612,12; total 3.162,62 (the server's numbers).
    await expect.poll(() => page.getByTestId('total-gross').innerText()).toMatch(/3,162\.62/);
    await expect.poll(() => page.getByTestId('total-vat').innerText()).toMatch(/612\.12/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.getByRole('button', { name: 'PDF preview' }).click();
    const preview = page.getByRole('dialog', { name: 'PDF preview' });
    await preview.locator('iframe').waitFor();
    await e2e.screenshot(page, 'quote-pdf-preview');
    await preview.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /^Send quotation QUO-/ });
    await expect.poll(() => dialog.getByLabel('To').inputValue()).toBe(CUSTOMER);
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Quotation sent.' }).waitFor();
    await expect.poll(() => page.locator('.quote-page__title').innerText()).toMatch(/Sent/);
    expect(smtp!.delivered).toHaveLength(1);
    const mail = await simpleParser(smtp!.delivered[0]!.raw);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[expect.stringMatching(/^QUO-\d{4}-\d{3,}\.pdf$/), 'application/pdf']]);
    token = /\/q\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
    // The PDF carries the letterhead the admin set, read back as text.
    const pdfFile = join(mkdtempSync(join(tmpdir(), 'quote-e2e-')), 'quote.pdf');
    writeFileSync(pdfFile, mail.attachments[0]!.content);
    const text = poppler('pdftotext', [pdfFile, '-']).replace(/\s+/g, ' ');
    expect(text).toContain('Καμπανοποιία Ζαχαρίου Ο.Ε.');
    expect(text).toContain('ΑΦΜ: 094512378');
    expect(text).toContain('Τοποθέτηση και ρύθμιση στο καμπαναριό');
    await e2e.screenshot(page, 'quote-sent');
  });

  it('lets the customer accept on a phone in Greek, without an account, and the quote becomes the order', async () => {
    const phone = await e2e.newPage({ locale: 'el-GR', viewport: { width: 390, height: 844 } });
    await phone.goto(`${e2e.server.url}/q/${token}`);
    await phone.getByRole('heading', { name: /^Προσφορά QUO-/ }).waitFor();
    expect(await phone.locator('main').innerText()).toContain('Τοποθέτηση και ρύθμιση στο καμπαναριό');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByLabel('Το ονοματεπώνυμό σας').fill('π. Σπυρίδων Αλεξόπουλος');
    await phone.getByRole('button', { name: 'Αποδοχή' }).click();
    await phone.getByRole('status').filter({ hasText: 'η προσφορά έγινε δεκτή' }).waitFor();
    await e2e.screenshot(phone, 'quote-public-accepted');

    const quote = await editor<{ state: string; order_id: string; accepted_by_name: string }>('GET', `/crm/quotes/${quoteId}`);
    expect(quote).toMatchObject({ state: 'accepted', accepted_by_name: 'π. Σπυρίδων Αλεξόπουλος' });
    const { orders } = await editor<{ orders: { id: string; status: string; payment_status: { required_amount: number } }[] }>('GET', `/crm/customers/${customerId}/orders`);
    expect(orders).toEqual([expect.objectContaining({ id: quote.order_id, status: 'awaiting_fulfilment', payment_status: expect.objectContaining({ required_amount: 3162.62 }) })]);
  });

  it('lists the quote across customers and fits a 390 px phone', async () => {
    const phone = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await e2e.signIn(phone, 'editor');
    await phone.goto(`${e2e.server.url}/quotes/${quoteId}`);
    await phone.getByRole('heading', { name: /QUO-/ }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.goto(`${e2e.server.url}/quotes`);
    await phone.getByRole('radio', { name: 'Accepted this month' }).check();
    await phone.getByRole('link', { name: /^QUO-/ }).waitFor();
    expect(await phone.locator('main').innerText()).toContain(customerName);
  });
});
