import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AuthUser } from '../auth/auth.types.js';
import { CommsLog } from '../comms/comms.log.js';
import type { Attachment, CommsEntry } from '../comms/comms.schema.js';
import { CUSTOMERS } from '../shared/collections.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { MediaRecord } from '../media/media.schema.js';
import { actorOf } from '../shared/actor.js';
import type { Transporter } from 'nodemailer';
import { MailAccountsService } from './mail.accounts.service.js';
import { classifyMailError, smtpTransportFor, withinBudget } from './mail.connect.js';
import { queueSentCopy } from './mail.sent-copy.js';
import { ingestEmail, type MailDeps, type MailJournalMeta, type MailRepositories } from './mail.ingest.js';
import { messageKey, stripReplyPrefixes } from './mail.key.js';
import type { MailAccount, SendEmail } from './mail.schema.js';

/**
 * Sending from a customer's page (issue 8, "Sending"): SMTP first (a refusal is a clear error
 * and nothing is logged), then the raw message is journaled and logged once as an outbound
 * entry, and the answer goes; the copy in the account's Sent folder follows (mail.sent-copy.ts).
 * The poller later finds its Message-ID in the journal and downloads nothing.
 */
/** SMTP's whole conversation for one message, inside the API function's 60 s with room for the rest. */
const SEND_BUDGET_MS = 40_000;

export async function sendEmail(
  deps: MailDeps,
  repos: MailRepositories,
  customerId: string,
  body: SendEmail,
  user: AuthUser,
  comms: CommsLog = new CommsLog(deps),
): Promise<CommsEntry> {
  if (!(await deps.store.get(`${CUSTOMERS}/${customerId}`))) throw notFound(`Customer ${customerId}`);
  const account = await accountFor(deps, repos, body.account_id);
  const parent = body.in_reply_to ? await comms.get(body.in_reply_to) : null;
  if (body.in_reply_to && (!parent || parent.type !== 'email' || !parent.ext_message_id)) {
    throw unprocessable('in_reply_to is not an email in the log', [{ path: 'in_reply_to', message: 'no such email' }]);
  }
  const chosen = await chosenFiles(repos.media, customerId, body.attachments ?? []);
  const forwarded = body.forward_of ? await forwardedFiles(repos.media, comms, customerId, body.forward_of) : [];
  const files = await readFiles(deps, [...chosen, ...forwarded.filter((f) => !chosen.some((c) => c.id === f.id))]);
  const messageId = `<${randomUUID()}@${account.address.split('@')[1] ?? 'localhost'}>`;
  const references = parent ? referencesOf(parent) : [];
  const raw = await new MailComposer({
    from: { name: account.label, address: account.address },
    to: body.to,
    ...(body.cc ? { cc: body.cc } : {}),
    ...(body.bcc ? { bcc: body.bcc } : {}),
    subject: body.subject ?? `Re: ${stripReplyPrefixes(parent?.subject ?? '')}`,
    ...(body.text !== undefined ? { text: body.text } : {}),
    ...(body.html !== undefined ? { html: body.html } : {}),
    messageId,
    date: deps.clock.now(),
    ...(parent ? { inReplyTo: `<${parent.ext_message_id}>`, references: references.map((r) => `<${r}>`) } : {}),
    attachments: files.map((file) => ({ filename: file.filename, content: file.content, contentType: file.contentType })),
  })
    .compile()
    .build();

  let transport: Transporter | undefined;
  try {
    transport = await smtpTransportFor(account.smtp);
    const open = transport;
    const envelope = { from: account.address, to: [...body.to, ...(body.cc ?? []), ...(body.bcc ?? [])] };
    await withinBudget(SEND_BUDGET_MS, open.sendMail({ envelope, raw }), () => open.close());
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    // The server's own words may echo our AUTH line: the answer gives its code and our reason only.
    if (code !== undefined && code >= 500 && code < 600) throw unprocessable(`The SMTP server did not accept the email (code ${code})`);
    const failure = classifyMailError(err);
    throw new ApiError('unavailable', `The SMTP server did not accept the email: ${failure.message}`, [{ path: 'account_id', message: failure.reason }]);
  } finally {
    transport?.close();
  }

  const key = messageKey(messageId, raw);
  const meta: MailJournalMeta = {
    account_id: account.id,
    account_address: account.address,
    folder: account.sent_folder,
    uidvalidity: null,
    uid: null,
    message_id: messageId,
  };
  const { journal } = repos;
  const { record } = await journal.record({ source: 'email', external_id: key, raw, meta: { ...meta } }, deps.clock.now());
  const actor = actorOf(user);
  await ingestEmail(
    deps,
    repos.media,
    record,
    {
      customer_id: customerId,
      logged_by: actor.name,
      logged_by_uid: actor.uid,
      attachments: files.map(({ filename, nextcloud_path }) => ({ filename, nextcloud_path })),
    },
    comms,
  );
  await journal.markProcessed(record.id, deps.clock.now());
  const entry = await comms.findByExtId('email', key);
  if (!entry) throw new Error(`the sent email ${key} was not logged`);
  // After the answer: the copy is journaled first, so a failed or cut-off attempt is retried by the drain.
  // (On Cloud Functions an attempt cut short after the answer is left pending, and the drain takes it up.)
  await queueSentCopy(deps, repos, { account_id: account.id, folder: account.sent_folder, message_id: messageId }, key, raw);
  return entry;
}

async function accountFor(deps: MailDeps, repos: MailRepositories, id: string): Promise<MailAccount> {
  try {
    return await new MailAccountsService(deps, repos.mailAccounts).account(id);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') {
      throw unprocessable(`Mail account ${id} does not exist`, [{ path: 'account_id', message: 'no such mail account' }]);
    }
    throw err;
  }
}

function referencesOf(parent: CommsEntry): string[] {
  const earlier = Array.isArray(parent.details.references) ? parent.details.references.filter((r): r is string => typeof r === 'string') : [];
  return [...earlier.filter((r) => r !== parent.ext_message_id), parent.ext_message_id!].slice(-20);
}

/**
 * The files of the e-mail forwarded, as files of this customer (its attachments are filed under
 * the customer, so they are read from there). A clear 422 when it is not an e-mail of this
 * customer, its files are not filed yet, or one of them was removed since.
 */
async function forwardedFiles(media: MediaRepository, comms: CommsLog, customerId: string, id: string): Promise<MediaRecord[]> {
  const original = await comms.get(id);
  if (!original || original.type !== 'email' || original.customer_id !== customerId) {
    throw unprocessable('forward_of is not an email of this customer', [{ path: 'forward_of', message: 'no such email of this customer' }]);
  }
  if (original.details.attachments_pending === true) {
    throw unprocessable('The files of the forwarded email are not on Nextcloud yet; try again in a few minutes', [
      { path: 'forward_of', message: 'its files are not filed yet' },
    ]);
  }
  const out: MediaRecord[] = [];
  for (const attachment of original.attachments) {
    const record = await media.byPath(attachment.nextcloud_path);
    if (!record || record.customer_id !== customerId) {
      throw unprocessable(`${attachment.filename}, a file of the forwarded email, is no longer among the customer's files`, [
        { path: 'forward_of', message: `${attachment.filename} is gone` },
      ]);
    }
    out.push(record);
  }
  return out;
}

interface FileToSend extends Attachment {
  content: Buffer;
  contentType: string;
}

/** The files picked by id, each a file of this customer (else a 422 naming it). */
async function chosenFiles(media: MediaRepository, customerId: string, wanted: { media_id: string }[]): Promise<MediaRecord[]> {
  const out: MediaRecord[] = [];
  for (const [index, { media_id }] of wanted.entries()) {
    const record = await media.get(media_id);
    if (!record || record.customer_id !== customerId) {
      throw unprocessable(`File ${media_id} is not a file of this customer`, [{ path: `attachments.${index}.media_id`, message: 'no such file of this customer' }]);
    }
    out.push(record);
  }
  return out;
}

/** The files to attach, read whole (they go out twice: SMTP and the Sent copy). */
async function readFiles(deps: MailDeps, records: MediaRecord[]): Promise<FileToSend[]> {
  if (records.length === 0) return [];
  if (!deps.files) throw new ApiError('unavailable', 'File storage (Nextcloud) is not configured: attachments cannot be read');
  const out: FileToSend[] = [];
  for (const record of records) {
    const download = await deps.files.download(record.nextcloud_path);
    const chunks: Buffer[] = [];
    for await (const chunk of download.stream) chunks.push(Buffer.from(chunk as Buffer));
    out.push({
      filename: record.filename,
      nextcloud_path: record.nextcloud_path,
      content: Buffer.concat(chunks),
      contentType: record.mime_type ?? 'application/octet-stream',
    });
  }
  return out;
}

