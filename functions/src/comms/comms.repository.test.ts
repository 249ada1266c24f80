import { createClient, type Client } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSql } from '../sql/migrations.js';
import { CommsRepository, type NewCommsRow } from './comms.repository.js';
import { SEQ_SLOTS } from './comms.seq.js';
import { ftsQuery, ftsText, ftsWords } from './comms.text.js';

let dir: string;
let client: Client;
let repo: CommsRepository;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-comms-'));
  client = createClient({ url: `file:${join(dir, 'crm.db')}` });
  await migrateSql(client);
  repo = new CommsRepository(client);
});
afterAll(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

function row(id: string, occurredAt: Date, body = ''): NewCommsRow {
  return {
    id,
    customer_id: 'customer-1',
    matched_customer_id: '',
    type: 'note',
    direction: 'internal',
    subject: null,
    body,
    attachments: [],
    ext_message_id: null,
    address: '',
    address_raw: null,
    logged_by: null,
    logged_by_uid: null,
    occurred_at: occurredAt,
    fts_subject: '',
    fts_body: body,
    thread_id: null,
    delivery_status: null,
    delivery_error: null,
    disposition: null,
    duration_seconds: null,
    follow_up: null,
    details: {},
  };
}

describe('CommsRepository order', () => {
  it('keeps every entry of one crowded millisecond, in the order logged, and the next millisecond above them', async () => {
    const moment = new Date('2026-05-01T12:00:00.000Z');
    const count = SEQ_SLOTS + 10;
    const ids = Array.from({ length: count }, (_, i) => `crowd-${String(i).padStart(4, '0')}`);
    const rows = ids.map((id) => row(id, moment, 'crowd'));
    // An import of many entries stamped with one time: more than a millisecond's slots.
    const [first, ...rest] = rows;
    await repo.insert(first!, moment);
    const later = await repo.insert(row('next-ms', new Date(moment.getTime() + 1), 'crowd'), moment);
    expect(later.created).toBe(true);
    for (const r of rest) await repo.insert(r, moment);

    const seen: string[] = [];
    let after: { seq: number; tiebreak: string } | undefined;
    for (;;) {
      const page = await repo.list({ customer_id: 'customer-1' }, 200, after);
      if (page.length === 0) break;
      seen.push(...page.map((p) => p.entry.id));
      after = { seq: page.at(-1)!.seq, tiebreak: '' };
    }
    expect(seen).toHaveLength(count + 1);
    expect(new Set(seen).size).toBe(count + 1);
    const crowd = seen.filter((id) => id.startsWith('crowd-'));
    expect(crowd).toEqual([...ids].reverse().filter((id) => crowd.includes(id)));
    // Entries that spilled past the millisecond's slots sort within a millisecond of it.
    expect(seen.indexOf('next-ms')).toBeLessThan(seen.indexOf(ids[SEQ_SLOTS - 1]!));
    const matches = await repo.list({ match: '"crowd"*' }, count + 10);
    expect(matches).toHaveLength(count + 1);
  });
});

describe('CommsRepository search within a customer', () => {
  it('finds by reading the customer’s entries what the full-text index finds, page by page and within dates', async () => {
    const bodies = ['Για την καμπάνα', 'γιατί άργησε ο Μπίμπης', 'ρολόι 2026', 'gia to roloi', 'Καλημέρα σας', 'ΚΑΜΠΑΝΑΡΙΟ για εκκλησία'];
    for (let i = 0; i < 30; i++) {
      const body = bodies[i % bodies.length]!;
      const subject = i % 5 === 0 ? 'Θέμα: ρολόι' : null;
      await repo.insert(
        {
          ...row(`scoped-${i}`, new Date(Date.UTC(2026, 1, 1 + (i % 10), 9)), body),
          customer_id: i % 3 === 0 ? 'customer-3' : 'customer-2',
          subject,
          fts_subject: ftsText(subject),
          fts_body: ftsText(body),
        },
        new Date(),
      );
    }
    const from = new Date(Date.UTC(2026, 1, 3));
    const to = new Date(Date.UTC(2026, 1, 8));
    // The last ones are found by no word's start: inside words only, or nowhere.
    const absent = ['ολοι', 'ampana', 'λείπει'];
    for (const q of ['για', 'gia', 'γι', 'καμπάνα', 'kabana', 'ρολοι θεμα', '2026', 'μπίμπης για', ...absent]) {
      const match = ftsQuery(q)!;
      const words = ftsWords(q)!;
      for (const dates of [{}, { from, to }]) {
        const pages = async (filter: { match: string; words?: string[][] }) => {
          const ids: string[] = [];
          let after: { seq: number; tiebreak: string } | undefined;
          for (;;) {
            const page = await repo.list({ customer_id: 'customer-2', ...dates, ...filter }, 3, after);
            ids.push(...page.map((p) => p.entry.id));
            if (page.length < 3) return ids;
            after = { seq: page.at(-1)!.seq, tiebreak: '' };
          }
        };
        const byIndex = await pages({ match });
        expect(await pages({ match, words }), q).toEqual(byIndex);
        if (!('from' in dates)) expect(byIndex.length > 0, q).toBe(!absent.includes(q));
      }
    }
  });
});
