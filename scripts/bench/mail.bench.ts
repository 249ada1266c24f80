/**
 * Email polling against a real Dovecot: the initial sync of 2,000 Greek messages (messages per
 * second, peak memory, bodies downloaded), then an idle poll (time, bodies fetched: 0) against
 * an idle poll done the way other CRMs do it (chatwoot: SEARCH SINCE a date window, then every
 * Message-ID in the window fetched and looked up). Needs `dovecot-imapd`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { CommsLog } from '../../functions/src/comms/comms.log.js';
import { systemClock, type Logger } from '../../functions/src/http/deps.js';
import { JournalRepository } from '../../functions/src/journal/journal.repository.js';
import { MailAccountsRepository } from '../../functions/src/mail/mail.accounts.repository.js';
import { MediaRepository } from '../../functions/src/media/media.repository.js';
import { MailAccountsService } from '../../functions/src/mail/mail.accounts.service.js';
import { CREDENTIALS_KEY_ENV } from '../../functions/src/mail/mail.crypto.js';
import { normaliseMessageId } from '../../functions/src/mail/mail.key.js';
import { pollAccount } from '../../functions/src/mail/mail.poll.js';
import { startDovecot } from '../../functions/src/mail/test-support/dovecot.js';
import { plainMessage } from '../../functions/src/mail/test-support/greek-mail.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import type { Bench } from './run.js';
import { fmt, line } from './stats.js';

/** MAIL_BENCH_MESSAGES runs a smaller fill while working on the bench itself. */
const MESSAGES = Number(process.env.MAIL_BENCH_MESSAGES ?? 2_000);
const STAFF = 'staff@bellsystems.gr';
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const words = ['καμπάνα', 'κρουστήρας', 'ρολόι', 'προσφορά', 'τιμολόγιο', 'εγκατάσταση', 'συντήρηση', 'βλάβη', 'ενορία', 'παραγγελία'];

function body(i: number): string {
  const out: string[] = [];
  for (let w = 0; w < 150 + (i % 200); w++) out.push(words[(i * 7 + w * 3) % words.length]!);
  return out.join(' ');
}

/** Peak resident memory while `fn` runs, sampled every 20 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

const bench: Bench = {
  name: `mail: initial sync of ${MESSAGES} messages from Dovecot, idle poll by UID vs by date window`,
  async run() {
    process.env[CREDENTIALS_KEY_ENV] ||= randomBytes(32).toString('base64');
    const dovecot = await startDovecot(STAFF);
    const dir = mkdtempSync(join(tmpdir(), 'mail-bench-'));
    const store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
    const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: STAFF, pass: dovecot.password }, logger: false });
    try {
      await migrateSql(store.client);
      const deps = { store, sql: store.client, clock: systemClock, logger: silent };
      await imap.connect();
      const fillStart = performance.now();
      for (let i = 0; i < MESSAGES; i++) {
        const msg = plainMessage({ from: `"Πελάτης ${i % 300}" <customer${i % 300}@example.gr>`, to: STAFF, subject: `Παραγγελία ${i}: ${words[i % words.length]}`, text: body(i) });
        await imap.append('INBOX', msg.raw);
      }
      line('fill (IMAP APPEND)', { messages: MESSAGES, time: fmt(performance.now() - fillStart) });

      const repos = { journal: new JournalRepository(store.client), mailAccounts: new MailAccountsRepository(store.client), media: new MediaRepository(store.client) };
      const comms = new CommsLog(deps);
      const service = new MailAccountsService(deps, repos.mailAccounts);
      const view = await service.create({
        label: 'Bench',
        address: STAFF,
        imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: STAFF, password: dovecot.password, folders: ['INBOX'] },
        smtp: { host: '127.0.0.1', port: 25, security: 'none', user: STAFF, password: 'unused' },
        sent_folder: 'Sent',
      });
      const account = await service.account(view.id);

      const syncStart = performance.now();
      const { value: sync, peakMb } = await withPeakRss(() => pollAccount(deps, comms, repos, account, { deadline: Date.now() + 30 * 60_000 }));
      const syncMs = performance.now() - syncStart;
      line('initial sync (UID cursor, journal first)', {
        stored: sync.stored,
        bodies: sync.fetched,
        time: fmt(syncMs),
        'msg/s': ((sync.stored / syncMs) * 1000).toFixed(0),
        peak_rss: `${peakMb.toFixed(0)} MB`,
      });

      const idleStart = performance.now();
      const idle = await pollAccount(deps, comms, repos, account);
      line('idle poll (UID cursor)', { time: fmt(performance.now() - idleStart), bodies: idle.fetched, headers: 0, stored: idle.stored });

      // The date-window way: every message of the window is listed and looked up on each poll.
      const journal = new JournalRepository(store.client);
      const windowStart = performance.now();
      const lock = await imap.getMailboxLock('INBOX', { readOnly: true });
      let headers = 0;
      let unknown = 0;
      try {
        const since = new Date(Date.now() - 7 * 86_400_000);
        const uids = (await imap.search({ since }, { uid: true })) || [];
        const ids: (string | null)[] = [];
        for await (const message of imap.fetch(uids.join(','), { uid: true, envelope: true }, { uid: true })) {
          headers++;
          ids.push(normaliseMessageId(message.envelope?.messageId));
        }
        for (const id of ids) if (!id || !(await journal.find('email', id))) unknown++;
      } finally {
        lock.release();
      }
      line('idle poll (SEARCH SINCE 7 days)', { time: fmt(performance.now() - windowStart), bodies: unknown, headers });
    } finally {
      await imap.logout().catch(() => undefined);
      store.close();
      await dovecot.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
