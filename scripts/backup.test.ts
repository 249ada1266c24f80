/**
 * Backup then restore of an embedded data folder, round trip: every customer, order, payment,
 * comms entry and file written through the API before the backup is back, byte for byte,
 * after later changes and a restore.
 */
import type { Express } from 'express';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../functions/src/app/app.js';
import { startEmbeddedWebdav } from '../functions/src/nextcloud/embedded-webdav.js';
import { createNextcloudClient } from '../functions/src/nextcloud/nextcloud.client.js';
import { CREDENTIALS_KEY_ENV, loadOrCreateKeyFile } from '../functions/src/mail/mail.crypto.js';
import { MAIL_ALLOWED_HOSTS_ENV } from '../functions/src/mail/mail.hosts.js';
import { EMBEDDED_KEY_FILE } from '../functions/src/mail/mail.timer.js';
import { startDovecot } from '../functions/src/mail/test-support/dovecot.js';
import { migrateSql } from '../functions/src/sql/migrations.js';
import { LibsqlDocStore } from '../functions/src/store/libsql/libsql.store.js';
import { createTestApp, type TestApp } from '../functions/src/test-support/test-app.js';
import { backup, MANIFEST, SERVER_LOCK } from './backup.js';
import { restore } from './restore.js';

let t: TestApp;
const root = mkdtempSync(join(tmpdir(), 'bellsystems-backup-'));
const dataDir = join(root, 'data');
const backupsDir = join(root, 'backups');
const STAFF = 'grafeio@bellsystems.gr';

beforeAll(async () => {
  // Tokens and their verification only; the data lives in dataDir, as `npm start` keeps it.
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

/** The embedded mode's storage on dataDir: libSQL file and WebDAV files folder. */
async function openData(): Promise<{ app: Express; close(): Promise<void> }> {
  mkdirSync(join(dataDir, 'files'), { recursive: true });
  const store = await LibsqlDocStore.open({ url: `file:${join(dataDir, 'crm.db')}` });
  await migrateSql(store.client);
  const webdav = await startEmbeddedWebdav({ root: join(dataDir, 'files') });
  const app = createApp({ ...t.deps, store, sql: store.client, files: createNextcloudClient(webdav.config) });
  return {
    app,
    async close() {
      await webdav.stop();
      await store.close();
    },
  };
}

const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });

async function ok<T = Record<string, unknown>>(pending: request.Test): Promise<T> {
  const res = await pending;
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** Everything the API shows of the data: customers, their orders, finances, comms and files with their bytes. */
async function stateOf(app: Express): Promise<unknown> {
  const customers = await ok<{ customers: { id: string }[] }>(request(app).get('/api/crm/customers?limit=100').set(editor()));
  const state = [];
  for (const { id } of [...customers.customers].sort((a, b) => a.id.localeCompare(b.id))) {
    const files = await ok<{ files: { id: string }[] }>(request(app).get(`/api/crm/customers/${id}/files`).set(editor()));
    const contents = [];
    for (const file of files.files) {
      const res = await request(app).get(`/api/crm/media/${file.id}/download`).set(editor()).buffer(true).parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
      contents.push((res.body as Buffer).toString('base64'));
    }
    state.push({
      customer: await ok(request(app).get(`/api/crm/customers/${id}`).set(editor())),
      orders: await ok(request(app).get(`/api/crm/customers/${id}/orders`).set(editor())),
      financials: await ok(request(app).get(`/api/crm/customers/${id}/financials`).set(editor())),
      comms: await ok(request(app).get(`/api/crm/comms?customer_id=${id}`).set(editor())),
      files: files.files,
      contents,
    });
  }
  return state;
}

describe('npm run backup, then npm run restore', () => {
  it('gives back every customer, order, payment, comms entry, file and account export', { timeout: 60_000 }, async () => {
    const data = await openData();
    const customer = await ok<{ id: string }>(
      request(data.app).post('/api/crm/customers').set(editor()).send({ name: 'Ενορία Αγ. Νικολάου', contacts: [{ type: 'email', value: 'nikolaos@example.gr' }] }),
    );
    await ok(request(data.app).post('/api/crm/customers').set(editor()).send({ name: 'Δήμος Καλαμάτας' }));
    const order = await ok<{ id: string }>(
      request(data.app)
        .post(`/api/crm/customers/${customer.id}/orders`)
        .set(editor())
        .send({ title: 'Vesper Plus', items: [{ type: 'product', product_name: 'Vesper Plus', quantity: 1, unit_price: 1450 }] }),
    );
    await ok(
      request(data.app)
        .post(`/api/crm/customers/${customer.id}/transactions`)
        .set(editor())
        .send({ flow: 'payment', payment_type: 'bank_transfer', category: 'advance', amount: 500, order_ref: order.id }),
    );
    await ok(request(data.app).post('/api/crm/comms').set(editor()).send({ customer_id: customer.id, type: 'note', direction: 'internal', body: 'Κλήση για την εγκατάσταση' }));
    const file = await ok<{ id: string }>(
      request(data.app).post(`/api/crm/customers/${customer.id}/files?filename=προσφορά.pdf`).set(editor()).set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4 offer')),
    );
    // The session key as `npm start` leaves it, and what servers before it kept (the Auth emulator's export, the demo logins).
    writeFileSync(join(dataDir, 'session.key'), `${Buffer.alloc(32, 5).toString('base64')}\n`, { mode: 0o600 });
    mkdirSync(join(dataDir, 'auth', 'auth_export'), { recursive: true });
    writeFileSync(join(dataDir, 'auth', 'auth_export', 'accounts.json'), '{"kind":"identitytoolkit#DownloadAccountResponse","users":[]}');
    writeFileSync(join(dataDir, 'demo-logins.json'), '[{"role":"admin","email":"admin@bellsystems.gr","password":"p"}]');

    const before = await stateOf(data.app);
    const { snapshot, manifest } = await backup({ dataDir, outDir: backupsDir, now: new Date('2026-03-01T10:00:00Z') });
    expect(snapshot).toBe(join(backupsDir, '2026-03-01T10-00-00-000Z'));
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['crm.db', 'session.key', 'auth/auth_export/accounts.json', 'demo-logins.json']));
    expect(manifest.files.filter((f) => f.path.startsWith('files/'))).toHaveLength(1);

    // Life goes on: a rename, a new entry, a file deleted, an account file changed.
    await ok(request(data.app).put(`/api/crm/customers/${customer.id}`).set(editor()).send({ name: 'Renamed' }));
    await ok(request(data.app).post('/api/crm/comms').set(editor()).send({ customer_id: customer.id, type: 'note', direction: 'internal', body: 'Later' }));
    await request(data.app).delete(`/api/crm/media/${file.id}`).set(editor()).expect(204);
    writeFileSync(join(dataDir, 'demo-logins.json'), '[]');
    writeFileSync(join(dataDir, 'session.key'), 'changed');
    expect(await stateOf(data.app)).not.toEqual(before);
    await data.close();

    const { previous } = await restore({ snapshot, dataDir, now: new Date('2026-03-02T10:00:00Z') });
    expect(previous && existsSync(join(previous, 'crm.db'))).toBe(true);
    const restored = await openData();
    try {
      expect(await stateOf(restored.app)).toEqual(before);
    } finally {
      await restored.close();
    }
    expect(readFileSync(join(dataDir, 'session.key'), 'utf8').trim()).toBe(Buffer.alloc(32, 5).toString('base64'));
    expect(readFileSync(join(dataDir, 'demo-logins.json'), 'utf8')).toContain('admin@bellsystems.gr');
    expect(readFileSync(join(dataDir, 'auth', 'auth_export', 'accounts.json'), 'utf8')).toContain('DownloadAccountResponse');
  });

  it('refuses while the server runs on the folder, unless forced', async () => {
    const { snapshot } = await backup({ dataDir, outDir: backupsDir, now: new Date('2026-03-03T10:00:00Z') });
    // This process stands in for the running server: its pid is alive.
    writeFileSync(join(dataDir, SERVER_LOCK), JSON.stringify({ pid: process.pid, url: 'http://127.0.0.1:8787' }));
    await expect(restore({ snapshot, dataDir })).rejects.toThrow(/is running on .*stop it first, or pass --force/);
    await expect(restore({ snapshot, dataDir, force: true, now: new Date('2026-03-03T11:00:00Z') })).resolves.toMatchObject({
      previous: expect.any(String),
    });
    // A lock left by a process that is gone does not block.
    writeFileSync(join(dataDir, SERVER_LOCK), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    await expect(restore({ snapshot, dataDir, now: new Date('2026-03-03T12:00:00Z') })).resolves.toBeDefined();
  });

  it('refuses a snapshot whose files changed since the backup, and a folder that is no snapshot', async () => {
    const { snapshot, manifest } = await backup({ dataDir, outDir: backupsDir, now: new Date('2026-03-04T10:00:00Z') });
    const aFile = manifest.files.find((f) => f.path.startsWith('files/'))!;
    writeFileSync(join(snapshot, aFile.path), 'tampered');
    await expect(restore({ snapshot, dataDir })).rejects.toThrow(/missing or changed since the backup/);
    rmSync(join(snapshot, MANIFEST));
    await expect(restore({ snapshot, dataDir })).rejects.toThrow(/not a snapshot/);
    await expect(backup({ dataDir: join(root, 'empty'), outDir: backupsDir })).rejects.toThrow(/nothing to back up/);
  });

  it('restores the key the mail passwords are encrypted with: back up, restore on a fresh folder, poll a mail account', { timeout: 90_000 }, async () => {
    const dovecot = await startDovecot(STAFF);
    const savedKey = process.env[CREDENTIALS_KEY_ENV];
    const savedHosts = process.env[MAIL_ALLOWED_HOSTS_ENV];
    // Dovecot listens on loopback, which mail accounts may name only when listed.
    process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
    const admin = { Authorization: `Bearer ${t.tokens.admin}` };
    try {
      // What `npm start` does: the key generated in the data folder on first start, read from it at every start.
      rmSync(dataDir, { recursive: true, force: true });
      process.env[CREDENTIALS_KEY_ENV] = loadOrCreateKeyFile(join(dataDir, EMBEDDED_KEY_FILE));
      const data = await openData();
      const created = await ok<{ id: string }>(
        request(data.app)
          .post('/api/crm/mail/accounts')
          .set(admin)
          .send({
            label: 'Γραφείο',
            address: STAFF,
            imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: STAFF, password: dovecot.password, folders: ['INBOX'] },
            smtp: { host: '127.0.0.1', port: 2525, security: 'none', user: STAFF, password: dovecot.password },
          }),
      );
      const { snapshot, manifest } = await backup({ dataDir, outDir: backupsDir, now: new Date('2026-03-05T10:00:00Z') });
      expect(manifest.files.map((f) => f.path)).toContain(EMBEDDED_KEY_FILE);
      expect(statSync(join(snapshot, EMBEDDED_KEY_FILE)).mode & 0o777).toBe(0o600);
      await data.close();

      // The machine is lost: a fresh folder, and a server that has not read any key yet.
      rmSync(dataDir, { recursive: true, force: true });
      delete process.env[CREDENTIALS_KEY_ENV];
      await restore({ snapshot, dataDir });
      expect(statSync(join(dataDir, EMBEDDED_KEY_FILE)).mode & 0o777).toBe(0o600);
      process.env[CREDENTIALS_KEY_ENV] = loadOrCreateKeyFile(join(dataDir, EMBEDDED_KEY_FILE));
      const restored = await openData();
      try {
        const polled = await request(restored.app).post(`/api/crm/mail/accounts/${created.id}/poll`).set(admin).send({});
        expect(polled.status, JSON.stringify(polled.body)).toBe(200);
        expect(polled.body.errors).toEqual([]);
        const tested = await ok<{ imap: { ok: boolean } }>(request(restored.app).post(`/api/crm/mail/accounts/${created.id}/test`).set(admin).send({}));
        expect(tested.imap.ok).toBe(true);
      } finally {
        await restored.close();
      }
    } finally {
      process.env[CREDENTIALS_KEY_ENV] = savedKey;
      if (savedHosts === undefined) delete process.env[MAIL_ALLOWED_HOSTS_ENV];
      else process.env[MAIL_ALLOWED_HOSTS_ENV] = savedHosts;
      await dovecot.stop();
    }
  });
});
