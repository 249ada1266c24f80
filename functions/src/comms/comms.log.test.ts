import { createClient, type Client } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSql } from '../sql/migrations.js';
import { CommsQueries } from './comms.queries.js';
import type { NewCommsRow } from './comms.rows.js';
import { CommsWrites } from './comms.writes.js';
import { SEQ_SLOTS } from './comms.seq.js';
import { ftsQuery, ftsText, ftsWords } from './comms.text.js';

let dir: string;
let client: Client;
let writes: CommsWrites;
let queries: CommsQueries;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-comms-'));
  client = createClient({ url: `file:${join(dir, 'crm.db')}` });
  await migrateSql(client);
  writes = new CommsWrites(client);
  queries = new CommsQueries(client);
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

describe('comms log order', () => {
  it('keeps every entry of one crowded millisecond, in the order logged, and the next millisecond above them', async () => {
    const moment = new Date('2026-05-01T12:00:00.000Z');
    const count = SEQ_SLOTS + 10;
    const ids = Array.from({ length: count }, (_, i) => `crowd-${String(i).padStart(4, '0')}`);
    const rows = ids.map((id) => row(id, moment, 'crowd'));
    // An import of many entries stamped with one time: more than a millisecond's slots.
    const [first, ...rest] = rows;
    await writes.insert(first!, moment);
    const later = await writes.insert(row('next-ms', new Date(moment.getTime() + 1), 'crowd'), moment);
    expect(later.created).toBe(true);
    for (const r of rest) await writes.insert(r, moment);

    const seen: string[] = [];
    let after: { seq: number; tiebreak: string } | undefined;
    for (;;) {
      const page = await queries.list({ customer_id: 'customer-1' }, 200, after);
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
    const matches = await queries.list({ match: '"crowd"*' }, count + 10);
    expect(matches).toHaveLength(count + 1);
  });
});

describe('comms log search within a customer', () => {
  it('finds by reading the customer’s entries what the full-text index finds, page by page and within dates', async () => {
    const bodies = ['Για την καμπάνα', 'γιατί άργησε ο Μπίμπης', 'ρολόι 2026', 'gia to roloi', 'Καλημέρα σας', 'ΚΑΜΠΑΝΑΡΙΟ για εκκλησία'];
    for (let i = 0; i < 30; i++) {
      const body = bodies[i % bodies.length]!;
      const subject = i % 5 === 0 ? 'Θέμα: ρολόι' : null;
      await writes.insert(
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
            const page = await queries.list({ customer_id: 'customer-2', ...dates, ...filter }, 3, after);
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

describe('comms log channel extensions', () => {
  it('moves a delivery status only forward, whatever order the statuses arrive in, and keeps failed final', async () => {
    const orders: ('sent' | 'delivered' | 'read' | 'played')[][] = [
      ['read', 'sent', 'delivered'],
      ['delivered', 'played', 'read', 'sent'],
      ['sent', 'delivered', 'read'],
    ];
    for (const [i, order] of orders.entries()) {
      const ext = `wamid.order-${i}`;
      await writes.insert({ ...row(`status-${i}`, new Date(), 'hi'), type: 'whatsapp', ext_message_id: ext, delivery_status: 'pending' }, new Date());
      for (const status of order) await writes.advanceDeliveryStatus('whatsapp', ext, status, null, new Date());
      const furthest = order.includes('played') ? 'played' : 'read';
      expect((await queries.findByExtId('whatsapp', ext))?.delivery_status).toBe(furthest);
    }
    const failed = 'wamid.failed';
    await writes.insert({ ...row('status-failed', new Date(), 'x'), type: 'whatsapp', ext_message_id: failed }, new Date());
    await writes.advanceDeliveryStatus('whatsapp', failed, 'failed', { code: 131047, title: 'Re-engagement message' }, new Date());
    const after = await writes.advanceDeliveryStatus('whatsapp', failed, 'read', null, new Date());
    expect(after).toEqual({ found: true, moved: false });
    const entry = await queries.findByExtId('whatsapp', failed);
    expect(entry?.delivery_status).toBe('failed');
    expect(entry?.delivery_error).toEqual({ code: 131047, title: 'Re-engagement message' });
    expect(await writes.advanceDeliveryStatus('whatsapp', 'wamid.unknown', 'sent', null, new Date())).toEqual({ found: false, moved: false });
  });

  it('merges details atomically and removes a key given as null', async () => {
    await writes.insert({ ...row('details-1', new Date(), 'photo'), details: { kind: 'image', reactions: {} } }, new Date());
    await Promise.all(
      ['+306971111111', '+306972222222', '+306973333333'].map((from) =>
        writes.mergeDetails('details-1', { reactions: { [from]: '👍' } }, new Date()),
      ),
    );
    expect((await queries.get('details-1'))?.details).toEqual({
      kind: 'image',
      reactions: { '+306971111111': '👍', '+306972222222': '👍', '+306973333333': '👍' },
    });
    await writes.mergeDetails('details-1', { reactions: { '+306972222222': null } }, new Date());
    expect(Object.keys((await queries.get('details-1'))!.details.reactions as object)).toEqual(['+306971111111', '+306973333333']);
    expect(await writes.mergeDetails('missing', { a: 1 }, new Date())).toBe(false);
  });

  it('relinks a thread when its parent arrives after a reply', async () => {
    const t0 = new Date('2026-03-01T10:00:00Z');
    await writes.insert({ ...row('reply', new Date(t0.getTime() + 60_000), 're'), type: 'email', thread_id: 'orphan-thread' }, t0);
    await writes.insert({ ...row('parent', t0, 'first'), type: 'email', thread_id: 'root-thread' }, t0);
    expect(await writes.relinkThreads(['orphan-thread'], 'root-thread', new Date())).toBe(1);
    expect((await queries.threadEntries('root-thread', 10)).map((e) => e.id)).toEqual(['parent', 'reply']);
  });

  it('gathers several provisional threads into one, and finds the latest thread of an address by a details key', async () => {
    const t0 = new Date('2026-03-02T10:00:00Z');
    const email = (id: string, at: number, thread: string, subjectKey: string) =>
      writes.insert({ ...row(id, new Date(t0.getTime() + at), 'Re: καμπάνα'), customer_id: 'customer-threads', type: 'email', address: 'papas@naos.example.gr', thread_id: thread, details: { subject_key: subjectKey } }, t0);
    await email('gather-a', 0, '<a@naos.example.gr>', 'καμπάνα');
    await email('gather-b', 1_000, '<b@naos.example.gr>', 'καμπάνα');
    await email('gather-other', 2_000, '<other@naos.example.gr>', 'ρολόι');
    expect(await writes.relinkThreads(['<a@naos.example.gr>', '<b@naos.example.gr>', '<root@naos.example.gr>'], '<root@naos.example.gr>', new Date())).toBe(2);
    expect((await queries.threadEntries('<root@naos.example.gr>', 10)).map((e) => e.id)).toEqual(['gather-a', 'gather-b']);
    expect(await queries.latestThreadWith('email', 'papas@naos.example.gr', 'subject_key', 'καμπάνα')).toBe('<root@naos.example.gr>');
    expect(await queries.latestThreadWith('email', 'papas@naos.example.gr', 'subject_key', 'άγνωστο')).toBeNull();
    await expect(queries.latestThreadWith('email', 'papas@naos.example.gr', "x') OR 1=1 --", 'καμπάνα')).rejects.toThrow(/Not a details key/);
  });

  it('sets files with their details in one write, and purges a customer with its searchable text and address assignments', async () => {
    const at = new Date('2026-03-03T10:00:00Z');
    const address = '+306970000123';
    await writes.insert({ ...row('purge-1', at, ''), customer_id: '', address, fts_body: ftsText('Ιερός Ναός Αγίου Δημητρίου') }, at);
    expect(await writes.assign('purge-1', 'customer-purged', address, 'Μαρία', at)).toBe(1);
    const file = { filename: 'Προσφορά καμπάνας «Ευαγγελισμός».pdf', nextcloud_path: '/Πελάτες/Ναός/Προσφορά καμπάνας «Ευαγγελισμός».pdf' };
    expect(await writes.attachFiles('purge-1', [file], { attachments_pending: null, inline: { 'cid-1': 'media-1' } }, at)).toBe(true);
    expect(await queries.get('purge-1')).toMatchObject({ attachments: [file], details: { inline: { 'cid-1': 'media-1' } } });
    expect(await writes.attachFiles('missing', [file], {}, at)).toBe(false);
    expect((await queries.customersOf(['purge-1', 'missing'])).get('purge-1')).toBe('customer-purged');
    expect(await queries.countOfCustomer('customer-purged')).toBe(1);
    const found = await queries.list({ match: ftsQuery('Δημητρίου')! }, 10);
    expect(found.map((f) => f.entry.id)).toEqual(['purge-1']);
    const seq = found[0]!.seq;
    expect(await queries.mappedCustomer(address)).toBe('customer-purged');
    expect(await writes.purgeCustomer('customer-purged')).toBe(1);
    expect(await queries.get('purge-1')).toBeNull();
    expect(await queries.mappedCustomer(address)).toBeNull();
    const text = await client.execute({ sql: 'SELECT count(*) AS n FROM crm_comms_fts WHERE rowid = ?', args: [seq] });
    expect(Number(text.rows[0]!.n)).toBe(0);
  });

  it('opens a follow-up, lists it, and closes those before a call back for the same number only', async () => {
    const at = new Date('2026-04-01T09:00:00Z');
    await writes.insert({ ...row('missed-1', at, ''), type: 'call', address: '+302101234567', disposition: 'missed', follow_up: 'open' }, at);
    await writes.insert({ ...row('missed-2', at, ''), type: 'call', address: '+302109999999', disposition: 'missed', follow_up: 'open' }, at);
    const open = (await queries.openFollowUps(10)).map((s) => s.entry.id);
    expect(open).toEqual(expect.arrayContaining(['missed-1', 'missed-2']));
    expect(await writes.closeFollowUpsFor('+302101234567', new Date(at.getTime() + 1), 'Γιώργος', new Date())).toBe(1);
    const closed = await queries.get('missed-1');
    expect(closed).toMatchObject({ follow_up: 'done', follow_up_closed_by: 'Γιώργος' });
    expect((await queries.openFollowUps(10)).map((s) => s.entry.id)).toContain('missed-2');
    expect(await writes.setFollowUp('missed-2', 'done', 'Μαρία', new Date())).toBe(true);
    expect((await queries.openFollowUps(10)).map((s) => s.entry.id)).not.toContain('missed-2');
  });
});
