import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { CommsLog } from '../comms/comms.log.js';
import type { JournalRecord } from '../journal/journal.repository.js';
import { processRecord, type JournalProcessor } from '../journal/journal.service.js';
import { MailAccountsService } from './mail.accounts.service.js';
import { classifyMailError, folderFailure, imapClientFor, withinBudget } from './mail.connect.js';
import { ingestEmail, type MailDeps, type MailJournalMeta, type MailRepositories } from './mail.ingest.js';
import { messageKey, normaliseMessageId } from './mail.key.js';
import { appendSentCopy, isSentCopy } from './mail.sent-copy.js';
import { emptyCounts, type MailAccount, type PollCounts } from './mail.schema.js';

/**
 * Reading mailboxes (issue 8, "Polling"). Per account and folder a cursor keeps UIDVALIDITY and
 * the last UID whose message is committed; a run asks only for UIDs above it, reads their
 * Message-ID headers first and downloads a body only for a message not journaled yet. The
 * cursor moves after each message is committed, so a crash anywhere repeats at most that one
 * message, which the journal then finds. A lease keeps two runs off one account, and each run
 * stops at its deadline; the next continues from the cursor.
 */

export interface PollOptions {
  /** Epoch ms after which no further message is started. */
  deadline?: number;
  /** UIDs whose headers are read in one FETCH. */
  batchSize?: number;
  /** Test hook: runs after a body is downloaded, before it is journaled (a throw there is a crash). */
  afterFetch?: (folder: string, uid: number) => Promise<void> | void;
}

export interface PollResult extends PollCounts {
  /** Another run held the account's lease: this one did nothing. */
  skipped: boolean;
  /** The deadline came first: the next run continues. */
  stopped_early: boolean;
  errors: string[];
}

/** A lease outlives the run's own deadline by this much, for its last message and the logout. */
const LEASE_MARGIN_MS = 60_000;
const DEFAULT_RUN_MS = 4 * 60_000;
const DEFAULT_BATCH = 100;
/** A folder's message started before the deadline may finish this long after it; then the connection is dropped. */
const FOLDER_GRACE_MS = 5_000;
/** How many committed messages the cursor may lag behind. */
const CURSOR_EVERY = 25;

/** What a poll reads and writes: the mail repositories and the comms log the wiring built. */
type PollRepos = MailRepositories & { comms: CommsLog };

export async function pollAccount(deps: MailDeps, comms: CommsLog, mailRepos: MailRepositories, account: MailAccount, options: PollOptions = {}): Promise<PollResult> {
  const repos: PollRepos = { ...mailRepos, comms };
  const repo = repos.mailAccounts;
  const deadline = options.deadline ?? Date.now() + DEFAULT_RUN_MS;
  const holder = randomUUID();
  const now = deps.clock.now();
  const result: PollResult = { ...emptyCounts(), skipped: false, stopped_early: false, errors: [] };
  const until = new Date(now.getTime() + Math.max(0, deadline - Date.now()) + LEASE_MARGIN_MS);
  if (!(await repo.acquireLease(account.id, holder, now, until))) return { ...result, skipped: true };
  let client: ImapFlow | undefined;
  try {
    client = await imapClientFor(account.imap);
    const open = client;
    // A dropped connection surfaces as the rejected command; without a listener it would crash the process.
    open.on('error', (err: unknown) => deps.logger.warn('imap connection error', { account_id: account.id, reason: classifyMailError(err).reason }));
    // A server that greets and then stalls is given up on at the run's deadline, not the socket's.
    await withinBudget(deadline - Date.now(), open.connect(), () => open.close());
    for (const folder of account.imap.folders) {
      if (Date.now() > deadline) {
        result.stopped_early = true;
        break;
      }
      try {
        await withinBudget(deadline + FOLDER_GRACE_MS - Date.now(), pollFolder(deps, repos, open, account, folder, deadline, options, result), () => open.close());
      } catch (err) {
        result.errors.push(`${folder}: ${folderFailure(err)}`);
      }
    }
  } catch (err) {
    result.errors.push(`IMAP ${account.imap.host}:${account.imap.port}: ${classifyMailError(err).message}`);
  } finally {
    if (client) await client.logout().catch(() => client?.close());
    const counts: PollCounts = { fetched: result.fetched, stored: result.stored, duplicates: result.duplicates, failed: result.failed };
    await repo.recordPoll(account.id, deps.clock.now(), counts, result.errors.length > 0 ? result.errors.join('; ') : null);
    await repo.releaseLease(account.id, holder);
  }
  if (result.errors.length > 0) deps.logger.warn('mail poll had errors', { account_id: account.id, errors: result.errors });
  return result;
}

async function pollFolder(
  deps: MailDeps,
  repos: PollRepos,
  client: ImapFlow,
  account: MailAccount,
  folder: string,
  deadline: number,
  options: PollOptions,
  result: PollResult,
): Promise<void> {
  const repo = repos.mailAccounts;
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error('the folder did not open');
    const uidvalidity = String(mailbox.uidValidity);
    const cursor = await repo.cursor(account.id, folder);
    // A new UIDVALIDITY renumbers the folder: start over; the journal re-matches by Message-ID.
    const lastUid = cursor && cursor.uidvalidity === uidvalidity ? cursor.last_uid : 0;
    if (!cursor || cursor.uidvalidity !== uidvalidity) await repo.saveCursor(account.id, folder, { uidvalidity, last_uid: 0 }, deps.clock.now());
    // Idle: the server's next UID says nothing arrived; no command beyond SELECT.
    if (mailbox.uidNext <= lastUid + 1) return;
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    // `n:*` always matches the highest UID, even one below n.
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    // The cursor never passes a message not committed. It is written every few messages and
    // when the run ends or fails: a crash repeats at most those few, which the journal then
    // finds by Message-ID without downloading them again.
    let committed = lastUid;
    let saved = lastUid;
    const save = async () => {
      if (committed === saved) return;
      await repo.saveCursor(account.id, folder, { uidvalidity, last_uid: committed }, deps.clock.now());
      saved = committed;
    };
    try {
      const batchSize = options.batchSize ?? DEFAULT_BATCH;
      for (let start = 0; start < uids.length; start += batchSize) {
        const batch = uids.slice(start, start + batchSize);
        const messageIds = new Map<number, string | null>();
        for await (const message of client.fetch(batch.join(','), { uid: true, headers: ['message-id'] }, { uid: true })) {
          messageIds.set(message.uid, messageIdOf(message.headers));
        }
        for (const uid of batch) {
          if (Date.now() > deadline) {
            result.stopped_early = true;
            return;
          }
          // Expunged since the search: nothing to read.
          if (messageIds.has(uid)) await readMessage(deps, repos, client, { account_id: account.id, account_address: account.address, folder, uidvalidity, uid, message_id: messageIds.get(uid) ?? null }, options, result);
          committed = uid;
          if (committed - saved >= CURSOR_EVERY) await save();
        }
      }
    } finally {
      await save();
    }
  } finally {
    lock.release();
  }
}

/** One new UID: a duplicate when the journal knows its Message-ID (no download), else downloaded and committed. */
async function readMessage(deps: MailDeps, repos: PollRepos, client: ImapFlow, meta: MailJournalMeta, options: PollOptions, result: PollResult): Promise<void> {
  const key = normaliseMessageId(meta.message_id);
  const known = key ? await repos.journal.find('email', key) : null;
  if (known) await settleKnown(deps, repos, known, result);
  else await fetchAndCommit(deps, repos, client, meta, options, result);
}

/** A message the journal holds: a duplicate, unless a crashed run left it unprocessed. */
async function settleKnown(deps: MailDeps, repos: PollRepos, record: JournalRecord, result: PollResult): Promise<void> {
  if (record.state === 'pending') {
    await ingestRecord(deps, repos, record, result);
    return;
  }
  result.duplicates++;
}

async function fetchAndCommit(deps: MailDeps, repos: PollRepos, client: ImapFlow, meta: MailJournalMeta, options: PollOptions, result: PollResult): Promise<void> {
  const message = await client.fetchOne(String(meta.uid), { uid: true, source: true }, { uid: true });
  if (!message || !message.source) throw new Error(`UID ${meta.uid} could not be downloaded`);
  result.fetched++;
  await options.afterFetch?.(meta.folder, meta.uid ?? 0);
  const raw = message.source;
  const { record, created } = await repos.journal.record(
    { source: 'email', external_id: messageKey(meta.message_id, raw), raw, meta: { ...meta } },
    deps.clock.now(),
  );
  if (!created && record.state !== 'pending') {
    result.duplicates++;
    return;
  }
  await ingestRecord(deps, repos, record, result);
}

/** Processes one journaled message; a failure is kept on the record (Settings lists it) and never stops the run. */
async function ingestRecord(deps: MailDeps, repos: PollRepos, record: JournalRecord, result: PollResult): Promise<void> {
  let created = false;
  const ok = await processRecord(deps, repos.journal, record, async (r) => {
    created = await ingestEmail(deps, repos.media, r, undefined, repos.comms);
  });
  if (!ok) result.failed++;
  else if (created) result.stored++;
  else result.duplicates++;
}

/** The Message-ID of a fetched header block (`Message-ID: <…>`, possibly folded). */
function messageIdOf(headers: Buffer | undefined): string | null {
  if (!headers) return null;
  const unfolded = headers.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*(.*)$/im.exec(unfolded);
  return match?.[1]?.trim() || null;
}

/** One run over every account, each inside the deadline: the scheduled `pollMail` and the embedded timer. */
export async function pollAllMail(deps: MailDeps, comms: CommsLog, repos: MailRepositories, options: PollOptions = {}, key?: () => Buffer): Promise<Record<string, PollResult>> {
  const accounts = await new MailAccountsService(deps, repos.mailAccounts, key).accounts();
  const results: Record<string, PollResult> = {};
  for (const account of accounts) {
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    results[account.id] = await pollAccount(deps, comms, repos, account, options);
  }
  return results;
}

/** The journal drain's retry of an e-mail that failed to process (or that a crashed run left pending). */
export function emailJournalProcessor(deps: MailDeps, comms: CommsLog, repos: MailRepositories): JournalProcessor {
  return async (record) => {
    if (isSentCopy(record)) await appendSentCopy(deps, repos.mailAccounts, record);
    else await ingestEmail(deps, repos.media, record, undefined, comms);
  };
}
