/**
 * Email in the browser against the embedded server, a real Dovecot and a real SMTP server
 * (smtp-server): a Greek thread read from the mailbox shows on the customer's Communication
 * tab (HTML in a sandboxed frame), an editor replies with an attachment, and a stranger's email
 * waits in the Inbox until it is assigned.
 */
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS_KEY_ENV } from '../../functions/src/mail/mail.crypto.js';
import { startSmtpCapture, type SmtpCapture } from '../../functions/src/mail/test-support/smtp-capture.js';
import { startDovecot, type Dovecot } from '../../functions/src/mail/test-support/dovecot.js';
import { iso88597Message, plainMessage, utf8HtmlMessage } from '../../functions/src/mail/test-support/greek-mail.js';
import { startE2E, type ApiCall, type E2E } from './support/harness';
import { MAIL_ALLOWED_HOSTS_ENV } from '../../functions/src/mail/mail.hosts.js';

const STAFF = 'staff@bellsystems.gr';
const CUSTOMER = 'naos@example.gr';
const customerName = 'Ιερός Ναός Αγίας Ειρήνης';

let e2e: E2E;
let dovecot: Dovecot;
let smtp: SmtpCapture | undefined;
let admin: ApiCall;
let page: Page;
let customerId: string;
let accountId: string;

beforeAll(async () => {
  process.env[CREDENTIALS_KEY_ENV] = randomBytes(32).toString('base64');
  // Dovecot and the SMTP server listen on loopback, which mail accounts may name only when listed.
  process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
  dovecot = await startDovecot(STAFF);
  smtp = await startSmtpCapture();
  e2e = await startE2E();
  admin = await e2e.api('admin');
  customerId = (await admin<{ id: string }>('POST', '/crm/customers', { name: customerName, contacts: [{ type: 'email', value: CUSTOMER }] })).id;
  accountId = (
    await admin<{ id: string }>('POST', '/crm/mail/accounts', {
      label: 'BellSystems',
      address: STAFF,
      imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: STAFF, password: dovecot.password, folders: ['INBOX', 'Sent'] },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', user: STAFF, password: 'x' },
      sent_folder: 'Sent',
    })
  ).id;
  const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: STAFF, pass: dovecot.password }, logger: false });
  await imap.connect();
  const first = iso88597Message({ from: `"Πατήρ Νικόλαος" <${CUSTOMER}>`, to: STAFF, messageId: '<first@example.gr>' });
  await imap.append('INBOX', first.raw);
  await imap.append('INBOX', utf8HtmlMessage({ from: `"Πατήρ Νικόλαος" <${CUSTOMER}>`, to: STAFF }).raw);
  await imap.append(
    'Sent',
    plainMessage({ from: `"BellSystems" <${STAFF}>`, to: CUSTOMER, subject: `ΑΠ: ${first.subject}`, text: 'Ευχαριστούμε, θα σας στείλουμε προσφορά.', inReplyTo: '<first@example.gr>', references: ['<first@example.gr>'] }).raw,
  );
  await imap.append('INBOX', plainMessage({ from: '"Κώστας Άγνωστος" <kostas@example.com>', to: STAFF, subject: 'Ερώτηση για ρολόι', text: 'Πόσο κοστίζει ένα ρολόι καμπαναριού;' }).raw);
  await imap.logout();
  const polled = await admin<{ stored: number }>('POST', `/crm/mail/accounts/${accountId}/poll`, {});
  expect(polled.stored).toBe(4);
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
}, 180_000);

afterAll(async () => {
  await e2e?.close();
  await smtp?.close();
  await dovecot?.stop();
});

describe('email on the customer page', () => {
  it('reads a Greek thread, with the HTML in a sandboxed frame', async () => {
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=communication`);
    const emails = page.getByRole('region', { name: 'Emails' });
    await emails.waitFor();
    const thread = emails.getByRole('button', { name: /Προσφορά για καμπάνες Ιερού Ναού/ });
    await thread.click();
    await emails.getByText('θα θέλαμε προσφορά για δύο καμπάνες').waitFor();
    await emails.getByText('Ευχαριστούμε, θα σας στείλουμε προσφορά.').waitFor();
    await e2e.screenshot(page, 'mail-thread');

    await emails.getByRole('button', { name: /Τιμολόγιο Δήμου Αθηναίων/ }).click();
    const frame = emails.locator('iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    await expect.poll(() => frame.contentFrame().locator('b').innerText()).toBe('τιμολόγιο');
    await emails.getByRole('button', { name: 'Show images' }).waitFor();
    await emails.getByText('Τιμολόγιο Νο 42.pdf').waitFor();
    await e2e.screenshot(page, 'mail-html');
  });

  it('replies with an attachment: sent once, in the thread', async () => {
    const emails = page.getByRole('region', { name: 'Emails' });
    await emails.getByRole('button', { name: /Προσφορά για καμπάνες Ιερού Ναού/ }).click();
    await emails.getByRole('button', { name: 'Reply' }).click();
    const form = emails.getByRole('form', { name: 'Reply' });
    await form.getByLabel('Message').fill('Σας επισυνάπτουμε την προσφορά.');
    await form.getByLabel('Upload and attach').setInputFiles({ name: 'Προσφορά.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 προσφορά') });
    await expect.poll(() => form.getByLabel('Προσφορά.pdf').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Send' }).click();
    await form.waitFor({ state: 'detached' });
    await emails.getByText('Σας επισυνάπτουμε την προσφορά.').waitFor();
    expect(smtp!.delivered).toHaveLength(1);
    // It answers the thread's last message (our earlier reply) and keeps the thread's root in References.
    const raw = smtp!.delivered[0]!.raw.toString();
    expect(raw).toMatch(/^In-Reply-To: <[^>]+@test\.bellsystems\.gr>/m);
    expect(raw).toMatch(/^References: [^]*<first@example\.gr>/m);
    await e2e.screenshot(page, 'mail-reply');
  });

  it('forwards the invoice with its PDF', async () => {
    const emails = page.getByRole('region', { name: 'Emails' });
    await emails.getByRole('button', { name: /Τιμολόγιο Δήμου Αθηναίων/ }).click();
    await emails.getByRole('button', { name: 'Forward' }).click();
    const form = emails.getByRole('form', { name: 'Forward' });
    await form.getByRole('listitem').filter({ hasText: 'Τιμολόγιο Νο 42.pdf' }).waitFor();
    // The account it goes from is shown, not a blank choice.
    expect(await form.getByLabel('Send from').inputValue()).toBe(accountId);
    await form.getByLabel('To', { exact: true }).fill('logistirio@example.gr');
    await e2e.screenshot(page, 'mail-forward');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.waitFor({ state: 'detached' });
    expect(smtp!.delivered).toHaveLength(2);
    const forwarded = await simpleParser(smtp!.delivered[1]!.raw);
    expect(forwarded.subject).toBe('Fwd: Τιμολόγιο Δήμου Αθηναίων');
    expect(forwarded.attachments.map((a) => a.filename)).toContain('Τιμολόγιο Νο 42.pdf');
  });
});

describe('unassigned email', () => {
  it('waits in the Inbox and goes to the customer it is assigned to', async () => {
    await page.goto(`${e2e.server.url}/inbox`);
    const message = page.getByRole('article', { name: 'Ερώτηση για ρολόι' });
    await message.waitFor();
    await e2e.screenshot(page, 'mail-inbox');
    await message.getByRole('button', { name: 'Assign to customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign to a customer' });
    await dialog.getByRole('combobox', { name: 'Customer' }).fill('Ειρήν');
    await page.getByRole('option', { name: new RegExp(customerName) }).click();
    await dialog.getByRole('button', { name: `Assign to ${customerName}` }).click();
    await message.waitFor({ state: 'detached' });
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=communication`);
    await page.getByRole('region', { name: 'Emails' }).getByRole('button', { name: /Ερώτηση για ρολόι/ }).waitFor();
  });
});
