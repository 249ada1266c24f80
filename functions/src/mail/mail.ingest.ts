import type { AuthUser } from '../auth/auth.types.js';
import { parseAddress } from '../comms/comms.address.js';
import { inboundSafe, inboundTime } from '../shared/inbound.js';
import type { CommsLog, ThreadLink } from '../comms/comms.log.js';
import { MAX_BODY, MAX_SUBJECT, type Attachment, type CommsDirection, type CommsEntry } from '../comms/comms.schema.js';
import type { AppDeps } from '../app/deps.js';
import type { JournalRecord, JournalRepository } from '../journal/journal.repository.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { MailAccountsRepository } from './mail.accounts.repository.js';
import { MediaService } from '../media/media.service.js';
import { hasReplyPrefix, subjectKey } from './mail.key.js';
import { formatAddress, parseEmail, type MailAddress, type MailPart, type ParsedEmail } from './mail.parse.js';

export type MailDeps = Pick<AppDeps, 'sql' | 'store' | 'clock' | 'logger' | 'files'>;

/** The repositories mail reads and writes through, built once by the wiring and handed down. */
export interface MailRepositories {
  journal: JournalRepository;
  mailAccounts: MailAccountsRepository;
  media: MediaRepository;
}

/** What the poller (or the sender) keeps with a journaled message besides its bytes. */
export interface MailJournalMeta {
  account_id: string;
  /** The account's own address: a message from it is outbound. */
  account_address: string;
  folder: string;
  uidvalidity: string | null;
  uid: number | null;
  message_id: string | null;
}

/** What the sender knows of a message it logs itself (the poller later finds it and adds nothing). */
export interface SentContext {
  customer_id: string;
  logged_by: string;
  logged_by_uid: string;
  /** The customer's files it carried: already filed, not uploaded again. */
  attachments: Attachment[];
}

/** Files of emails are filed by the mail integration, not by a signed-in user. */
const MAIL_ACTOR: AuthUser = { uid: 'mail', email: null, name: 'Email', role: null };
/** Sanitised HTML beyond this is cut (the text body stays complete up to MAX_BODY). */
const MAX_HTML = 300_000;
/** A thread never spans more references than this, against crafted headers. */
const MAX_REFERENCES = 50;

/**
 * Turns one journaled e-mail into its comms entry: idempotent on the message key, so the same
 * message from another folder or mailbox, a resync or a retry adds nothing. True when it added
 * the entry.
 */
export async function ingestEmail(deps: MailDeps, media: MediaRepository, record: JournalRecord, sent: SentContext | undefined, comms: CommsLog): Promise<boolean> {
  if (!record.raw) throw new Error('the journal record holds no raw message');
  const meta = record.meta as unknown as MailJournalMeta;
  const parsed = await parseEmail(record.raw);
  const direction: CommsDirection = parsed.from?.address === meta.account_address.toLowerCase() ? 'outbound' : 'inbound';
  const other = otherParty(parsed, direction);
  // A sender's impossible Date header is flagged and the receipt time used; whatever the message
  // says is stored, its control and bidi characters made visible (the journal keeps the bytes).
  const time = inboundTime(parsed.date, record.received_at);
  const { entry, created } = await comms.log(
    inboundSafe({
      type: 'email' as const,
      direction,
      ext_message_id: parsed.key,
      address: other ? formatAddress(other).slice(0, 320) : null,
      subject: parsed.subject.slice(0, MAX_SUBJECT) || null,
      body: bodyOf(parsed).slice(0, MAX_BODY) || null,
      occurred_at: time.at,
      details: {
        ...detailsOf(parsed, meta, record.id),
        ...(time.flag && parsed.date ? { time_flag: time.flag, sent_at_raw: parsed.date.toISOString() } : {}),
        ...(sent ? { attachments_pending: false } : {}),
      },
      ...(sent
        ? { customer_id: sent.customer_id, logged_by: sent.logged_by, logged_by_uid: sent.logged_by_uid, attachments: sent.attachments }
        : {}),
    }),
    threadLink(parsed, other),
  );
  // Logged before (another folder or mailbox, a resync, a retry): only parts a retry left unfiled.
  if (!created && entry.details.attachments_pending === true) await fileAttachments(deps, media, comms, entry, parsed);
  if (created && !sent && parsed.parts.length > 0) await fileAttachments(deps, media, comms, entry, parsed);
  return created;
}

function otherParty(parsed: ParsedEmail, direction: CommsDirection): MailAddress | null {
  if (direction === 'inbound') return parsed.from;
  return parsed.to[0] ?? parsed.cc[0] ?? null;
}

function bodyOf(parsed: ParsedEmail): string {
  if (parsed.text !== '' || parsed.forwarded.length === 0) return parsed.text;
  return parsed.forwarded.map((f) => `${f.subject}\n${f.text}`).join('\n\n');
}

/**
 * The conversation: the thread of the oldest referenced message already logged; else the
 * oldest reference (its parent will join when it comes); else, for a reply that lost its
 * headers, the latest thread with the same party and subject; else its own key. A bounce or an
 * automatic reply joins a conversation but never opens one. Threads its references opened
 * before it arrived move to it.
 */
function threadLink(parsed: ParsedEmail, other: MailAddress | null): ThreadLink {
  const references = parsed.references.slice(-MAX_REFERENCES);
  const gathers = [parsed.key, ...parsed.references].slice(-MAX_REFERENCES - 1);
  if (parsed.auto) return { answers: references, opens: null, gathers };
  if (references[0]) return { answers: references, opens: references[0], gathers };
  const address = other ? parseAddress(other.address)?.key : undefined;
  const resumes = address && hasReplyPrefix(parsed.subject) ? { address, key: 'subject_key', value: subjectKey(parsed.subject) } : undefined;
  return { answers: references, opens: parsed.key, ...(resumes ? { resumes } : {}), gathers };
}

function detailsOf(parsed: ParsedEmail, meta: MailJournalMeta, journalId: string): Record<string, unknown> {
  const html = parsed.html && parsed.html.length > MAX_HTML ? parsed.html.slice(0, MAX_HTML) : parsed.html;
  return {
    from: parsed.from ? formatAddress(parsed.from) : null,
    to: parsed.to.map(formatAddress),
    cc: parsed.cc.map(formatAddress),
    message_id: parsed.message_id,
    in_reply_to: parsed.in_reply_to,
    references: parsed.references.slice(-MAX_REFERENCES),
    subject_key: subjectKey(parsed.subject),
    html,
    html_truncated: parsed.html !== null && parsed.html.length > MAX_HTML,
    auto: parsed.auto,
    parts: parsed.parts.map(partSummary),
    forwarded: parsed.forwarded.map((f) => ({ ...f, text: f.text.slice(0, 5_000) })),
    account_id: meta.account_id,
    folder: meta.folder,
    journal_id: journalId,
    // Until the parts are on Nextcloud: a retry of a message stopped half way files them.
    attachments_pending: parsed.parts.length > 0,
  };
}

function partSummary(part: MailPart): Record<string, unknown> {
  return { filename: part.filename, content_type: part.content_type, size: part.size, cid: part.cid, inline: part.inline };
}

/**
 * Streams the message's parts into the customer's Nextcloud folder, recorded in crm_media,
 * and lists them on the entry; inline images get a cid → file id map for the HTML. A message
 * not matched to a customer keeps its parts in the journal's raw source (listed in details).
 */
async function fileAttachments(deps: MailDeps, repo: MediaRepository, comms: CommsLog, entry: CommsEntry, parsed: ParsedEmail): Promise<void> {
  if (entry.customer_id === '' || !deps.files) return;
  const media = new MediaService(deps, repo);
  const attachments: Attachment[] = [];
  const inline: Record<string, string> = {};
  for (const part of parsed.parts) {
    const stored = await media.upload(
      'customer',
      entry.customer_id,
      { filename: safeFileName(part.filename), direction: entry.direction === 'outbound' ? 'sent' : 'received', tags: ['email'] },
      { body: part.content, contentType: part.content_type, contentLength: part.content.length },
      MAIL_ACTOR,
    );
    attachments.push({ filename: stored.filename, nextcloud_path: stored.nextcloud_path });
    if (part.cid) inline[part.cid] = stored.id;
  }
  await comms.attachFiles(entry.id, attachments, { attachments_pending: null, inline });
}

/**
 * Files the parts of e-mails that waited in the Inbox and were assigned since (of one customer,
 * or of all for the sweep), from the raw source the journal kept. Each e-mail on its own: one
 * that fails stays pending for the next sweep. How many were filed.
 */
export async function fileAssignedEmails(
  deps: MailDeps,
  repos: Pick<MailRepositories, 'journal' | 'media'>,
  customerId: string | undefined,
  limit: number,
  comms: CommsLog,
): Promise<number> {
  if (!deps.files) return 0;
  const { journal } = repos;
  let filed = 0;
  for (const entry of await comms.assignedEmailsAwaitingFiles(customerId, limit)) {
    try {
      const record = await journal.get(String(entry.details.journal_id ?? ''));
      if (!record?.raw) throw new Error('its journal record holds no raw message');
      await fileAttachments(deps, repos.media, comms, entry, await parseEmail(record.raw));
      filed++;
    } catch (err) {
      deps.logger.warn('email attachments not filed', { entry_id: entry.id, error: (err as Error).message });
    }
  }
  return filed;
}

/** A name Nextcloud accepts: no path separators or control characters. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').replace(/^\.+/, '_').trim().slice(0, 200);
  return cleaned === '' ? 'attachment' : cleaned;
}
