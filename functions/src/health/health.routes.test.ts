import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsRepository } from '../calls/calls.repository.js';
import { JournalRepository } from '../journal/journal.repository.js';
import { MailAccountsRepository } from '../mail/mail.accounts.repository.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { BRIDGE_STALE_MS, healthProbes, mailStaleAfterMs } from './health.probes.js';
import { healthReportSchema } from './health.schema.js';
import { checkHealth } from './health.service.js';

const now = new Date('2026-03-01T10:00:00Z');

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => now } });
  });
  afterAll(() => t.close());

  describe('happy', () => {
    it('reports every dependency; integrations without configuration are degraded, not down', async () => {
      const res = await request(t.app).get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'degraded',
        checks: {
          journal: { state: 'ok' },
          store: { state: 'ok' },
          libsql: { state: 'ok' },
          nextcloud: { state: 'ok' },
          mail: { state: 'degraded', reason: 'not_configured' },
          whatsapp: { state: 'degraded', reason: 'not_configured' },
          ami_bridge: { state: 'degraded', reason: 'not_configured' },
        },
        time: '2026-03-01T10:00:00.000Z',
      });
      expect(healthReportSchema.parse(res.body)).toEqual(res.body);
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('error', () => {
    it('answers 503 naming the store as down once the store is closed', async () => {
      const broken = await createTestApp();
      try {
        await broken.store.close();
        const res = await request(broken.app).get('/api/health');
        expect(res.status).toBe(503);
        expect(res.body.status).toBe('down');
        expect(res.body.checks.store).toEqual({ state: 'down', reason: 'unreachable' });
        // The route writes its own status, so the app's answer check does not see it: check here.
        expect(healthReportSchema.safeParse(res.body).success).toBe(true);
      } finally {
        await broken.close();
      }
    });
  });

  describe('security', () => {
    it('needs no token and ignores a bad one', async () => {
      const res = await request(t.app).get('/api/health').set('Authorization', 'Bearer not-a-token');
      expect(res.status).toBe(200);
    });

    it('tells nothing but states and fixed reasons: no versions, paths, hosts or errors', async () => {
      const res = await request(t.app).get('/api/health');
      expect(Object.keys(res.body).sort()).toEqual(['checks', 'status', 'time']);
      expect(JSON.stringify(res.body)).not.toMatch(/file:|libsql:|127\.0\.0\.1|Error/i);
    });
  });
});

describe('the integration probes', () => {
  let t: TestApp;
  let clock = now;
  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => clock } });
  });
  afterAll(() => t.close());

  /** The probes as the wiring builds them, over this app's database. */
  const probes = () =>
    healthProbes({ journal: new JournalRepository(t.deps.sql), mailAccounts: new MailAccountsRepository(t.deps.sql), calls: new CallsRepository(t.deps.sql) });
  const report = async () => (await checkHealth(t.deps, probes())).checks;

  it('mail: ok after a recent poll, stale without one, degraded or down by failing accounts, degraded by journal failures', async () => {
    const accounts = new MailAccountsRepository(t.deps.sql);
    const account = (id: string) => ({
      id,
      label: id,
      address: `${id}@bellsystems.gr`,
      imap: { host: 'imap.example', port: 993, security: 'tls', user: id, password_enc: 'x' },
      smtp: { host: 'smtp.example', port: 465, security: 'tls', user: id, password_enc: 'x' },
      sent_folder: 'Sent',
      created_at: now,
      updated_at: now,
      last_poll_at: null,
      last_error: null,
      last_counts: null,
    });
    await accounts.insert(account('office') as never);
    await accounts.insert(account('sales') as never);
    const recordPoll = (id: string, at: Date, error: string | null) =>
      t.deps.sql.execute({ sql: 'UPDATE mail_accounts SET last_poll_at = ?, last_error = ? WHERE id = ?', args: [at.toISOString(), error, id] });

    expect((await report()).mail).toEqual({ state: 'degraded', reason: 'stale' });
    await recordPoll('office', now, null);
    await recordPoll('sales', now, null);
    expect((await report()).mail).toEqual({ state: 'ok' });

    clock = new Date(now.getTime() + mailStaleAfterMs() + 1000);
    expect((await report()).mail).toEqual({ state: 'degraded', reason: 'stale' });
    clock = now;

    await recordPoll('sales', now, 'IMAP login failed');
    expect((await report()).mail).toEqual({ state: 'degraded', reason: 'poll_errors' });
    await recordPoll('office', now, 'IMAP login failed');
    const all = await checkHealth(t.deps, probes());
    expect(all.checks.mail).toEqual({ state: 'down', reason: 'poll_errors' });
    // An integration down degrades the API; it does not make it unavailable.
    expect(all.status).toBe('degraded');
    await recordPoll('office', now, null);
    await recordPoll('sales', now, null);

    const journal = new JournalRepository(t.deps.sql);
    const { record } = await journal.record({ source: 'email', external_id: 'health-1', raw: Buffer.from('x') }, now);
    await journal.markFailed(record.id, 'parse failed', now);
    expect((await report()).mail).toEqual({ state: 'degraded', reason: 'journal_failures' });
    await journal.markProcessed(record.id, now);
    expect((await report()).mail).toEqual({ state: 'ok' });
  });

  it('whatsapp: configured when it is in use with its number, degraded by journal failures', async () => {
    const whatsapp = { appSecret: 's', verifyToken: 'v', accessToken: 't', phoneNumberId: '1234567890', businessAccountId: '', graphUrl: 'http://127.0.0.1:9' };
    const withWhatsApp = async () => (await checkHealth({ ...t.deps, whatsapp }, probes())).checks;
    expect((await report()).whatsapp).toEqual({ state: 'degraded', reason: 'not_configured' });
    expect((await withWhatsApp()).whatsapp).toEqual({ state: 'ok' });
    const journal = new JournalRepository(t.deps.sql);
    const { record } = await journal.record({ source: 'whatsapp', external_id: 'health-wa', raw: Buffer.from('{}') }, now);
    await journal.markFailed(record.id, 'no customer', now);
    expect((await withWhatsApp()).whatsapp).toEqual({ state: 'degraded', reason: 'journal_failures' });
    await journal.markProcessed(record.id, now);
  });

  it('ami_bridge: by its last check-in, its PBX connection and its outbox', async () => {
    const calls = new CallsRepository(t.deps.sql);
    const checkin = (connected: boolean, outbox: number, at: Date) =>
      calls.checkin({ pbx: 'freepbx', connected, last_event_at: null, outbox_depth: outbox }, at);

    await checkin(true, 0, now);
    expect((await report()).ami_bridge).toEqual({ state: 'ok' });
    await checkin(false, 0, now);
    expect((await report()).ami_bridge).toEqual({ state: 'degraded', reason: 'pbx_disconnected' });
    await checkin(true, 500, now);
    expect((await report()).ami_bridge).toEqual({ state: 'degraded', reason: 'backlog' });
    await checkin(true, 0, new Date(now.getTime() - BRIDGE_STALE_MS - 1000));
    expect((await report()).ami_bridge).toEqual({ state: 'down', reason: 'stale' });
  });

  it('a probe that hangs or throws is down, and the others still answer', async () => {
    const result = await checkHealth(t.deps, [
      { name: 'throws', core: false, check: () => Promise.reject(new Error('secret host 10.0.0.1')) },
      { name: 'fine', core: true, check: async () => ({ state: 'ok' }) },
    ]);
    expect(result).toEqual({
      status: 'degraded',
      checks: { throws: { state: 'down', reason: 'unreachable' }, fine: { state: 'ok' } },
      time: now.toISOString(),
    });
  });
});
