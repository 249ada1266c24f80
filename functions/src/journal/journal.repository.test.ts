import { createClient, type Client } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSql } from '../sql/migrations.js';
import { JournalRepository, retryDelayMs, sha256Of, STALE_PENDING_MS } from './journal.repository.js';
import { drainJournal } from './journal.service.js';

let dir: string;
let client: Client;
let journal: JournalRepository;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-journal-'));
  client = createClient({ url: `file:${join(dir, 'crm.db')}` });
  await migrateSql(client);
  journal = new JournalRepository(client);
});
afterAll(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('JournalRepository', () => {
  it('records the raw bytes once per source and external id, with their hash', async () => {
    const raw = Buffer.from('{"text":"Καλημέρα \\u03c0\\u03ac\\u03c4\\u03b5\\u03c1"}');
    const first = await journal.record({ source: 'whatsapp', raw, meta: { signature: 'ok' } }, new Date());
    const again = await journal.record({ source: 'whatsapp', raw }, new Date());
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.record.id).toBe(first.record.id);
    expect(first.record.external_id).toBe(`sha256:${sha256Of(raw)}`);
    expect(first.record.raw?.equals(raw)).toBe(true);
    expect(first.record.meta).toEqual({ signature: 'ok' });
    // The same bytes from another source are another delivery.
    expect((await journal.record({ source: 'call', raw }, new Date())).created).toBe(true);
  });

  it('retries a failure with growing delays and stops once processed', async () => {
    const t0 = new Date('2026-06-01T10:00:00Z');
    const clock = { now: () => t0 };
    const { record } = await journal.record({ source: 'email', external_id: 'acct:INBOX:7:42', raw: Buffer.from('From: a@b.gr\r\n\r\nhi') }, t0);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('Nextcloud down');
    };
    // Pending and fresh: a live run is processing it, the drain leaves it alone.
    expect(await drainJournal({ clock, logger: silent }, journal, 'email', failing)).toEqual({ processed: 0, failed: 0 });
    const later = new Date(t0.getTime() + STALE_PENDING_MS + 1);
    expect(await drainJournal({ clock: { now: () => later }, logger: silent }, journal, 'email', failing)).toEqual({ processed: 0, failed: 1 });
    const failed = await journal.get(record.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, last_error: 'Nextcloud down' });
    expect(failed!.next_attempt_at!.getTime()).toBe(later.getTime() + retryDelayMs(1));
    // Not due yet.
    expect(await journal.due('email', later, 10)).toEqual([]);
    const due = new Date(later.getTime() + retryDelayMs(1));
    const result = await drainJournal({ clock: { now: () => due }, logger: silent }, journal, 'email', async () => {
      calls++;
    });
    expect(result).toEqual({ processed: 1, failed: 0 });
    expect(await journal.get(record.id)).toMatchObject({ state: 'processed', attempts: 2, last_error: null });
    expect(calls).toBe(2);
    expect(await journal.counts('email')).toEqual({ pending: 0, processed: 1, failed: 0 });
  });

  it('backs off exponentially up to six hours', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000]);
    expect(retryDelayMs(50)).toBe(6 * 60 * 60_000);
  });
});
