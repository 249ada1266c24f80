/**
 * The deployed `api` export, called as Cloud Functions calls it, with its production wiring:
 * Firestore (the in-process stand-in emulator, as the real one needs Java 21 and a download),
 * libSQL on a file instead of Turso, firebase-admin Auth.
 */
import express from 'express';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn } from './store/test-support/firestore-stand-in.js';

let firestore: { host: string; stop(): void } | undefined;
let server: Server;
let base: string;
const dataDir = mkdtempSync(join(tmpdir(), 'bellsystems-api-'));

beforeAll(async () => {
  firestore = await startStandIn();
  Object.assign(process.env, {
    GCLOUD_PROJECT: 'demo-bellsystems',
    FIRESTORE_EMULATOR_HOST: firestore.host,
    TURSO_URL: '',
    TURSO_AUTH_TOKEN: '',
    NEXTCLOUD_URL: '',
  });
  const { api } = await import('./index.js');
  // The Functions Framework hands functions Express's request and response.
  const framework = express();
  framework.use((req, res) => void api(req as never, res));
  server = createServer(framework);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  firestore?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the api function', { timeout: 60_000 }, () => {
  it('answers 503 in the error shape while misconfigured, and starts once the config is fixed', async () => {
    const misconfigured = await fetch(`${base}/api/health`);
    expect(misconfigured.status).toBe(503);
    expect(await misconfigured.json()).toEqual({
      error: {
        code: 'unavailable',
        message: 'The service is starting up or misconfigured; try again shortly',
        details: [],
        request_id: misconfigured.headers.get('x-request-id'),
      },
    });

    process.env.TURSO_URL = `file:${join(dataDir, 'comms.db')}`;
    const healthy = await fetch(`${base}/api/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ checks: { store: { state: 'ok' }, libsql: { state: 'ok' } } });
  });

  it('serves the routes behind auth', async () => {
    const res = await fetch(`${base}/api/me`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });
});
