import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Firestore } from 'firebase-admin/firestore';
import { FirestoreDocStore } from '../functions/src/store/firestore/firestore.store.js';
import { LibsqlDocStore } from '../functions/src/store/libsql/libsql.store.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/.bin/tsx');
const script = join(root, 'scripts/migrate-customer-flags.ts');

let dir: string;
let url: string;

async function withStore<T>(fn: (store: LibsqlDocStore) => Promise<T>): Promise<T> {
  const store = await LibsqlDocStore.open({ url });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const migrate = async (...args: string[]) => (await run(tsx, [script, '--store', 'libsql', '--url', url, ...args], { cwd: root })).stdout;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-cli-'));
  url = `file:${join(dir, 'crm.db')}`;
  await withStore(async (store) => {
    await store.set('crm_customers/legacy', {
      name: 'Στέλιος Μπίμπης',
      negotiating: true,
      has_problem: true,
      updated_at: new Date('2025-10-10T09:00:00Z'),
    });
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts/migrate-customer-flags.ts', () => {
  it('prints what a dry run would change and writes nothing', async () => {
    const out = await migrate('--dry-run');
    expect(out).toContain('would change crm_customers/legacy (Στέλιος Μπίμπης):');
    expect(out).toContain('  - create a negotiating order');
    expect(out).toContain('1 customers scanned, 1 would change (dry run: nothing written)');
    const data = await withStore(async (store) => (await store.get('crm_customers/legacy'))!.data);
    expect(data.negotiating).toBe(true);
  });

  it('migrates, then a second run changes nothing', async () => {
    const first = await migrate();
    expect(first).toMatch(/changed crm_customers\/legacy \(Στέλιος Μπίμπης\):\n {2}- relationship_status lead → active\n {2}- created negotiating order ORD-\d{4}-\d{3}/);
    expect(first).toContain('1 customers scanned, 1 changed');
    const second = await migrate();
    expect(second.trim()).toBe('1 customers scanned, 0 changed');
    const data = await withStore(async (store) => (await store.get('crm_customers/legacy'))!.data);
    expect(data).not.toHaveProperty('negotiating');
    expect(data.relationship_status).toBe('active');
  });

  it('refuses an unknown store, and Firestore without a project', async () => {
    await expect(migrate('--store', 'mongo')).rejects.toMatchObject({ code: 2 });
    const env = { ...process.env, GCLOUD_PROJECT: '', GOOGLE_CLOUD_PROJECT: '' };
    await expect(run(tsx, [script, '--store', 'firestore'], { cwd: root, env })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--store firestore needs --project'),
    });
  });

  // The in-process Firestore stand-in keeps fields deleted in an update and ignores cursors,
  // both of which the migration relies on; a real emulator (Java 21) runs this case.
  it.runIf(process.env.FIRESTORE_EMULATOR_HOST)('migrates a Firestore emulator the same way', async () => {
    const projectId = `demo-migrate-${Date.now()}`;
    const db = new Firestore({ projectId });
    const store = new FirestoreDocStore(db);
    await store.set('crm_customers/legacy', { name: 'Στέλιος Μπίμπης', negotiating: true, has_problem: true, updated_at: new Date() });
    const firestore = async (...args: string[]) =>
      (await run(tsx, [script, '--store', 'firestore', '--project', projectId, ...args], { cwd: root })).stdout;
    expect(await firestore()).toContain('1 customers scanned, 1 changed');
    expect((await firestore()).trim()).toBe('1 customers scanned, 0 changed');
    const data = (await store.get('crm_customers/legacy'))!.data;
    expect(data).not.toHaveProperty('negotiating');
    expect((await store.get('crm_customers/legacy/orders/migrated-negotiating'))!.data.status).toBe('negotiating');
    await store.close();
  });
});
