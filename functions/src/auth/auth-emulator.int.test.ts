import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAuthEmulator, type AuthEmulator } from './auth-emulator.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bellsystems-auth-data-'));
const started: AuthEmulator[] = [];
afterAll(async () => {
  await Promise.all(started.map((emulator) => emulator.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function signUp(host: string, email: string): Promise<Response> {
  return fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct-horse', returnSecureToken: true }),
  });
}

async function signIn(host: string, email: string): Promise<number> {
  const res = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct-horse', returnSecureToken: true }),
  });
  return res.status;
}

// Starts real emulators (each ~10 s of CPU), one after the other.
describe('startAuthEmulator', { timeout: 300_000 }, () => {
  it('keeps accounts in its data folder across a restart', async () => {
    const first = await startAuthEmulator({ dataDir });
    started.push(first);
    expect(first.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(first.projectId).toBe('demo-bellsystems');
    expect((await signUp(first.host, 'kept@bellsystems.test')).status).toBe(200);
    await first.stop();
    await first.stop();
    await expect(fetch(`http://${first.host}/`)).rejects.toThrow();

    const second = await startAuthEmulator({ dataDir });
    started.push(second);
    expect(await signIn(second.host, 'kept@bellsystems.test')).toBe(200);
    expect(await signIn(second.host, 'never@bellsystems.test')).toBe(400);

    // exportData writes without stopping: a crash after it loses nothing before it.
    expect((await signUp(second.host, 'exported@bellsystems.test')).status).toBe(200);
    await second.exportData();
    const exported = await import(join(dataDir, 'auth_export/accounts.json'), { with: { type: 'json' } });
    expect(JSON.stringify(exported.default)).toContain('exported@bellsystems.test');
  });

  it('refuses a port already in use rather than report another server as itself', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(startAuthEmulator({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      taken.close();
    }
  });

  it('rejects with the emulator output when firebase-tools exits before it is ready', async () => {
    await expect(startAuthEmulator({ projectId: 'not a valid project id!' })).rejects.toThrow(/exited \(code \d+\) before it was ready:\n\S/);
  });
});
