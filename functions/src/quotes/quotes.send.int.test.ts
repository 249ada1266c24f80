import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withResponses } from '../app/routes.js';
import { CREDENTIALS_KEY_ENV } from '../mail/mail.crypto.js';
import { startSmtpCapture, type SmtpCapture } from '../mail/test-support/smtp-capture.js';
import { startDovecot, type Dovecot } from '../mail/test-support/dovecot.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createPublicRateLimit } from './public-rate-limit.js';
import { addDays, athensDay } from './quote-days.js';
import { quotesPublicRoutes } from './quotes.public.routes.js';
import { MAIL_ALLOWED_HOSTS_ENV } from '../mail/mail.hosts.js';

/**
 * Sending a quote end to end against a real SMTP server (smtp-server from npm), a real Dovecot
 * (the Sent copy) and the embedded WebDAV server (the filed PDF), then the customer's answer
 * through the public routes. Nothing is mocked.
 */

const STAFF = 'grafeio@bellsystems.gr';
const CUSTOMER_ADDRESS = 'enoria.agias.paraskevis@example.gr';
const SMTP_PASSWORD = `smtp-${randomBytes(6).toString('hex')}`;

let dovecot: Dovecot;
let smtp: SmtpCapture | undefined;
let t: TestApp;
let imap: ImapFlow;
let accountId: string;
let customerId: string;
const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });

beforeAll(async () => {
  // The local SMTP and IMAP servers listen on loopback, which the CRM refuses unless listed.
  process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
  process.env[CREDENTIALS_KEY_ENV] = randomBytes(32).toString('base64');
  dovecot = await startDovecot(STAFF);
  smtp = await startSmtpCapture({ password: SMTP_PASSWORD });
  const smtpPort = smtp.port;
  t = await createTestApp();
  const account = await request(t.app)
    .post('/api/crm/mail/accounts')
    .set({ Authorization: `Bearer ${t.tokens.admin}` })
    .send({
      label: 'BellSystems Γραφείο',
      address: STAFF,
      imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: STAFF, password: dovecot.password, folders: ['INBOX', 'Sent'] },
      smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', user: STAFF, password: SMTP_PASSWORD },
      sent_folder: 'Sent',
    });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  accountId = account.body.id;
  const customer = await request(t.app)
    .post('/api/crm/customers')
    .set(editor())
    .send({ name: 'Ενορία Αγίας Παρασκευής Χαλανδρίου', contacts: [{ type: 'email', value: CUSTOMER_ADDRESS }] });
  customerId = customer.body.id;
  imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: STAFF, pass: dovecot.password }, logger: false });
  await imap.connect();
}, 120_000);

afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  await t?.close();
  await smtp?.close();
  await dovecot?.stop();
});

const lines = [
  { description: 'Ηλεκτρονικός ελεγκτής καμπάνας «Ψαλμωδός»', quantity: 1, unit_price: 1250, vat_rate: 24 },
  { description: 'Τοποθέτηση στο καμπαναριό', quantity: 1, unit_price: 180, vat_rate: 24 },
];

async function draft(body: Record<string, unknown> = {}) {
  const res = await request(t.app).post(`/api/crm/customers/${customerId}/quotes`).set(editor()).send({ lines, internal_notes: 'Περιθώριο 35% — μην το δει ο πελάτης', ...body });
  expect(res.status).toBe(201);
  return res.body;
}

const send = (quoteId: string, body: Record<string, unknown> = {}, key?: string) => {
  const req = request(t.app).post(`/api/crm/quotes/${quoteId}/send`).set(editor());
  if (key) req.set('Idempotency-Key', key);
  return req.send({ account_id: accountId, to: [CUSTOMER_ADDRESS], ...body });
};

const tokenIn = (text: string): string => /\/q\/([A-Za-z0-9_-]+)/.exec(text)![1]!;

describe('POST /crm/quotes/:id/send', () => {
  it('refuses a missing or unknown mail account, naming it, and changes nothing', async () => {
    const quote = await draft();
    const missing = await request(t.app).post(`/api/crm/quotes/${quote.id}/send`).set(editor()).send({ to: [CUSTOMER_ADDRESS] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toContain('account_id');
    const unknown = await send(quote.id, { account_id: 'no-such-account' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: 'account_id', message: 'no such mail account' }]);
    expect((await request(t.app).get(`/api/crm/quotes/${quote.id}`).set(editor())).body.state).toBe('draft');
    expect(smtp!.delivered).toHaveLength(0);
  });

  it('sends once per Idempotency-Key: one PDF part, filed under Προσφορές/, logged, in Sent; the order awaits confirmation', async () => {
    const order = await request(t.app).post(`/api/crm/customers/${customerId}/orders`).set(editor()).send({ title: 'Ελεγκτής καμπάνας', status: 'awaiting_quotation' });
    const quote = await draft({ order_id: order.body.id });
    const before = smtp!.delivered.length;
    const first = await send(quote.id, {}, 'send-quote-1');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await send(quote.id, {}, 'send-quote-1');
    expect(again.status).toBe(200);
    expect(smtp!.delivered).toHaveLength(before + 1);
    expect(first.body).toMatchObject({ state: 'sent', order_id: order.body.id });

    const mail = await simpleParser(smtp!.delivered.at(-1)!.raw);
    expect(mail.subject).toBe(`Προσφορά ${quote.number} — BellSystems`);
    const pdfs = mail.attachments.filter((a) => a.contentType === 'application/pdf');
    expect(mail.attachments).toHaveLength(1);
    expect(pdfs.map((a) => a.filename)).toEqual([`${quote.number}.pdf`]);
    expect(pdfs[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    // (1.250,00 + 180,00) × 1,24 = 1.773,20 €
    expect(mail.text).toContain('1.773,20 €');
    const token = tokenIn(mail.text ?? '');
    expect(token.length).toBeGreaterThanOrEqual(22);

    const files = await request(t.app).get(`/api/crm/customers/${customerId}/files`).set(editor());
    expect(files.body.files.map((f: { nextcloud_path: string }) => f.nextcloud_path)).toContainEqual(expect.stringMatching(new RegExp(`/Προσφορές/${quote.number}\\.pdf$`)));
    const comms = await request(t.app).get(`/api/crm/comms?type=email&limit=50`).set(editor());
    const logged = comms.body.entries.filter((e: { customer_id: string; subject: string }) => e.customer_id === customerId && e.subject === mail.subject);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ direction: 'outbound' });
    // The copy in Sent follows the answer (mail.sent-copy.ts): it arrives once, shortly after.
    const inSent = async () => {
      const lock = await imap.getMailboxLock('Sent');
      try {
        return ((await imap.search({ header: { 'message-id': mail.messageId! } }, { uid: true })) || []).length;
      } finally {
        lock.release();
      }
    };
    await expect.poll(inSent, { timeout: 15_000 }).toBe(1);
    const linked = await request(t.app).get(`/api/crm/customers/${customerId}/orders/${order.body.id}`).set(editor());
    expect(linked.body.status).toBe('awaiting_customer_confirmation');
    expect(linked.body.timeline.map((e: { type: string }) => e.type)).toContain('quote_sent');

    // The customer opens the link: the document, nothing internal.
    const page = await request(t.app).get(`/api/public/quotes/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ number: quote.number, state: 'sent', customer_name: 'Ενορία Αγίας Παρασκευής Χαλανδρίου', totals: { gross: 1773.2 } });
    const raw = JSON.stringify(page.body);
    for (const secret of [customerId, quote.id, order.body.id, 'Περιθώριο', 'internal_notes', 'customer_id']) expect(raw).not.toContain(secret);
    const pdf = await request(t.app).get(`/api/public/quotes/${token}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // …and accepts, twice (a double click): one order, the linked one, awaiting fulfilment.
    const answers = await Promise.all([1, 2].map(() => request(t.app).post(`/api/public/quotes/${token}/accept`).send({ name: 'Πρωτοπρεσβύτερος Γεώργιος Ζαφειρίου' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.body.state).toBe('accepted');
    const staffView = await request(t.app).get(`/api/crm/quotes/${quote.id}`).set(editor());
    expect(staffView.body).toMatchObject({ state: 'accepted', accepted_by_name: 'Πρωτοπρεσβύτερος Γεώργιος Ζαφειρίου', order_id: order.body.id });
    const orders = await request(t.app).get(`/api/crm/customers/${customerId}/orders`).set(editor());
    expect(orders.body.orders).toHaveLength(1);
    expect(orders.body.orders[0]).toMatchObject({ status: 'awaiting_fulfilment', payment_status: { required_amount: 1773.2 } });
  });

  it('names a revision’s file -v2, and the earlier revision’s link answers 410', async () => {
    const quote = await draft();
    await send(quote.id);
    const oldToken = tokenIn((await simpleParser(smtp!.delivered.at(-1)!.raw)).text ?? '');
    const revised = await request(t.app).post(`/api/crm/quotes/${quote.id}/revise`).set(editor()).send({});
    const sent = await send(revised.body.id);
    expect(sent.status).toBe(200);
    const mail = await simpleParser(smtp!.delivered.at(-1)!.raw);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`${quote.number}-v2.pdf`]);
    const gone = await request(t.app).get(`/api/public/quotes/${oldToken}`);
    expect(gone.status).toBe(410);
    expect((await request(t.app).post(`/api/public/quotes/${oldToken}/accept`).send({ name: 'Κάποιος' })).status).toBe(410);
    const newToken = tokenIn(mail.text ?? '');
    const declined = await request(t.app).post(`/api/public/quotes/${newToken}/decline`).send({ reason: 'Θα το συζητήσει το εκκλησιαστικό συμβούλιο' });
    expect(declined.body.state).toBe('declined');
  });

  it('answers 410 to an expired quote’s link and 404 to a made-up one', async () => {
    const quote = await draft();
    await send(quote.id);
    const token = tokenIn((await simpleParser(smtp!.delivered.at(-1)!.raw)).text ?? '');
    await t.store.update(`crm_customers/${customerId}/quotes/${quote.id}`, { valid_until: addDays(athensDay(new Date()), -1) });
    const res = await request(t.app).get(`/api/public/quotes/${token}`);
    expect(res.status).toBe(410);
    expect((await request(t.app).post(`/api/public/quotes/${token}/accept`).send({ name: 'Κάποιος' })).status).toBe(410);
    expect((await request(t.app).get(`/api/public/quotes/${randomBytes(32).toString('base64url')}`)).status).toBe(404);
    expect((await request(t.app).get(`/api/crm/quotes/${quote.id}`).set(editor())).body.order_id).toBeNull();
  });
});

describe('public rate limit', () => {
  it('answers 429 with Retry-After past the limit per address', async () => {
    const limited = await createTestApp({ routes: (deps) => withResponses(quotesPublicRoutes(deps, createPublicRateLimit(3))) });
    try {
      const token = randomBytes(32).toString('base64url');
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await request(limited.app).get(`/api/public/quotes/${token}`));
      expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 429]);
      expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
