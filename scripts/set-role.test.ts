import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from 'firebase-admin/auth';
import { adminAuth } from '../functions/src/auth/firebase-auth.js';
import { DEMO_PROJECT_ID, startAuthEmulator, type AuthEmulator } from '../functions/src/auth/auth-emulator.js';

const repoRoot = join(import.meta.dirname, '..');
// set-role manages Firebase Auth accounts: it runs against an Auth emulator of its own.
let emulator: AuthEmulator;
let host = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function setRole(args: string[], env: Record<string, string | undefined> = { FIREBASE_AUTH_EMULATOR_HOST: host }): Promise<Run> {
  const childEnv = { ...process.env, GOOGLE_CLOUD_PROJECT: undefined, GCLOUD_PROJECT: undefined, FIREBASE_AUTH_EMULATOR_HOST: undefined, ...env };
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/set-role.ts'), ...args], { cwd: repoRoot, env: childEnv }, (err, stdout, stderr) =>
      done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

let auth: Auth;
const uid = `set-role-${randomBytes(5).toString('hex')}`;
const email = `${uid}@bellsystems.test`;
beforeAll(async () => {
  emulator = await startAuthEmulator({ readyTimeoutMs: 300_000 });
  host = emulator.host;
  process.env.FIREBASE_AUTH_EMULATOR_HOST = host;
  auth = adminAuth(DEMO_PROJECT_ID);
  await auth.createUser({ uid, email });
}, 300_000);
afterAll(() => emulator.stop());

// Each case starts the script in fresh Node processes (tsx), which is slow on a busy machine.
describe('npm run set-role', { timeout: 90_000 }, () => {
  it('gives the account found by email the role, then by uid another, keeping other claims', async () => {
    await auth.setCustomUserClaims(uid, { team: 'office' });
    const byEmail = await setRole([email, 'admin']);
    expect(byEmail.stderr).toBe('');
    expect(byEmail.code).toBe(0);
    expect(byEmail.stdout).toContain(`${email} (uid ${uid}) now has the admin role`);
    expect((await auth.getUser(uid)).customClaims).toEqual({ team: 'office', role: 'admin' });

    const byUid = await setRole(['--', uid, 'viewer']);
    expect(byUid.code).toBe(0);
    expect((await auth.getUser(uid)).customClaims?.role).toBe('viewer');
    const again = await setRole([uid, 'viewer']);
    expect(again.stdout).toContain('already has the viewer role');
  });

  it('explains its usage and changes nothing on bad arguments', async () => {
    const [none, badRole, unknown, noProject] = await Promise.all([
      setRole([]),
      setRole([email, 'owner']),
      setRole(['nobody@bellsystems.test', 'admin']),
      setRole([email, 'admin'], {}),
    ]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('usage: npm run set-role -- <email-or-uid> <viewer|editor|admin>')]);
    expect([badRole.code, badRole.stderr]).toEqual([2, expect.stringContaining('Unknown role "owner"')]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('No account nobody@bellsystems.test')]);
    expect([noProject.code, noProject.stderr]).toEqual([2, expect.stringContaining('No Firebase project')]);
    expect((await auth.getUser(uid)).customClaims?.role).toBe('viewer');
  });
});
