/**
 * The upgrade procedure end to end, with stand-ins for what only Google runs: a libSQL file in
 * place of Turso, the in-process Firestore stand-in in place of Firestore, a script that records
 * its arguments in place of the Firebase CLI's deploy, and a local HTTP server for /api/health.
 */
import { createClient } from '@libsql/client';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirestoreStandIn, type FirestoreStandIn } from '../functions/src/emulator/test-support/functions-emulator.js';
import { sqlMigrations } from '../functions/src/sql/schema/index.js';

const PROJECT = 'demo-upgrade';
let dir: string;
let firestore: FirestoreStandIn;
let health: Server;
let healthStatus = 200;
let healthUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-upgrade-'));
  firestore = await startFirestoreStandIn();
  writeFileSync(join(dir, 'fake-firebase.mjs'), `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(join(dir, 'deploys.log'))}, process.argv.slice(2).join(' ') + '\\n');\n`);
  health = createServer((_req, res) => {
    res.writeHead(healthStatus, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: healthStatus === 200 ? 'degraded' : 'down', checks: { store: { state: 'ok' }, whatsapp: { state: 'degraded', reason: 'not_configured' } } }));
  });
  await new Promise<void>((done) => health.listen(0, '127.0.0.1', done));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/api/health`;
}, 120_000);

afterAll(async () => {
  firestore?.stop();
  await new Promise((done) => health?.close(done));
  rmSync(dir, { recursive: true, force: true });
});

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, FIRESTORE_EMULATOR_HOST: firestore.host, FIREBASE_CLI: join(dir, 'fake-firebase.mjs'), TURSO_AUTH_TOKEN: '' };
}

function upgrade(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/upgrade.ts', '--project', PROJECT, '--skip-install', '--turso-url', `file:${join(dir, 'turso.db')}`, '--health-url', healthUrl, ...args],
      { env: childEnv() },
      (err, stdout, stderr) => done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

const deploys = () => (existsSync(join(dir, 'deploys.log')) ? readFileSync(join(dir, 'deploys.log'), 'utf8').trim().split('\n') : []);

describe('npm run upgrade', () => {
  it('migrates Turso, deploys, reindexes and checks health, in that order', async () => {
    const { code, out } = await upgrade();
    expect(code, out).toBe(0);
    const latest = sqlMigrations.at(-1)!.version;
    expect(out).toContain(`schema at ${latest}`);
    expect(deploys()).toEqual([`deploy --project ${PROJECT}`]);
    // The stand-in holds no customers: what reindexing rewrites is tested in customers/; here, that it ran on Firestore.
    expect(out).toMatch(/\[4\/5\] reindex\nrewrote the keys of 0 customers and 0 products/);
    expect(out).toMatch(/whatsapp: degraded \(not_configured\)/);
    const order = ['migrate Turso', 'deploy', 'reindex', 'health'].map((step) => out.indexOf(`] ${step}`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }, 180_000);

  it('is safe to run again: nothing migrated or rewritten twice', async () => {
    const { code, out } = await upgrade();
    expect(code, out).toBe(0);
    expect(out).toContain('schema already at');
    expect(out).toMatch(/rewrote the keys of 0 customers/);
    expect(deploys()).toHaveLength(2);
  }, 180_000);

  it('stops before the deploy when Turso holds a newer schema than this release', async () => {
    const turso = createClient({ url: `file:${join(dir, 'turso.db')}` });
    await turso.execute({ sql: 'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)', args: [9999, 'from_the_future', 'x', new Date().toISOString()] });
    turso.close();
    const before = deploys().length;
    const { code, out } = await upgrade();
    expect(code).toBe(1);
    expect(out).toMatch(/upgrade stopped at "migrate Turso": .*newer than this server knows/);
    expect(deploys()).toHaveLength(before);
    const cleanup = createClient({ url: `file:${join(dir, 'turso.db')}` });
    await cleanup.execute('DELETE FROM schema_migrations WHERE version = 9999');
    cleanup.close();
  }, 180_000);

  it('fails when the deployed API answers down', async () => {
    healthStatus = 503;
    try {
      const { code, out } = await upgrade('--skip-deploy');
      expect(code).toBe(1);
      expect(out).toMatch(/upgrade stopped at "health": .* answered 503 down/);
    } finally {
      healthStatus = 200;
    }
  }, 180_000);
});
