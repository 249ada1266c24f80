/**
 * Embedded mode's sign-in through HTTP on the real server: demo logins, sessions the server
 * signs, accounts that survive a crash, the old Auth emulator export moved in and removed, no
 * password in clear under the data folder, and the office LAN (HOST=0.0.0.0).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from './server.js';

const silent = { info: () => {}, warn: () => {}, error: (m: string, f?: unknown) => console.error(m, f) };
const dirs: string[] = [];
const servers: Embedded[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-embedded-auth-'));
  dirs.push(dir);
  return dir;
}

async function start(dir: string, host?: string): Promise<Embedded> {
  const server = await startEmbedded({ dataDir: dir, port: 0, seed: false, logger: silent, ...(host ? { host } : {}) });
  servers.push(server);
  return server;
}

/** A JSON answer, read loosely: each test states what it expects of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are checked by expect, not by type
type Json = Record<string, any>;

async function post(base: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`${base}/api${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Json) };
}

async function get(base: string, path: string, token: string) {
  const res = await fetch(`${base}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Json };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('embedded sign-in', { timeout: 120_000 }, () => {
  it('signs the demo logins in through the same origin and tells the SPA to', async () => {
    const server = await start(dataDir());
    const config = await (await fetch(`${server.url}/__/firebase/init.json`)).json();
    expect(config).toMatchObject({ authMode: 'local' });
    expect(config).not.toHaveProperty('authEmulatorHost');
    expect(server.logins.map((login) => login.role)).toEqual(['admin', 'editor', 'viewer']);
    for (const login of server.logins) {
      const signIn = await post(server.url, '/auth/sign-in', { email: `  ${login.email.toUpperCase()} `, password: login.password });
      expect(signIn.status).toBe(200);
      expect(signIn.body).toMatchObject({ user: { email: login.email, name: login.name, role: login.role }, must_change_password: false });
      expect(Date.parse(signIn.body!.expires_at)).toBeGreaterThan(Date.now());
      expect((await get(server.url, '/me', signIn.body!.token)).body).toMatchObject({ role: login.role });
    }
    const wrong = await post(server.url, '/auth/sign-in', { email: server.logins[0]!.email, password: 'not-the-password' });
    const unknown = await post(server.url, '/auth/sign-in', { email: 'nobody@bellsystems.gr', password: 'not-the-password' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    // One message for both: the answer does not tell which addresses have accounts.
    expect(wrong.body!.error.message).toBe(unknown.body!.error.message);
  });

  it('keeps accounts in the database across a crash, the key private, and no password in clear under data/', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const admin = await post(first.url, '/auth/sign-in', { email: first.logins[0]!.email, password: first.logins[0]!.password });
    const created = await post(first.url, '/admin/users', { name: 'Σπυρίδων Αλεξανδρόπουλος-Καραγιάννης', email: 'Spyros@BellSystems.gr', role: 'editor' }, admin.body!.token);
    expect(created.status).toBe(201);
    const temporary = created.body!.temporary_password as string;
    expect(statSync(join(dir, 'session.key')).mode & 0o777).toBe(0o600);

    // The first server is never stopped (as after kill -9): a second one on the same folder sees the account.
    const second = await start(dir);
    const signIn = await post(second.url, '/auth/sign-in', { email: 'spyros@bellsystems.gr', password: temporary });
    expect(signIn.status).toBe(200);
    expect(signIn.body!.must_change_password).toBe(true);
    // Sessions signed by one are good on the other: the key is the folder's.
    expect((await get(second.url, '/me', admin.body!.token)).status).toBe(200);

    const secrets = [temporary, ...first.logins.map((login) => login.password)];
    const holding = allFiles(dir).filter((file) => secrets.some((secret) => readFileSync(file).includes(secret)));
    expect(holding).toEqual([]);
  });

  it('moves the old Auth emulator export into the database and removes it', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'auth', 'auth_export'), { recursive: true });
    const users = [
      { localId: 'old-admin', email: 'admin@bellsystems.gr', displayName: 'Μαρία Παπαδοπούλου', passwordHash: 'fakeHash:salt=abc:password=old-demo-pass', customAttributes: '{"role":"admin"}' },
      { localId: 'katerina', email: 'katerina@bellsystems.gr', displayName: 'Κατερίνα Ζαχαρίου', passwordHash: 'fakeHash:salt=x:password=Ω:μέγα=σωστό', customAttributes: '{"role":"editor","team":"sales"}' },
      { localId: 'gone', email: 'gone@bellsystems.gr', passwordHash: 'fakeHash:salt=x:password=whatever1', disabled: true },
    ];
    writeFileSync(join(dir, 'auth', 'auth_export', 'accounts.json'), JSON.stringify({ kind: 'identitytoolkit#DownloadAccountResponse', users }));
    writeFileSync(join(dir, 'demo-logins.json'), JSON.stringify([{ role: 'admin', email: 'admin@bellsystems.gr', password: 'old-demo-pass', name: 'x' }]));
    const server = await start(dir);

    expect(readdirSync(dir)).not.toContain('auth');
    expect(readdirSync(dir)).not.toContain('demo-logins.json');
    const katerina = await post(server.url, '/auth/sign-in', { email: 'katerina@bellsystems.gr', password: 'Ω:μέγα=σωστό' });
    expect(katerina.status).toBe(200);
    expect(katerina.body!.user).toEqual({ uid: 'katerina', email: 'katerina@bellsystems.gr', name: 'Κατερίνα Ζαχαρίου', role: 'editor' });
    expect((await post(server.url, '/auth/sign-in', { email: 'gone@bellsystems.gr', password: 'whatever1' })).status).toBe(401);
    // The demo admin kept its uid and now has the printed demo password.
    const admin = server.logins.find((login) => login.role === 'admin')!;
    const signIn = await post(server.url, '/auth/sign-in', { email: admin.email, password: admin.password });
    expect(signIn.body!.user.uid).toBe('old-admin');
  });
});

describe('the office LAN (HOST=0.0.0.0)', { timeout: 120_000 }, () => {
  it('answers a sign-in and an API call on a non-loopback address of this machine', async () => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    if (!address) throw new Error('This machine has no non-loopback IPv4 address, so the LAN mode cannot be tested here');
    const server = await start(dataDir(), '0.0.0.0');
    const base = `http://${address}:${server.port}`;
    const login = server.logins.find((l) => l.role === 'editor')!;
    const signIn = await post(base, '/auth/sign-in', { email: login.email, password: login.password });
    expect(signIn.status).toBe(200);
    const me = await get(base, '/me', signIn.body!.token);
    expect(me).toEqual({ status: 200, body: { uid: signIn.body!.user.uid, email: login.email, name: login.name, role: 'editor' } });
  });
});
