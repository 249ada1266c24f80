/**
 * Moving an embedded office to production, with stand-ins for what only Google runs: the
 * in-process Firestore stand-in for Firestore, the Auth emulator for Firebase Auth, and a second
 * libSQL file for Turso. The source is a real embedded data folder with the demo data set.
 */
import { createClient } from '@libsql/client';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthEmulator, type AuthEmulator } from '../../functions/src/auth/auth-emulator.js';
import { startFirestoreStandIn, type FirestoreStandIn } from '../../functions/src/emulator/test-support/functions-emulator.js';
import { startEmbedded } from '../embedded/server.js';

const PROJECT = 'demo-bellsystems';
let dir: string;
let dataDir: string;
let tursoUrl: string;
let firestore: FirestoreStandIn;
let auth: AuthEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-move-'));
  dataDir = join(dir, 'data');
  tursoUrl = `file:${join(dir, 'turso.db')}`;
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const embedded = await startEmbedded({ dataDir, port: 0, seed: true, logger: quiet });
  await embedded.stop();
  [firestore, auth] = await Promise.all([startFirestoreStandIn(), startAuthEmulator({ projectId: PROJECT })]);
}, 300_000);

afterAll(async () => {
  firestore?.stop();
  await auth?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, FIRESTORE_EMULATOR_HOST: firestore.host, FIREBASE_AUTH_EMULATOR_HOST: auth.host, TURSO_AUTH_TOKEN: '', ...extra };
}

const args = () => ['--import', 'tsx', 'scripts/move/move-to-production.ts', '--from', dataDir, '--project', PROJECT, '--turso-url', tursoUrl];

function move(extra: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((done) =>
    execFile(process.execPath, args(), { env: env(extra), maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

/** The verification lines: name → "count hash | count hash". */
function verification(out: string): Map<string, { ok: boolean; source: number; target: number; line: string }> {
  const lines = out.slice(out.indexOf('verification')).split('\n').filter((l) => /^\s+(ok|DIFF)\s/.test(l));
  return new Map(
    lines.map((l) => {
      const [, status, name, source, , target] = /^\s+(ok|DIFF)\s+(.+?)\s+(\d+) (\w+) \| (\d+) (\w+)$/.exec(l) ?? [];
      return [name!.trim(), { ok: status === 'ok', source: Number(source), target: Number(target), line: l.trim() }];
    }),
  );
}

describe('npm run move-to-production', () => {
  it('resumes after being killed mid-way, and ends with every collection and table equal on both sides', async () => {
    // Small pages, so the kill lands while documents are being copied.
    const child = spawn(process.execPath, args(), { env: env({ MOVE_PAGE_SIZE: '5' }), stdio: 'ignore' });
    const progress = join(dataDir, 'move-to-production.json');
    await new Promise<void>((done, fail) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (existsSync(progress) && JSON.parse(readFileSync(progress, 'utf8')).documents) {
          clearInterval(timer);
          child.kill('SIGKILL');
          done();
        } else if (Date.now() - started > 120_000) {
          clearInterval(timer);
          fail(new Error('the move never recorded progress'));
        }
      }, 20);
    });
    await new Promise((done) => child.once('exit', done));

    const { code, out } = await move();
    expect(code, out).toBe(0);
    const checks = verification(out);
    expect([...checks.values()].filter((c) => !c.ok), out).toEqual([]);
    expect(checks.get('documents crm_customers')?.target).toBeGreaterThan(0);
    expect(checks.get('accounts')?.target).toBe(3);
    expect(checks.has('table crm_comms_log')).toBe(true);
    expect(out).toMatch(/invite .*@/);
  }, 300_000);

  it('does nothing twice when run again: the same counts and hashes, no row doubled', async () => {
    const first = verification((await move()).out);
    const { code, out } = await move();
    expect(code, out).toBe(0);
    const second = verification(out);
    expect([...second.entries()].map(([name, c]) => [name, c.line])).toEqual([...first.entries()].map(([name, c]) => [name, c.line]));
    expect(out).toContain('accounts: 3 (0 new');
    const source = createClient({ url: `file:${join(dataDir, 'crm.db')}` });
    const turso = createClient({ url: tursoUrl });
    for (const table of ['crm_comms_log', 'crm_media', 'integration_journal']) {
      const count = async (client: typeof source) => Number((await client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
      expect(await count(turso), table).toBe(await count(source));
    }
    source.close();
    turso.close();
  }, 300_000);

  it('refuses while the embedded server runs on the folder', async () => {
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const embedded = await startEmbedded({ dataDir, port: 0, seed: false, logger: quiet });
    try {
      const { code, out } = await move();
      expect(code).toBe(2);
      expect(out).toMatch(/is running on .*: stop it first/);
    } finally {
      await embedded.stop();
    }
  }, 300_000);
});
