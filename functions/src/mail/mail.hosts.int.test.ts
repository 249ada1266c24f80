/**
 * What a mail account may point the CRM at, through HTTP: every internal host form refused
 * when saved (naming the field) and again right before connecting; the account test and the
 * poll give up on a server that greets and then stalls within their budget; a service that is
 * not a mail server (an SSH banner) and an SMTP server that echoes our AUTH line and password
 * are reported as a reason of ours, and no answer or log line carries the secret in any form.
 * The servers are local TCP servers and smtp-server from npm: nothing is mocked.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app/app.js';
import type { Logger } from '../http/deps.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { MAIL_ALLOWED_HOSTS_ENV } from './mail.hosts.js';

const USER = 'staff@bellsystems.gr';
const PASSWORD = `Καμπάνα-${randomBytes(9).toString('base64')}`;

let t: TestApp;
let admin: Record<string, string>;
let editor: Record<string, string>;
const logged: string[] = [];
let app: ReturnType<typeof createApp>;
const servers: { close(): void }[] = [];

/** Every form the password travels in: plain, base64, AUTH PLAIN, URL-encoded. */
const secretForms = (): string[] => [
  PASSWORD,
  Buffer.from(PASSWORD).toString('base64'),
  Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'),
  encodeURIComponent(PASSWORD),
];

function expectNoSecret(text: string): void {
  for (const form of secretForms()) expect(text).not.toContain(form);
}

/** A TCP server that writes `greeting` to each connection and then says nothing. */
async function stallingServer(greeting: string): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.write(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  });
  return { port: (server.address() as AddressInfo).port, connections: () => count };
}

function account(imap: { host: string; port: number; security?: string }, smtp: { host: string; port: number; security?: string }) {
  return {
    label: 'Γραφείο Αθήνας',
    address: USER,
    imap: { security: 'none', user: USER, password: PASSWORD, folders: ['INBOX'], ...imap },
    smtp: { security: 'none', user: USER, password: PASSWORD, ...smtp },
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const logger: Logger = {
    info: (message, fields) => logged.push(JSON.stringify({ message, fields })),
    warn: (message, fields) => logged.push(JSON.stringify({ message, fields })),
    error: (message, fields) => logged.push(JSON.stringify({ message, fields })),
  };
  // The app as the servers build it: its routes, and every line they log, go through createApp.
  app = createApp({ ...t.deps, logger }, undefined, { checkResponses: true });
  admin = { Authorization: `Bearer ${t.tokens.admin}` };
  editor = { Authorization: `Bearer ${t.tokens.editor}` };
}, 60_000);

afterEach(() => {
  delete process.env[MAIL_ALLOWED_HOSTS_ENV];
});

afterAll(async () => {
  for (const server of servers) server.close();
  await t?.close();
});

describe('hosts a mail account may name', () => {
  const refused = [
    '169.254.169.254',
    'metadata.google.internal',
    'METADATA.google.internal.',
    'fd00:ec2::254',
    '[fd00:ec2::254]',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.20',
    '100.64.0.1',
    '127.0.0.1',
    '127.0.0.1.',
    '0x7f.1',
    '0x7f000001',
    '2130706433',
    '017700000001',
    '0177.0.0.1',
    '[::1]',
    '::1',
    '::ffff:127.0.0.1',
    '[::ffff:7f00:1]',
    '[::]',
    '0.0.0.0',
    '0',
    'localhost',
    'localhost.',
    'mail.localhost',
    'fe80::1',
    '224.0.0.251',
    '255.255.255.255',
  ];

  it.each(refused)('refuses %s for IMAP and for SMTP, naming the field, and saves nothing', async (host) => {
    for (const side of ['imap', 'smtp'] as const) {
      const body = account({ host: side === 'imap' ? host : '93.184.216.34', port: 993, security: 'tls' }, { host: side === 'smtp' ? host : '93.184.216.34', port: 465, security: 'tls' });
      const res = await request(app).post('/api/crm/mail/accounts').set(admin).send(body);
      expect(res.status, `${side} ${host}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: `${side}.host` }] });
      expect(res.body.error.request_id).toEqual(expect.any(String));
    }
    expect((await request(app).get('/api/crm/mail/accounts').set(admin)).body).toEqual([]);
  });

  it('refuses a change of host to an internal one', async () => {
    const created = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host: '93.184.216.34', port: 993, security: 'tls' }, { host: '93.184.216.34', port: 465, security: 'tls' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const patched = await request(app).patch(`/api/crm/mail/accounts/${created.body.id}`).set(admin).send({ smtp: { host: '0x7f.1' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details).toEqual([{ path: 'smtp.host', message: expect.stringContaining('MAIL_ALLOWED_HOSTS') }]);
    expect((await request(app).get('/api/crm/mail/accounts').set(admin)).body[0].smtp.host).toBe('93.184.216.34');
    expect((await request(app).delete(`/api/crm/mail/accounts/${created.body.id}`).set(admin)).status).toBe(204);
  });

  it('refuses security "none" to a host not listed, and allows listed hosts and networks', async () => {
    const plain = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host: '93.184.216.34', port: 143 }, { host: '93.184.216.34', port: 465, security: 'tls' }));
    expect(plain.status).toBe(400);
    expect(plain.body.error.details).toEqual([{ path: 'imap.security', message: expect.stringContaining('unencrypted') }]);

    process.env[MAIL_ALLOWED_HOSTS_ENV] = ' mail.office.lan , 127.0.0.0/8,192.168.1.0/24';
    for (const host of ['127.0.0.1', '0x7f.1', '192.168.1.20']) {
      const listed = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host, port: 143 }, { host, port: 25 }));
      expect(listed.status, `${host}: ${JSON.stringify(listed.body)}`).toBe(201);
      await request(app).delete(`/api/crm/mail/accounts/${listed.body.id}`).set(admin);
    }
    const outside = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host: '192.168.2.1', port: 143 }, { host: '127.0.0.1', port: 25 }));
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].path).toBe('imap.host');
  });
});

describe('connections', () => {
  it('checks the host again right before connecting: no connection once it is no longer allowed', async () => {
    const server = await stallingServer('* OK ready\r\n');
    process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
    const created = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host: '127.0.0.1', port: server.port }, { host: '127.0.0.1', port: server.port }));
    expect(created.status).toBe(201);
    delete process.env[MAIL_ALLOWED_HOSTS_ENV];
    const tested = await request(app).post(`/api/crm/mail/accounts/${created.body.id}/test`).set(admin).send({});
    expect(tested.status).toBe(200);
    expect(tested.body.imap).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(tested.body.smtp).toMatchObject({ ok: false, reason: 'not_allowed' });
    const polled = await request(app).post(`/api/crm/mail/accounts/${created.body.id}/poll`).set(admin).send({});
    expect(polled.body.errors).toEqual([expect.stringContaining('may not connect')]);
    expect(server.connections()).toBe(0);
    await request(app).delete(`/api/crm/mail/accounts/${created.body.id}`).set(admin);
  });

  it('reports a service that is not a mail server by a reason, never its banner', async () => {
    const ssh = await stallingServer('SSH-2.0-OpenSSH_9.6p1 Debian-4 secret-banner-text\r\n');
    process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
    const created = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host: '127.0.0.1', port: ssh.port }, { host: '127.0.0.1', port: ssh.port }));
    const started = Date.now();
    const tested = await request(app).post(`/api/crm/mail/accounts/${created.body.id}/test`).set(admin).send({});
    expect(Date.now() - started).toBeLessThan(26_000);
    expect(tested.body.imap.ok).toBe(false);
    expect(tested.body.smtp.ok).toBe(false);
    expect(['protocol', 'timeout']).toContain(tested.body.imap.reason);
    expect(['protocol', 'timeout']).toContain(tested.body.smtp.reason);
    expect(JSON.stringify(tested.body)).not.toMatch(/SSH|OpenSSH|secret-banner/);
    expect(logged.join('\n')).not.toMatch(/OpenSSH|secret-banner/);

    // A closed port is "refused".
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const patched = await request(app).patch(`/api/crm/mail/accounts/${created.body.id}`).set(admin).send({ imap: { port: closedPort }, smtp: { port: closedPort } });
    expect(patched.status).toBe(200);
    const closed = await request(app).post(`/api/crm/mail/accounts/${created.body.id}/test`).set(admin).send({});
    expect(closed.body.imap).toMatchObject({ ok: false, reason: 'refused', error: `IMAP 127.0.0.1:${closedPort}: the server refused the connection` });
    expect(closed.body.smtp).toMatchObject({ ok: false, reason: 'refused' });
    await request(app).delete(`/api/crm/mail/accounts/${created.body.id}`).set(admin);
  }, 40_000);

  it('answers the test and the poll within their budgets against servers that greet and then stall', async () => {
    const imap = await stallingServer('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Dovecot ready.\r\n');
    const smtp = await stallingServer('220 mail.example.gr ESMTP ready\r\n');
    process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
    const created = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host: '127.0.0.1', port: imap.port }, { host: '127.0.0.1', port: smtp.port }));
    const timed = async (pending: request.Test) => {
      const started = Date.now();
      const res = await pending;
      return { res, ms: Date.now() - started };
    };
    const [tested, polled] = await Promise.all([
      timed(request(app).post(`/api/crm/mail/accounts/${created.body.id}/test`).set(admin).send({})),
      timed(request(app).post(`/api/crm/mail/accounts/${created.body.id}/poll`).set(admin).send({})),
    ]);
    // The test's budget is 25 s, the poll route's 45 s; both well inside the function's 60 s.
    expect(tested.ms).toBeLessThan(26_000);
    expect(tested.res.body.imap).toMatchObject({ ok: false, reason: 'timeout' });
    expect(tested.res.body.smtp).toMatchObject({ ok: false, reason: 'timeout' });
    expect(polled.ms).toBeLessThan(46_000);
    expect(polled.res.status).toBe(200);
    expect(polled.res.body.errors).toEqual([expect.stringContaining('did not answer in time')]);
    await request(app).delete(`/api/crm/mail/accounts/${created.body.id}`).set(admin);
  }, 60_000);
});

describe('secrets echoed by a server', () => {
  it('an SMTP server that echoes the AUTH line and the password: no form of it in any answer or log line', async () => {
    const customer = await request(app).post('/api/crm/customers').set(editor).send({ name: 'Ιερά Μονή Οσίου Λουκά', contacts: [{ type: 'email', value: 'moni@example.gr' }] });
    let refusal = 451;
    const smtp = new SMTPServer({
      secure: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username });
      },
      onMailFrom(_address, session, callback) {
        const user = String(session.user);
        const echo = `AUTH PLAIN ${Buffer.from(`\0${user}\0${PASSWORD}`).toString('base64')} pass=${PASSWORD} b64=${Buffer.from(PASSWORD).toString('base64')} url=${encodeURIComponent(PASSWORD)}`;
        callback(Object.assign(new Error(`Rejected: ${echo}`), { responseCode: refusal }));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => smtp.close(() => undefined) });
    const port = (smtp.server.address() as AddressInfo).port;
    process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
    const created = await request(app).post('/api/crm/mail/accounts').set(admin).send(account({ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port }));
    expect(created.status).toBe(201);
    const answers: string[] = [];
    for (const code of [451, 554]) {
      refusal = code;
      const res = await request(app)
        .post(`/api/crm/customers/${customer.body.id}/emails`)
        .set(editor)
        .send({ account_id: created.body.id, to: ['moni@example.gr'], subject: 'Προσφορά', text: 'Καλημέρα' });
      expect(res.status).toBe(code === 554 ? 422 : 503);
      expect(res.body.error.message).toMatch(/SMTP server did not accept/);
      answers.push(JSON.stringify(res.body));
    }
    const tested = await request(app).post(`/api/crm/mail/accounts/${created.body.id}/test`).set(admin).send({});
    answers.push(JSON.stringify(tested.body));
    answers.push(JSON.stringify((await request(app).get('/api/crm/mail/accounts').set(admin)).body));
    for (const answer of answers) expectNoSecret(answer);
    expectNoSecret(logged.join('\n'));
    await request(app).delete(`/api/crm/mail/accounts/${created.body.id}`).set(admin);
  }, 30_000);
});

describe('account labels and names', () => {
  const valid = () => account({ host: '93.184.216.34', port: 993, security: 'tls' }, { host: '93.184.216.34', port: 465, security: 'tls' });

  it('refuses a label that is not valid UTF-8, naming it, instead of storing U+FFFD', async () => {
    const text = JSON.stringify({ ...valid(), label: 'Γραφείο XX' });
    const [before, after] = text.split('XX') as [string, string];
    // 0xC3 0x28 is no UTF-8 sequence; 0xFF never occurs in UTF-8.
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after)]);
    // Sent as the bytes they are (superagent would serialise a Buffer as JSON).
    const res = await request(app)
      .post('/api/crm/mail/accounts')
      .set(admin)
      .set('content-type', 'application/json')
      .serialize(() => bytes as unknown as string)
      .send({});
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'label', message: 'Not valid UTF-8' }] });
    expect((await request(app).get('/api/crm/mail/accounts').set(admin)).body).toEqual([]);
  });

  it.each(['Γραφείο\nBcc: all@example.gr', 'Γραφείο\r\nX-Evil: 1', 'Γραφείο\tΑθήνας', 'Γραφείο\u202Egpj.exe', 'Γραφείο\u0000'])(
    'refuses line breaks and control characters in a label, user or folder: %j',
    async (bad) => {
      const base = valid();
      const cases: [object, string][] = [
        [{ ...base, label: bad }, 'label'],
        [{ ...base, imap: { ...base.imap, user: bad } }, 'imap.user'],
        [{ ...base, imap: { ...base.imap, folders: ['INBOX', bad] } }, 'imap.folders.1'],
      ];
      for (const [body, path] of cases) {
        const res = await request(app).post('/api/crm/mail/accounts').set(admin).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      }
    },
  );
});
