import type { ImapFlow } from 'imapflow';
import type { JournalRecord } from '../journal/journal.repository.js';
import type { MailAccountsRepository } from './mail.accounts.repository.js';
import { processRecord } from '../journal/journal.service.js';
import { MailAccountsService } from './mail.accounts.service.js';
import { classifyMailError, imapClientFor, withinBudget } from './mail.connect.js';
import type { MailDeps, MailRepositories } from './mail.ingest.js';

/**
 * The copy of a sent e-mail in the account's Sent folder. The send answers as soon as SMTP
 * accepted the message (waiting for IMAP would invite a retry and a second e-mail); the copy is
 * journaled (source `email`, external id `sent-copy:<key>`) and appended after the answer, and
 * the journal drain retries it until it is there.
 */

const SENT_COPY_PREFIX = 'sent-copy:';
/** One attempt's budget: connect, log in, APPEND. */
const APPEND_BUDGET_MS = 45_000;

export interface SentCopyMeta {
  sent_copy: true;
  account_id: string;
  folder: string;
  message_id: string;
}

export function isSentCopy(record: JournalRecord): boolean {
  return record.meta.sent_copy === true;
}

/** Journals the copy to make and starts its first attempt without waiting for it (a failure is kept on the record). */
export async function queueSentCopy(deps: MailDeps, repos: MailRepositories, meta: Omit<SentCopyMeta, 'sent_copy'>, key: string, raw: Buffer): Promise<void> {
  const { journal } = repos;
  const full: SentCopyMeta = { sent_copy: true, ...meta };
  const { record, created } = await journal.record({ source: 'email', external_id: `${SENT_COPY_PREFIX}${key}`, raw, meta: { ...full } }, deps.clock.now());
  if (!created && record.state === 'processed') return;
  // Not awaited: the answer does not wait for IMAP. Whatever fails stays in the journal for the drain.
  void processRecord(deps, journal, record, (r) => appendSentCopy(deps, repos.mailAccounts, r)).catch((err: unknown) =>
    deps.logger.warn('the Sent copy could not be recorded; the drain retries it', { error: err instanceof Error ? err.message : String(err) }),
  );
}

/** Appends the journaled copy to the account's Sent folder, marked read. */
export async function appendSentCopy(deps: MailDeps, accounts: MailAccountsRepository, record: JournalRecord): Promise<void> {
  const meta = record.meta as unknown as SentCopyMeta;
  if (!record.raw) throw new Error('the sent copy has no bytes');
  const raw = record.raw;
  const account = await new MailAccountsService(deps, accounts).account(meta.account_id);
  let client: ImapFlow | undefined;
  try {
    client = await imapClientFor(account.imap);
    const open = client;
    open.on('error', () => undefined);
    // A copy the server already holds (an attempt cut off after its APPEND) is not appended twice.
    const work = (async () => {
      await open.connect();
      const lock = await open.getMailboxLock(meta.folder, { readOnly: true });
      try {
        const found = await open.search({ header: { 'message-id': meta.message_id } }, { uid: true });
        if (found && found.length > 0) return;
      } finally {
        lock.release();
      }
      await open.append(meta.folder, raw, ['\\Seen']);
    })();
    await withinBudget(APPEND_BUDGET_MS, work, () => open.close());
  } catch (err) {
    throw new Error(`Copy to ${meta.folder} failed: ${classifyMailError(err).message}`, { cause: err });
  } finally {
    if (client) await client.logout().catch(() => client?.close());
  }
}
