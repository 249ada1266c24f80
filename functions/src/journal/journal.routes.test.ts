/**
 * A journal entry that fails for the same reason DEAD_AFTER times in a row is dead: the drain
 * leaves it, admins see it (GET /api/admin/journal/dead, the health probe) and can retry it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { DEAD_AFTER, JournalRepository } from './journal.repository.js';
import { drainJournal, processRecord } from './journal.service.js';

let t: TestApp;
let journal: JournalRepository;
const admin = () => ({ Authorization: `Bearer ${t.tokens.admin}` });
const failing = async () => {
  throw new Error('Invalid body: address: must not contain control characters (found U+202E)');
};

beforeAll(async () => {
  t = await createTestApp();
  journal = new JournalRepository(t.deps.sql);
});
afterAll(async () => {
  await t?.close();
});

/** Makes every failed record due now, as time passing would. */
const makeDue = () => t.deps.sql.execute("UPDATE integration_journal SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE next_attempt_at IS NOT NULL");

describe('dead journal entries', () => {
  it('marks an entry dead after failing for the same reason DEAD_AFTER times, and the drain leaves it', async () => {
    const { record } = await journal.record({ source: 'whatsapp', raw: Buffer.from('{"bidi":"\\u202E Καλημέρα"}') }, new Date());
    // Another reason in between starts the count again.
    await processRecord(t.deps, journal, record, async () => {
      throw new Error('Nextcloud is down');
    });
    for (let i = 0; i < DEAD_AFTER - 1; i++) {
      await makeDue();
      const drained = await drainJournal(t.deps, journal, 'whatsapp', failing);
      expect(drained).toEqual({ processed: 0, failed: 1 });
      expect((await journal.get(record.id))?.dead_at).toBeNull();
    }
    await makeDue();
    expect(await drainJournal(t.deps, journal, 'whatsapp', failing)).toEqual({ processed: 0, failed: 1 });
    const dead = await journal.get(record.id);
    expect(dead).toMatchObject({ state: 'failed', same_failures: DEAD_AFTER, next_attempt_at: null, dead_at: expect.any(Date) });
    await makeDue();
    expect(await drainJournal(t.deps, journal, 'whatsapp', failing)).toEqual({ processed: 0, failed: 0 });
    expect(t.logs.some((line) => line.level === 'error' && line.message === 'journal record dead')).toBe(true);

    const listed = await request(t.app).get('/api/admin/journal/dead').set(admin());
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      total: 1,
      entries: [
        {
          id: record.id,
          source: 'whatsapp',
          external_id: record.external_id,
          received_at: record.received_at.toISOString(),
          attempts: DEAD_AFTER + 1,
          last_error: 'Invalid body: address: must not contain control characters (found U+202E)',
          dead_at: dead!.dead_at!.toISOString(),
        },
      ],
    });
    const health = await request(t.app).get('/api/health');
    expect(health.body.checks.journal).toEqual({ state: 'degraded', reason: 'journal_failures' });
  });

  it('lets only an admin see and retry them; a retry makes the entry due again', async () => {
    expect((await request(t.app).get('/api/admin/journal/dead').set({ Authorization: `Bearer ${t.tokens.editor}` })).status).toBe(403);
    expect((await request(t.app).get('/api/admin/journal/dead')).status).toBe(401);
    const [entry] = (await request(t.app).get('/api/admin/journal/dead').set(admin())).body.entries as { id: string }[];
    expect((await request(t.app).post(`/api/admin/journal/${entry!.id}/retry`).set({ Authorization: `Bearer ${t.tokens.editor}` }).send({})).status).toBe(403);
    const retried = await request(t.app).post(`/api/admin/journal/${entry!.id}/retry`).set(admin()).send({});
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ id: entry!.id, retried: true });
    expect((await request(t.app).post(`/api/admin/journal/${entry!.id}/retry`).set(admin()).send({})).status).toBe(404);
    expect((await request(t.app).post('/api/admin/journal/not-a-uuid/retry').set(admin()).send({})).status).toBe(400);
    expect(await drainJournal(t.deps, journal, 'whatsapp', async () => undefined)).toEqual({ processed: 1, failed: 0 });
    expect((await request(t.app).get('/api/admin/journal/dead').set(admin())).body).toEqual({ entries: [], total: 0 });
    expect((await request(t.app).get('/api/health')).body.checks.journal).toEqual({ state: 'ok' });
  });
});
