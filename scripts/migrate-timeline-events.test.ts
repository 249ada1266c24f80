import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibsqlDocStore } from '../functions/src/store/libsql/libsql.store.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const path = 'crm_customers/c1/orders/o1';

let dir: string;
let url: string;

async function readTimeline(): Promise<unknown> {
  const store = await LibsqlDocStore.open({ url });
  try {
    return (await store.get(path))!.data.timeline;
  } finally {
    await store.close();
  }
}

// Through npm, as the README names the command.
const migrate = async (...args: string[]) =>
  (await run('npm', ['run', '--silent', 'migrate-timeline-events', '--', '--store', 'libsql', '--url', url, ...args], { cwd: root })).stdout;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-timeline-cli-'));
  url = `file:${join(dir, 'crm.db')}`;
  const store = await LibsqlDocStore.open({ url });
  try {
    await store.set('crm_customers/c1', { name: 'Ιερός Ναός Αγίας Σοφίας' });
    await store.set(path, {
      title: 'Ηλεκτρομηχανικός κρουστήρας',
      status: 'manufacturing',
      timeline: [{ id: 't1', date: new Date('2025-10-10T09:00:00Z'), type: 'mfg_started', note: 'Status: Negotiating → Manufacturing', updated_by: 'Γιώργος' }],
    });
  } finally {
    await store.close();
  }
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run migrate-timeline-events', () => {
  it('prints what a dry run would change and writes nothing', async () => {
    const out = await migrate('--dry-run');
    expect(out).toContain(`would change ${path}:\n  - entry t1: "Status: Negotiating → Manufacturing" → status negotiating → manufacturing`);
    expect(out).toContain('1 orders scanned, 1 would change (dry run: nothing written)');
    expect(await readTimeline()).toEqual([expect.objectContaining({ note: 'Status: Negotiating → Manufacturing' })]);
  });

  it('migrates, then a second run changes nothing', async () => {
    expect(await migrate()).toContain('1 orders scanned, 1 changed');
    expect(await readTimeline()).toEqual([expect.objectContaining({ note: '', props: { from: 'negotiating', to: 'manufacturing' } })]);
    expect((await migrate()).trim()).toBe('1 orders scanned, 0 changed');
  });

  it('refuses an unknown store', async () => {
    await expect(migrate('--store', 'mongo')).rejects.toMatchObject({ code: 2 });
  });
});
