/**
 * The daily digest under a simulated clock across both clock changes of 2026, sent through a
 * configured mail account to a real SMTP server (smtp-server from npm, on loopback).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaskDigests } from '../app/auto-tasks.js';
import { athensDay } from '../shared/athens-time.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { MAIL_ALLOWED_HOSTS_ENV } from '../mail/mail.hosts.js';

let t: TestApp;
let now = new Date('2026-03-01T10:00:00.000Z');
let smtp: SMTPServer;
const delivered: { to: string; at: Date; subject: string; text: string }[] = [];

beforeAll(async () => {
  // The local SMTP and IMAP servers listen on loopback, which the CRM refuses unless listed.
  process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
  smtp = new SMTPServer({
    secure: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'crm' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const at = now;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          delivered.push({ to: session.envelope.rcptTo[0]!.address, at, subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ clock: { now: () => now } });
  const account = await request(t.app)
    .post('/api/crm/mail/accounts')
    .set('Authorization', `Bearer ${t.tokens.admin}`)
    .send({
      label: 'BellSystems Γραφείο',
      address: 'office@bellsystems.example.gr',
      imap: { host: '127.0.0.1', port: 1, security: 'none', user: 'office', password: 'x' },
      smtp: { host: '127.0.0.1', port, security: 'none', user: 'office', password: 'x' },
    });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const put = (role: 'editor' | 'admin' | 'viewer', body: object) =>
  request(t.app).put('/api/crm/me/preferences').set('Authorization', `Bearer ${t.tokens[role]}`).send(body);

describe('PUT /crm/me/preferences', () => {
  it('opts in at 08:00 by default, refuses a time that is not one, and reads back', async () => {
    expect((await put('editor', { digest_enabled: true })).body).toEqual({ digest_enabled: true, digest_time: '08:00', digest_email: t.users.editor.email });
    const bad = await put('editor', { digest_enabled: true, digest_time: '24:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('digest_time');
    const read = await request(t.app).get('/api/crm/me/preferences').set('Authorization', `Bearer ${t.tokens.editor}`);
    expect(read.body.digest_time).toBe('08:00');
    // 03:30 is skipped on 29 March and happens twice on 25 October.
    expect((await put('admin', { digest_enabled: true, digest_time: '03:30' })).status).toBe(200);
    // Opted in with nothing due: no mail.
    expect((await put('viewer', { digest_enabled: true, digest_time: '07:00' })).status).toBe(200);
  });
});

describe('the daily digest', () => {
  beforeAll(async () => {
    for (const role of ['editor', 'admin'] as const) {
      for (const [title, due] of [
        ['Εκπρόθεσμη: τιμολόγιο Ι.Ν. Αγίας Παρασκευής', { due_date: '2026-02-27' }],
        ['Ρύθμιση ωρολογίου <καμπαναριό> & «σήμαντρο»', { due_at: '2026-02-28T09:00:00+02:00' }],
      ] as const) {
        const res = await request(t.app)
          .post('/api/crm/tasks')
          .set('Authorization', `Bearer ${t.tokens.editor}`)
          .send({ title, ...due, assignee_uid: t.users[role].uid });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
    }
  });

  async function simulate(from: string, to: string) {
    delivered.length = 0;
    for (let at = Date.parse(from); at < Date.parse(to); at += 10 * 60_000) {
      now = new Date(at);
      // Two overlapping runs each time, as two instances of the schedule might.
      await Promise.all([runTaskDigests(t.deps, {}, 'https://crm.example.gr'), runTaskDigests(t.deps, {}, 'https://crm.example.gr')]);
    }
    const perUserDay = new Map<string, string[]>();
    for (const mail of delivered) {
      const key = `${mail.to} ${athensDay(mail.at)}`;
      perUserDay.set(key, [...(perUserDay.get(key) ?? []), mail.at.toISOString()]);
    }
    return perUserDay;
  }

  it('sends exactly one each day at 08:00 Athens across the spring change, and at the hour after a skipped 03:30', async () => {
    const sent = await simulate('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z');
    const editor = t.users.editor.email;
    const admin = t.users.admin.email;
    expect(Object.fromEntries(sent)).toEqual({
      [`${admin} 2026-03-27`]: ['2026-03-27T01:30:00.000Z'],
      [`${editor} 2026-03-27`]: ['2026-03-27T06:00:00.000Z'],
      [`${admin} 2026-03-28`]: ['2026-03-28T01:30:00.000Z'],
      [`${editor} 2026-03-28`]: ['2026-03-28T06:00:00.000Z'],
      // 03:30 does not exist on the 29th: sent at 04:30 Athens (01:30Z), once.
      [`${admin} 2026-03-29`]: ['2026-03-29T01:30:00.000Z'],
      [`${editor} 2026-03-29`]: ['2026-03-29T05:00:00.000Z'],
      [`${admin} 2026-03-30`]: ['2026-03-30T00:30:00.000Z'],
      [`${editor} 2026-03-30`]: ['2026-03-30T05:00:00.000Z'],
    });
    const mail = delivered.find((entry) => entry.to === editor)!;
    expect(mail.subject).toMatch(/^Εργασίες 2026-03-27: 2 εκπρόθεσμες, 0 σήμερα$/);
    expect(mail.text).toContain('Ρύθμιση ωρολογίου <καμπαναριό> & «σήμαντρο»');
    expect(mail.text).toMatch(/https:\/\/crm\.example\.gr\/tasks\/[A-Za-z0-9_-]+/);
  });

  it('sends exactly one each day across the autumn change, not again when 03:30 comes round twice', async () => {
    const sent = await simulate('2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z');
    const editor = t.users.editor.email;
    const admin = t.users.admin.email;
    expect(Object.fromEntries(sent)).toEqual({
      [`${admin} 2026-10-23`]: ['2026-10-23T00:30:00.000Z'],
      [`${editor} 2026-10-23`]: ['2026-10-23T05:00:00.000Z'],
      [`${admin} 2026-10-24`]: ['2026-10-24T00:30:00.000Z'],
      [`${editor} 2026-10-24`]: ['2026-10-24T05:00:00.000Z'],
      [`${admin} 2026-10-25`]: ['2026-10-25T00:30:00.000Z'],
      [`${editor} 2026-10-25`]: ['2026-10-25T06:00:00.000Z'],
      [`${admin} 2026-10-26`]: ['2026-10-26T01:30:00.000Z'],
      [`${editor} 2026-10-26`]: ['2026-10-26T06:00:00.000Z'],
    });
  });
});
