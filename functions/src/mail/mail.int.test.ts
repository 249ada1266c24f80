import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommsLog } from '../comms/comms.log.js';
import type { CommsEntry } from '../comms/comms.schema.js';
import { drainAllJournals } from '../app/journal-processors.js';
import { JournalRepository } from '../journal/journal.repository.js';
import { drainJournal } from '../journal/journal.service.js';
import { MediaRepository } from '../media/media.repository.js';
import { FileStorageError, type FileStorage } from '../nextcloud/file-storage.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { MailAccountsRepository } from './mail.accounts.repository.js';
import { MailAccountsService } from './mail.accounts.service.js';
import { CREDENTIALS_KEY_ENV } from './mail.crypto.js';
import { MAIL_ALLOWED_HOSTS_ENV } from './mail.hosts.js';
import { emailJournalProcessor, pollAccount } from './mail.poll.js';
import { startSmtpCapture, type SmtpCapture } from './test-support/smtp-capture.js';
import { startDovecot, type Dovecot } from './test-support/dovecot.js';
import {
  autoReplyMessage,
  bounceMessage,
  forwardedMessage,
  iso88597Message,
  plainMessage,
  utf8HtmlMessage,
  windows1253Message,
} from './test-support/greek-mail.js';

/**
 * Email end to end against a real Dovecot (IMAP, Maildir in a temp folder) and a real SMTP
 * server (smtp-server from npm), through the API and the poller. Nothing is mocked but, in one
 * case, a Nextcloud outage (a storage that refuses every upload).
 */

const CUSTOMER_ADDRESS = 'naos@example.gr';
const STAFF = 'staff@bellsystems.gr';
const SMTP_PASSWORD = `smtp-${randomBytes(6).toString('hex')}`;

let dovecot: Dovecot;
let smtp: SmtpCapture | undefined;
let smtpPort: number;
let t: TestApp;
/** The repositories the wiring would hand the poll and the drain. */
const repos = () => ({ journal: new JournalRepository(t.deps.sql), mailAccounts: new MailAccountsRepository(t.deps.sql), media: new MediaRepository(t.deps.sql) });
let admin: Record<string, string>;
let editor: Record<string, string>;
let customerId: string;
let accountId: string;
let imap: ImapFlow;

const from = `"Πατήρ Νικόλαος" <${CUSTOMER_ADDRESS}>`;

async function append(folder: string, raw: Buffer): Promise<void> {
  await imap.append(folder, raw);
}

async function uidValidityOf(folder: string): Promise<bigint | undefined> {
  const status = await imap.status(folder, { uidValidity: true });
  return status ? status.uidValidity : undefined;
}

async function poll(): Promise<{ fetched: number; stored: number; duplicates: number; failed: number; errors: string[] }> {
  const res = await request(t.app).post(`/api/crm/mail/accounts/${accountId}/poll`).set(admin).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function emails(): Promise<CommsEntry[]> {
  const res = await request(t.app).get('/api/crm/comms?type=email&limit=200').set(admin);
  expect(res.status).toBe(200);
  return res.body.entries as CommsEntry[];
}

function countByKey(entries: CommsEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.ext_message_id!, (counts.get(entry.ext_message_id!) ?? 0) + 1);
  return counts;
}

beforeAll(async () => {
  process.env[CREDENTIALS_KEY_ENV] = randomBytes(32).toString('base64');
  // Dovecot and the SMTP server listen on loopback, which the CRM refuses unless listed.
  process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
  dovecot = await startDovecot(STAFF);
  smtp = await startSmtpCapture({
    password: SMTP_PASSWORD,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('reject')) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      callback();
    },
  });
  smtpPort = smtp.port;
  t = await createTestApp();
  admin = { Authorization: `Bearer ${t.tokens.admin}` };
  editor = { Authorization: `Bearer ${t.tokens.editor}` };
  const customer = await request(t.app)
    .post('/api/crm/customers')
    .set(editor)
    .send({ name: 'Ιερός Ναός Αγίου Νικολάου', contacts: [{ type: 'email', value: 'Naos@Example.gr' }] });
  expect(customer.status).toBe(201);
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

describe('mail accounts', () => {
  it('creates an account without waiting for its servers and never returns a password', async () => {
    const res = await request(t.app)
      .post('/api/crm/mail/accounts')
      .set(admin)
      .send({
        label: 'BellSystems',
        address: STAFF,
        imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: STAFF, password: dovecot.password, folders: ['INBOX', 'Sent'] },
        smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', user: STAFF, password: SMTP_PASSWORD },
        sent_folder: 'Sent',
      });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    accountId = res.body.id;
    const listed = await request(t.app).get('/api/crm/mail/accounts').set(admin);
    const senders = await request(t.app).get('/api/crm/mail/senders').set(editor);
    expect(senders.body).toEqual({ senders: [{ id: accountId, label: 'BellSystems', address: STAFF }] });
    for (const body of [JSON.stringify(res.body), JSON.stringify(listed.body)]) {
      expect(body).not.toContain(dovecot.password);
      expect(body).not.toContain(SMTP_PASSWORD);
      expect(body).not.toContain('password');
    }
    // At rest the passwords are ciphertext.
    const row = await t.deps.sql.execute({ sql: 'SELECT imap, smtp FROM mail_accounts WHERE id = ?', args: [accountId] });
    expect(JSON.stringify(row.rows[0])).not.toContain(dovecot.password);
    expect(JSON.stringify(row.rows[0])).not.toContain(SMTP_PASSWORD);
  });

  it('tests both servers and says what failed, without the password', async () => {
    const ok = await request(t.app).post(`/api/crm/mail/accounts/${accountId}/test`).set(admin).send({});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ imap: { ok: true, error: null }, smtp: { ok: true, error: null } });

    const wrong = `wrong-${randomBytes(4).toString('hex')}`;
    const other = await request(t.app)
      .post('/api/crm/mail/accounts')
      .set(admin)
      .send({
        label: 'Λάθος',
        address: 'other@bellsystems.gr',
        imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: STAFF, password: dovecot.password, folders: ['INBOX', 'Nope'] },
        smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', user: STAFF, password: wrong },
      });
    expect(other.status).toBe(201);
    const failed = await request(t.app).post(`/api/crm/mail/accounts/${other.body.id}/test`).set(admin).send({});
    expect(failed.body.imap).toMatchObject({ ok: false, folders_missing: ['Nope'] });
    expect(failed.body.smtp.ok).toBe(false);
    expect(failed.body.smtp).toMatchObject({ reason: 'auth_failed', error: expect.stringMatching(/^SMTP 127\.0\.0\.1:\d+: /) });
    expect(JSON.stringify(failed.body)).not.toContain(wrong);
    const patched = await request(t.app).patch(`/api/crm/mail/accounts/${other.body.id}`).set(admin).send({ smtp: { password: SMTP_PASSWORD } });
    expect(patched.status).toBe(200);
    const fixed = await request(t.app).post(`/api/crm/mail/accounts/${other.body.id}/test`).set(admin).send({});
    expect(fixed.body.smtp).toEqual({ ok: true, reason: null, error: null });
    expect((await request(t.app).delete(`/api/crm/mail/accounts/${other.body.id}`).set(admin)).status).toBe(204);
  });

  it('answers wrong input and wrong roles with a 4xx', async () => {
    const bad = await request(t.app).post('/api/crm/mail/accounts').set(admin).send({ label: 'x', address: 'not-an-address', imap: {}, smtp: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const badSecurity = await request(t.app)
      .patch(`/api/crm/mail/accounts/${accountId}`)
      .set(admin)
      .send({ imap: { security: 'ssl3' } });
    expect(badSecurity.status).toBe(400);
    expect((await request(t.app).patch(`/api/crm/mail/accounts/${accountId}`).set(admin).send({})).status).toBe(400);
    expect((await request(t.app).get('/api/crm/mail/accounts').set(editor)).status).toBe(403);
    expect((await request(t.app).post(`/api/crm/mail/accounts/${accountId}/poll`).set(editor).send({})).status).toBe(403);
    expect((await request(t.app).patch('/api/crm/mail/accounts/nope').set(admin).send({ label: 'x' })).status).toBe(404);
    expect((await request(t.app).post('/api/crm/mail/accounts/nope/poll').set(admin).send({})).status).toBe(404);
    const send = await request(t.app).post(`/api/crm/customers/${customerId}/emails`).set(editor).send({ account_id: 'nope', to: [CUSTOMER_ADDRESS], subject: 'x', text: 'y' });
    expect(send.status).toBe(422);
    const noBody = await request(t.app).post(`/api/crm/customers/${customerId}/emails`).set(editor).send({ account_id: accountId, to: [CUSTOMER_ADDRESS], subject: 'x' });
    expect(noBody.status).toBe(400);
    const viewer = await request(t.app)
      .post(`/api/crm/customers/${customerId}/emails`)
      .set({ Authorization: `Bearer ${t.tokens.viewer}` })
      .send({ account_id: accountId, to: [CUSTOMER_ADDRESS], subject: 'x', text: 'y' });
    expect(viewer.status).toBe(403);
  });
});

describe('polling Dovecot', () => {
  const parentId = `<parent-${randomBytes(4).toString('hex')}@example.gr>`;
  const replyId = `<reply-${randomBytes(4).toString('hex')}@example.gr>`;

  it('stores each Greek message once over two polls, decoded, matched, threaded and with its files', async () => {
    const html = utf8HtmlMessage({ from, to: STAFF });
    const messages = [
      iso88597Message({ from, to: STAFF }),
      windows1253Message({ from, to: STAFF }),
      html,
      forwardedMessage({ from, to: STAFF }),
      plainMessage({ from: '"Άγνωστος" <stranger@example.com>', to: STAFF, messageId: null, subject: 'Χωρίς Message-ID', text: 'Γεια σας' }),
      bounceMessage({ from, to: STAFF }),
      autoReplyMessage({ from, to: STAFF }),
      // The reply comes before its parent.
      plainMessage({ from, to: STAFF, messageId: replyId, subject: 'ΑΠ: Συντήρηση καμπαναριού', text: 'Συμφωνούμε.', inReplyTo: parentId, references: [parentId] }),
    ];
    for (const message of messages) await append('INBOX', message.raw);
    await append('Sent', plainMessage({ from: `"BellSystems" <${STAFF}>`, to: from, messageId: parentId, subject: 'Συντήρηση καμπαναριού', text: 'Προτείνουμε συντήρηση.' }).raw);

    const first = await poll();
    expect(first).toMatchObject({ fetched: 9, stored: 9, duplicates: 0, failed: 0, errors: [] });
    const second = await poll();
    expect(second).toMatchObject({ fetched: 0, stored: 0, duplicates: 0, failed: 0 });

    const entries = await emails();
    expect(entries).toHaveLength(9);
    expect([...countByKey(entries).values()].every((n) => n === 1)).toBe(true);
    const subjects = entries.map((e) => e.subject);
    for (const message of messages.slice(0, 4)) expect(subjects).toContain(message.subject);

    const iso = entries.find((e) => e.subject === messages[0]!.subject)!;
    expect(iso).toMatchObject({ direction: 'inbound', customer_id: customerId, body: messages[0]!.text, address: CUSTOMER_ADDRESS });
    expect(entries.find((e) => e.subject === 'Χωρίς Message-ID')).toMatchObject({ customer_id: '', ext_message_id: expect.stringMatching(/^sha256:/) });

    const invoice = entries.find((e) => e.subject === html.subject)!;
    expect(invoice.attachments.map((a) => a.filename)).toContain(html.filename);
    expect(invoice.details.html).not.toContain('<script');
    const inline = invoice.details.inline as Record<string, string>;
    expect(Object.keys(inline)).toEqual([html.cid]);
    const files = await request(t.app).get(`/api/crm/customers/${customerId}/files`).set(editor);
    expect(files.body.files.map((f: { filename: string }) => f.filename)).toContain(html.filename);
    const logo = await request(t.app).get(`/api/crm/media/${inline[html.cid]}/download`).set(editor);
    expect(logo.status).toBe(200);

    expect(entries.find((e) => e.subject === 'Undelivered Mail Returned to Sender')).toMatchObject({ thread_id: null, details: { auto: 'bounce' } });
    expect(entries.find((e) => e.details.auto === 'auto_reply')?.thread_id).toBeNull();

    const parent = entries.find((e) => e.subject === 'Συντήρηση καμπαναριού')!;
    const reply = entries.find((e) => e.subject === 'ΑΠ: Συντήρηση καμπαναριού')!;
    expect(parent.direction).toBe('outbound');
    expect(parent.customer_id).toBe(customerId);
    expect(reply.thread_id).toBe(parent.thread_id);
    const thread = await request(t.app).get(`/api/crm/mail/thread/${reply.id}`).set(editor);
    expect(thread.body.entries.map((e: CommsEntry) => e.id).sort()).toEqual([parent.id, reply.id].sort());
  });

  it('joins a reply that arrived before its parent when the parent comes (In-Reply-To only)', async () => {
    const root = `<root-${randomBytes(4).toString('hex')}@example.gr>`;
    const middle = `<middle-${randomBytes(4).toString('hex')}@example.gr>`;
    await append('INBOX', plainMessage({ from, to: STAFF, messageId: `<late-${randomBytes(4).toString('hex')}@example.gr>`, subject: 'ΣΧΕΤ: Ρολόι', text: 'Τρίτο', inReplyTo: middle }).raw);
    await append('INBOX', plainMessage({ from, to: STAFF, messageId: root, subject: 'Ρολόι', text: 'Πρώτο' }).raw);
    expect((await poll()).stored).toBe(2);
    await append('INBOX', plainMessage({ from, to: STAFF, messageId: middle, subject: 'Re: Ρολόι', text: 'Δεύτερο', inReplyTo: root, references: [root] }).raw);
    expect((await poll()).stored).toBe(1);
    const entries = (await emails()).filter((e) => e.subject?.includes('Ρολόι'));
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((e) => e.thread_id)).size).toBe(1);
  });

  it('after a crash between fetch and commit, a rerun leaves every message exactly once', async () => {
    const batch = [1, 2, 3].map((n) => plainMessage({ from, to: STAFF, subject: `Κρασάρισμα ${n}`, text: `μήνυμα ${n}` }));
    for (const message of batch) await append('INBOX', message.raw);
    const account = await new MailAccountsService(t.deps, repos().mailAccounts).account(accountId);
    let fetches = 0;
    const crashed = await pollAccount(t.deps, new CommsLog(t.deps), repos(), account, {
      afterFetch: () => {
        if (++fetches === 2) throw new Error('process killed');
      },
    });
    expect(crashed).toMatchObject({ fetched: 2, stored: 1 });
    expect(crashed.errors.join()).toContain('process killed');
    const rerun = await poll();
    expect(rerun).toMatchObject({ fetched: 2, stored: 2, failed: 0 });
    const entries = (await emails()).filter((e) => e.subject?.startsWith('Κρασάρισμα'));
    expect(entries.map((e) => e.subject).sort()).toEqual(['Κρασάρισμα 1', 'Κρασάρισμα 2', 'Κρασάρισμα 3']);
  });

  it('adds nothing when a folder gets a new UIDVALIDITY', async () => {
    const archived = [1, 2].map((n) => plainMessage({ from, to: STAFF, subject: `Αρχείο ${n}`, text: `αρχείο ${n}` }));
    await imap.mailboxCreate('Archive');
    for (const message of archived) await append('Archive', message.raw);
    const patch = await request(t.app).patch(`/api/crm/mail/accounts/${accountId}`).set(admin).send({ imap: { folders: ['INBOX', 'Sent', 'Archive'] } });
    expect(patch.status).toBe(200);
    expect((await poll()).stored).toBe(2);
    const before = await uidValidityOf('Archive');
    // Deleted and made again (as a server restore or migration does): new UIDVALIDITY, UIDs from 1.
    await imap.mailboxDelete('Archive');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await imap.mailboxCreate('Archive');
    for (const message of archived) await append('Archive', message.raw);
    expect(await uidValidityOf('Archive')).not.toBe(before);
    const resync = await poll();
    expect(resync).toMatchObject({ fetched: 0, stored: 0, duplicates: 2, failed: 0 });
    expect((await emails()).filter((e) => e.subject?.startsWith('Αρχείο'))).toHaveLength(2);
  });

  it('two overlapping polls add nothing twice', async () => {
    for (const n of [1, 2, 3, 4]) await append('INBOX', plainMessage({ from, to: STAFF, subject: `Ταυτόχρονα ${n}`, text: `${n}` }).raw);
    const account = await new MailAccountsService(t.deps, repos().mailAccounts).account(accountId);
    const [a, b] = await Promise.all([pollAccount(t.deps, new CommsLog(t.deps), repos(), account), pollAccount(t.deps, new CommsLog(t.deps), repos(), account)]);
    expect(a.stored + b.stored).toBe(4);
    expect([a.skipped, b.skipped].sort()).toEqual([false, true]);
    const overlapping = await Promise.all([
      request(t.app).post(`/api/crm/mail/accounts/${accountId}/poll`).set(admin).send({}),
      request(t.app).post(`/api/crm/mail/accounts/${accountId}/poll`).set(admin).send({}),
    ]);
    for (const res of overlapping) expect([200, 409]).toContain(res.status);
    const entries = (await emails()).filter((e) => e.subject?.startsWith('Ταυτόχρονα'));
    expect(entries).toHaveLength(4);
  });

  it('stores a message whatever it holds: control and bidi characters made visible, an impossible Date flagged', async () => {
    const hostile = plainMessage({
      from: `"Πατήρ\u202Eexe.gnp" <${CUSTOMER_ADDRESS}>`,
      to: STAFF,
      subject: 'Τιμολόγιο\u202Efdp.exe\u0007',
      text: 'γραμμή\u0007ένα\u202Dδύο\r\nγραμμή τρία',
      date: 'Fri, 01 Jan 2999 00:00:00 +0000',
    });
    await append('INBOX', hostile.raw);
    const result = await poll();
    expect(result).toMatchObject({ stored: 1, failed: 0, errors: [] });
    const stored = (await emails()).find((e) => e.subject?.startsWith('Τιμολόγιο'))!;
    expect(stored.subject).toBe('Τιμολόγιο⟨U+202E⟩fdp.exe⟨U+0007⟩');
    expect(stored.body).toContain('γραμμή⟨U+0007⟩ένα⟨U+202D⟩δύο');
    expect(stored.customer_id).toBe(customerId);
    expect(stored.details).toMatchObject({ time_flag: 'impossible', sent_at_raw: '2999-01-01T00:00:00.000Z' });
    expect(Math.abs(new Date(stored.occurred_at).getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('keeps a message that fails to process, lists it, goes on with the next, and retries it later', async () => {
    const files = t.deps.files!;
    const down: FileStorage = {
      ...files,
      maxUploadBytes: files.maxUploadBytes,
      ensureFolder: () => Promise.reject(new FileStorageError('unavailable', 'Nextcloud is down')),
      upload: () => Promise.reject(new FileStorageError('unavailable', 'Nextcloud is down')),
    };
    const withFile = utf8HtmlMessage({ from, to: STAFF });
    await append('INBOX', withFile.raw);
    await append('INBOX', plainMessage({ from, to: STAFF, subject: 'Μετά την αποτυχία', text: 'ok' }).raw);
    t.deps.files = down;
    let result;
    try {
      result = await poll();
    } finally {
      t.deps.files = files;
    }
    expect(result).toMatchObject({ fetched: 2, stored: 1, failed: 1 });
    const failures = await request(t.app).get('/api/crm/mail/failures').set(admin);
    expect(failures.status).toBe(200);
    expect(failures.body.failures).toHaveLength(1);
    expect(failures.body.failures[0]).toMatchObject({ folder: 'INBOX', last_error: expect.stringContaining('Nextcloud is down') });
    await t.deps.sql.execute("UPDATE integration_journal SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE state = 'failed'");
    const drained = await drainJournal(t.deps, repos().journal, 'email', emailJournalProcessor(t.deps, new CommsLog(t.deps), repos()));
    expect(drained).toEqual({ processed: 1, failed: 0 });
    const entry = (await emails()).filter((e) => e.subject === withFile.subject && e.attachments.length > 0);
    expect(entry.length).toBeGreaterThan(0);
    expect((await request(t.app).get('/api/crm/mail/failures').set(admin)).body.failures).toHaveLength(0);
  });
});

describe('files of a message from a stranger', () => {
  async function waitingFrom(address: string, raw: Buffer): Promise<CommsEntry> {
    await append('INBOX', raw);
    await poll();
    const waiting = (await emails()).filter((e) => e.address === address);
    expect(waiting).toHaveLength(1);
    // No customer, no folder: the parts wait in the journal's raw source.
    expect(waiting[0]).toMatchObject({ customer_id: '', attachments: [], details: { attachments_pending: true } });
    return waiting[0]!;
  }

  async function newCustomer(name: string): Promise<string> {
    const res = await request(t.app).post('/api/crm/customers').set(editor).send({ name });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function expectFiled(entry: CommsEntry, owner: string, message: { filename: string; cid: string }): Promise<void> {
    expect(entry.customer_id).toBe(owner);
    expect(entry.details.attachments_pending).toBeUndefined();
    expect(entry.attachments.map((a) => a.filename)).toContain(message.filename);
    const folder = (await request(t.app).get(`/api/crm/customers/${owner}`).set(editor)).body.nextcloud_folder as string;
    expect(entry.attachments.every((a) => a.nextcloud_path.startsWith(`${folder}/`))).toBe(true);
    const files = (await request(t.app).get(`/api/crm/customers/${owner}/files`).set(editor)).body.files as { id: string; filename: string; tags: string[] }[];
    const pdf = files.find((f) => f.filename === message.filename);
    expect(pdf).toMatchObject({ tags: ['email'] });
    const download = await request(t.app).get(`/api/crm/media/${pdf!.id}/download`).set(editor).buffer(true);
    expect(download.status).toBe(200);
    expect(Buffer.from(download.body as Buffer).toString('latin1')).toMatch(/^%PDF-1\.4\n% Greek invoice test/);
    expect(Object.keys(entry.details.inline as Record<string, string>)).toEqual([message.cid]);
  }

  it('files its attachments in the folder of the customer it is assigned to, before the answer', async () => {
    const address = 'enoria.eirinis@example.net';
    const message = utf8HtmlMessage({ from: `"Ενορία Αγίας Ειρήνης" <${address}>`, to: STAFF });
    const waiting = await waitingFrom(address, message.raw);
    const parish = await newCustomer('Ενορία Αγίας Ειρήνης');
    const res = await request(t.app).post(`/api/crm/comms/${waiting.id}/assign`).set(editor).send({ customer_id: parish });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await expectFiled(res.body.entry as CommsEntry, parish, message);
    // A second assignment (or the sweep) files nothing twice.
    await drainAllJournals(t.deps);
    const files = (await request(t.app).get(`/api/crm/customers/${parish}/files`).set(editor)).body.files as { filename: string }[];
    expect(files.filter((f) => f.filename === message.filename)).toHaveLength(1);
  });

  it('assigns while Nextcloud is down, and the scheduled drain files the attachments later', async () => {
    const address = 'dimarxeio@example.net';
    const message = utf8HtmlMessage({ from: `"Δημαρχείο" <${address}>`, to: STAFF });
    const waiting = await waitingFrom(address, message.raw);
    const town = await newCustomer('Δήμος Ύδρας');
    const files = t.deps.files!;
    t.deps.files = {
      ...files,
      maxUploadBytes: files.maxUploadBytes,
      ensureFolder: () => Promise.reject(new FileStorageError('unavailable', 'Nextcloud is down')),
      upload: () => Promise.reject(new FileStorageError('unavailable', 'Nextcloud is down')),
    };
    let res;
    try {
      res = await request(t.app).post(`/api/crm/comms/${waiting.id}/assign`).set(editor).send({ customer_id: town });
    } finally {
      t.deps.files = files;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.entry).toMatchObject({ customer_id: town, attachments: [], details: { attachments_pending: true } });
    await drainAllJournals(t.deps);
    const filed = (await emails()).find((e) => e.id === waiting.id)!;
    await expectFiled(filed, town, message);
  });
});

describe('sending', () => {
  it('sends a reply with an attachment: SMTP, one entry, a copy in Dovecot Sent, nothing more from the poller', async () => {
    const parent = (await emails()).find((e) => e.subject === 'Ρολόι')!;
    const upload = await request(t.app)
      .post(`/api/crm/customers/${customerId}/files?filename=${encodeURIComponent('Προσφορά.pdf')}`)
      .set(editor)
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4 προσφορά'));
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const before = (await emails()).length;
    const res = await request(t.app)
      .post(`/api/crm/customers/${customerId}/emails`)
      .set(editor)
      .set('Idempotency-Key', 'reply-1')
      .send({ account_id: accountId, to: [CUSTOMER_ADDRESS], text: 'Σας στέλνουμε την προσφορά.', in_reply_to: parent.id, attachments: [{ media_id: upload.body.id }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sent = res.body as CommsEntry;
    expect(sent).toMatchObject({ direction: 'outbound', customer_id: customerId, subject: 'Re: Ρολόι', thread_id: parent.thread_id });
    expect(sent.attachments).toEqual([{ filename: 'Προσφορά.pdf', nextcloud_path: upload.body.nextcloud_path }]);
    expect(smtp!.delivered).toHaveLength(1);
    expect(smtp!.delivered[0]!.raw.toString()).toContain(`In-Reply-To: <${parent.ext_message_id}>`);

    // A double click with the same key sends nothing more.
    const again = await request(t.app)
      .post(`/api/crm/customers/${customerId}/emails`)
      .set(editor)
      .set('Idempotency-Key', 'reply-1')
      .send({ account_id: accountId, to: [CUSTOMER_ADDRESS], text: 'Σας στέλνουμε την προσφορά.', in_reply_to: parent.id, attachments: [{ media_id: upload.body.id }] });
    expect(again.status).toBe(201);
    expect(smtp!.delivered).toHaveLength(1);

    // The copy in Sent follows the answer.
    const inSent = async () => {
      const lock = await imap.getMailboxLock('Sent');
      try {
        return (await imap.search({ header: { 'message-id': sent.ext_message_id! } }, { uid: true })) || [];
      } finally {
        lock.release();
      }
    };
    const waitUntil = Date.now() + 10_000;
    while ((await inSent()).length === 0 && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await inSent()).toHaveLength(1);
    expect(await poll()).toMatchObject({ fetched: 0, stored: 0, duplicates: 1 });
    const after = await emails();
    expect(after).toHaveLength(before + 1);
    expect(after.filter((e) => e.ext_message_id === sent.ext_message_id)).toHaveLength(1);
  });

  it('forwards an email with its files, and refuses what is not an email of this customer', async () => {
    const invoice = (await emails()).find((e) => e.customer_id === customerId && e.attachments.some((a) => a.filename === 'Τιμολόγιο Νο 42.pdf'))!;
    const send = (body: object) => request(t.app).post(`/api/crm/customers/${customerId}/emails`).set(editor).send({ account_id: accountId, to: ['logistirio@example.gr'], subject: 'Fwd: τιμολόγιο', text: 'Για πληρωμή.', ...body });
    const before = smtp!.delivered.length;
    const res = await send({ forward_of: invoice.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((res.body as CommsEntry).attachments).toEqual(invoice.attachments);
    expect(smtp!.delivered).toHaveLength(before + 1);
    const out = await simpleParser(smtp!.delivered.at(-1)!.raw);
    const pdf = out.attachments.find((a) => a.filename === 'Τιμολόγιο Νο 42.pdf');
    expect(pdf?.content.toString('latin1')).toMatch(/^%PDF-1\.4\n% Greek invoice test/);
    expect(out.attachments.map((a) => a.filename).sort()).toEqual(invoice.attachments.map((a) => a.filename).sort());

    // Another customer's email, and an id that is no email: a clear 422, nothing sent.
    const other = await request(t.app).post('/api/crm/customers').set(editor).send({ name: 'Άλλος πελάτης', contacts: [{ type: 'email', value: 'allos@example.gr' }] });
    await append('INBOX', plainMessage({ from: 'allos@example.gr', to: STAFF, subject: 'Του άλλου', text: 'x' }).raw);
    await poll();
    const theirs = (await emails()).find((e) => e.customer_id === other.body.id)!;
    for (const forward_of of [theirs.id, 'no-such-entry']) {
      const refused = await send({ forward_of });
      expect(refused.status).toBe(422);
      expect(refused.body.error.details).toEqual([{ path: 'forward_of', message: 'no such email of this customer' }]);
    }
    expect(smtp!.delivered).toHaveLength(before + 1);
  });

  it('logs nothing when the SMTP server refuses', async () => {
    const before = (await emails()).length;
    const res = await request(t.app)
      .post(`/api/crm/customers/${customerId}/emails`)
      .set(editor)
      .send({ account_id: accountId, to: ['reject@example.gr'], subject: 'Δοκιμή', text: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/SMTP server did not accept/);
    expect(res.body.error.message).not.toContain(SMTP_PASSWORD);
    expect((await emails()).length).toBe(before);
  });
});
