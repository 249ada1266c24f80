import MailComposer from 'nodemailer/lib/mail-composer';
import type { AppDeps } from '../app/deps.js';
import { CallsService, callExtId, callJournalProcessor } from '../calls/calls.service.js';
import { CallsRepository } from '../calls/calls.repository.js';
import type { CallRecord } from '../calls/calls.schema.js';
import { CommsLog } from '../comms/comms.log.js';
import type { Clock } from '../http/deps.js';
import { JournalRepository, type JournalInput } from '../journal/journal.repository.js';
import { processRecord, type JournalProcessor } from '../journal/journal.service.js';
import { MailAccountsRepository } from '../mail/mail.accounts.repository.js';
import { messageKey } from '../mail/mail.key.js';
import { emailJournalProcessor } from '../mail/mail.poll.js';
import type { MailJournalMeta } from '../mail/mail.ingest.js';
import { MediaRepository } from '../media/media.repository.js';
import { MediaService } from '../media/media.service.js';
import { addDays, athensDay, athensInstant, isoWeekday } from '../shared/athens-time.js';
import { CUSTOMERS } from '../shared/collections.js';
import type { WhatsAppRepositories } from '../whatsapp/whatsapp.media.js';
import { logWhatsApp, whatsappJournalProcessor } from '../whatsapp/whatsapp.process.js';
import { WhatsAppRepository } from '../whatsapp/whatsapp.repository.js';
import { loadDemoComms, type CallPlan, type DemoComms, type EmailPlan, type WhatsAppPlan } from './demo-comms-plan.js';
import { demoPng } from './demo-image.js';
import { demoAccounts, staffActor } from './demo-staff.js';

/**
 * Puts the demo's e-mails, WhatsApp messages and calls (demo-comms.json) through the channels'
 * own intake, in date order, on a clock set to each item's time: an e-mail is journaled and
 * ingested as the IMAP poller does, a WhatsApp message or status arrives as Meta's webhook
 * delivery, a call as the AMI bridge's record. So matching to customers (or the Unassigned
 * inbox), threads, delivery statuses, follow-ups and the tasks that follow from them are what
 * real use would produce. A message we sent on WhatsApp is logged as the send route logs it
 * once Meta accepted it (the demo cannot reach Meta), its picture filed in the customer's files.
 *
 * Idempotent on the channels' own keys (Message-ID, wamid, PBX + Linkedid): seeding again adds
 * nothing, whenever it runs.
 */

export type DemoCommsDeps = Pick<AppDeps, 'store' | 'sql' | 'clock' | 'logger' | 'files' | 'users'>;

export interface CommsSeedSummary {
  /** Items of each channel taken in by this run (none when seeded before). */
  emails: number;
  whatsapp: number;
  calls: number;
}

/** A sender's mail client or Meta's webhook reaches us this long after the moment sent. */
const DELIVERY_DELAY_MS = 40_000;
const MINUTE = 60_000;
/** The mailbox, WhatsApp Business account and number the demo's messages name (no real account stands behind them). */
const DEMO_MAILBOX_ID = 'demo-mailbox';
const DEMO_WABA_ID = 'demo-waba';
const DEMO_PHONE_ID = 'demo-phone';

interface Arrival {
  at: Date;
  order: number;
  run: () => Promise<boolean>;
  channel: keyof CommsSeedSummary;
}

export async function seedDemoComms(deps: DemoCommsDeps): Promise<CommsSeedSummary> {
  const plan = loadDemoComms();
  const end = deps.clock.now();
  let current = end;
  const clock: Clock = { now: () => new Date(current.getTime()) };
  const at = (item: { day: number; at: string }) => demoMoment(end, item.day, item.at);
  const seeding = { ...deps, clock };
  const comms = new CommsLog(seeding);
  // The seed's own wiring: one of each repository for the whole run, as the app builds them.
  const repos = {
    journal: new JournalRepository(deps.sql),
    mailAccounts: new MailAccountsRepository(deps.sql),
    media: new MediaRepository(deps.sql),
    whatsapp: new WhatsAppRepository(deps.sql),
    calls: new CallsRepository(deps.sql),
  };
  const { journal } = repos;
  await giveExtensions(seeding, comms, repos.calls, plan);

  const arrivals: Arrival[] = [];
  const arrive = (channel: Arrival['channel'], when: Date, run: Arrival['run']) => arrivals.push({ at: when, order: arrivals.length, channel, run });
  const byId = new Map(plan.emails.map((email) => [email.id, email]));
  for (const email of plan.emails) {
    arrive('emails', at(email), async () => journalAndProcess(seeding, journal, await emailDelivery(plan, email, byId, at(email)), emailJournalProcessor(seeding, comms, repos)));
  }
  for (const message of plan.whatsapp) {
    const sent = at(message);
    if (message.direction === 'inbound') {
      arrive('whatsapp', sent, () => journalAndProcess(seeding, journal, whatsappDelivery(plan, message.id, { messages: [inboundMessage(message, sent)], contacts: contactsOf(message) }), whatsappJournalProcessor(seeding, comms, repos)));
    } else {
      arrive('whatsapp', sent, () => logSent(seeding, comms, repos, message));
    }
    for (const [status, after] of message.statuses ?? []) {
      const reported = new Date(sent.getTime() + after * MINUTE);
      const body = { statuses: [{ id: wamidOf(message.id), status, timestamp: unixSeconds(reported), recipient_id: message.number.slice(1) }] };
      arrive('whatsapp', reported, () => journalAndProcess(seeding, journal, whatsappDelivery(plan, `${message.id}:${status}`, body), whatsappJournalProcessor(seeding, comms, repos)));
    }
  }
  for (const call of plan.calls) {
    const record = callRecord(plan, call, at(call));
    const delivery: JournalInput = {
      source: 'call',
      external_id: callExtId(record),
      raw: Buffer.from(JSON.stringify({ call: record })),
      meta: { pbx: record.pbx, linkedid: record.linkedid },
    };
    arrive('calls', new Date(record.ended_at), () => journalAndProcess(seeding, journal, delivery, callJournalProcessor(seeding, comms, repos.calls)));
  }

  // Oldest first: which message answered which, and which call returned a missed one, follow from the order.
  arrivals.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  const summary: CommsSeedSummary = { emails: 0, whatsapp: 0, calls: 0 };
  for (const arrival of arrivals) {
    current = new Date(Math.min(arrival.at.getTime() + DELIVERY_DELAY_MS, end.getTime()));
    if (await arrival.run()) summary[arrival.channel]++;
  }
  return summary;
}

/** `day` (at least 1) working days before `end`'s Athens day, at `time` Athens wall clock. */
export function demoMoment(end: Date, day: number, time: string): Date {
  let date = athensDay(end);
  for (let left = day; left > 0; ) {
    date = addDays(date, -1);
    if (isoWeekday(date) <= 5) left--;
  }
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return athensInstant(date, hours * 60 + minutes);
}

/** Journals a delivery as its channel's entry point does, then processes it; false when it was journaled before. */
async function journalAndProcess(deps: DemoCommsDeps, journal: JournalRepository, input: JournalInput, processor: JournalProcessor): Promise<boolean> {
  const { record, created } = await journal.record(input, deps.clock.now());
  if (!created && record.state === 'processed') return false;
  if (!(await processRecord(deps, journal, record, processor))) {
    throw new Error(`The demo ${input.source} ${input.external_id ?? ''} was not taken in: ${(await journal.get(record.id))?.last_error ?? 'unknown error'}`);
  }
  return created;
}

async function emailDelivery(plan: DemoComms, email: EmailPlan, byId: Map<string, EmailPlan>, sent: Date): Promise<JournalInput> {
  const chain: string[] = [];
  for (let parent = byId.get(email.reply_to ?? ''); parent; parent = byId.get(parent.reply_to ?? '')) chain.unshift(messageIdOf(parent));
  const messageId = messageIdOf(email);
  const raw = await new MailComposer({
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    messageId,
    date: sent,
    ...(chain.length > 0 ? { inReplyTo: chain.at(-1), references: chain } : {}),
    attachments: email.attachment ? [{ filename: email.attachment.filename, content: demoPng(email.attachment.picture), contentType: 'image/png' }] : [],
  })
    .compile()
    .build();
  // What the poller keeps beside the bytes; the office's own address as sender makes it outbound (its Sent folder).
  const outbound = email.from.includes(`<${plan.office.mailbox}>`);
  const meta: MailJournalMeta = {
    account_id: DEMO_MAILBOX_ID,
    account_address: plan.office.mailbox,
    folder: outbound ? 'Sent' : 'INBOX',
    uidvalidity: null,
    uid: null,
    message_id: messageId,
  };
  return { source: 'email', external_id: messageKey(messageId, raw), raw, meta: { ...meta } };
}

/** Stable, so a second seeding finds the message; the sender's domain, as mail clients make them. */
function messageIdOf(email: EmailPlan): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(email.from)?.[1] ?? 'example.com';
  return `<demo.${email.id}@${domain}>`;
}

/** Meta's webhook delivery (object → entry → changes → value) for the office's number. */
function whatsappDelivery(plan: DemoComms, key: string, value: Record<string, unknown>): JournalInput {
  const body = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: DEMO_WABA_ID,
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: plan.office.number.slice(1), phone_number_id: DEMO_PHONE_ID }, ...value },
          },
        ],
      },
    ],
  };
  // Meta's own deliveries are keyed by their bytes; these by the item, since their times move with the seeding moment.
  return { source: 'whatsapp', external_id: `demo:${key}`, raw: Buffer.from(JSON.stringify(body)), meta: { content_type: 'application/json' } };
}

function inboundMessage(message: WhatsAppPlan, sent: Date): Record<string, unknown> {
  return { from: message.number.slice(1), id: wamidOf(message.id), timestamp: unixSeconds(sent), type: 'text', text: { body: message.text } };
}

function contactsOf(message: WhatsAppPlan): Record<string, unknown>[] {
  return message.profile ? [{ wa_id: message.number.slice(1), profile: { name: message.profile } }] : [];
}

/** A message staff sent from the customer's page, logged as the send route logs what Meta accepted. */
async function logSent(deps: DemoCommsDeps, comms: CommsLog, repos: WhatsAppRepositories, message: WhatsAppPlan): Promise<boolean> {
  const wamid = wamidOf(message.id);
  // Before the picture is filed again: a second seeding finds the message by its wamid.
  if (await comms.findByExtId('whatsapp', wamid)) return false;
  const customerId = await customerNamed(deps, message.customer!);
  const actor = await staffActor(deps, message.by!);
  // Without file storage (no Nextcloud) a picture cannot be filed: its caption goes alone.
  const picture = message.image && deps.files ? message.image : null;
  const file = picture
    ? await new MediaService(deps, repos.media).upload(
        'customer',
        customerId,
        { filename: picture.filename, direction: 'sent', tags: ['whatsapp'] },
        { body: demoPng(picture.picture), contentType: 'image/png' },
        { uid: actor.uid, email: null, name: actor.name, role: message.by! },
      )
    : null;
  const { created } = await logWhatsApp(repos.whatsapp, comms, {
    type: 'whatsapp',
    direction: 'outbound',
    customer_id: customerId,
    address: message.number,
    ext_message_id: wamid,
    body: message.text ?? message.image?.caption ?? null,
    attachments: file ? [{ filename: file.filename, nextcloud_path: file.nextcloud_path }] : [],
    occurred_at: deps.clock.now(),
    logged_by: actor.name,
    logged_by_uid: actor.uid,
    delivery_status: 'pending',
    details: file
      ? {
          wa_type: 'image',
          media: { status: 'stored', crm_media_id: file.id, nextcloud_path: file.nextcloud_path, filename: file.filename, mime_type: file.mime_type, size: file.size },
        }
      : { wa_type: 'text' },
  });
  return created;
}

async function customerNamed(deps: DemoCommsDeps, name: string): Promise<string> {
  const found = await deps.store.query({ collection: CUSTOMERS, where: [{ field: 'name', op: '==', value: name }], limit: 2 });
  if (found.length !== 1) throw new Error(`Demo comms name the customer ${name}, who is ${found.length === 0 ? 'not in the demo data' : 'not unique'}`);
  return found[0]!.id;
}

function wamidOf(id: string): string {
  return `wamid.demo.${id}`;
}

function unixSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

/** What the AMI bridge sends for the finished call: the PBX's view of who rang, who talked and for how long. */
function callRecord(plan: DemoComms, call: CallPlan, started: Date): CallRecord {
  const answered = call.disposition === 'answered';
  const ringMs = (answered ? 9 : 24) * 1000;
  const answeredAt = answered ? new Date(started.getTime() + ringMs) : null;
  const ended = new Date(started.getTime() + ringMs + call.talk * 1000);
  const inbound = call.direction === 'inbound';
  return {
    pbx: plan.office.pbx,
    linkedid: `demo.${call.id}`,
    direction: call.direction,
    external_number: call.number,
    // The trunk's form of the number: national digits for Greece.
    external_raw: call.number.startsWith('+30') ? call.number.slice(3) : `00${call.number.slice(1)}`,
    caller_name: call.caller_name,
    did: inbound ? plan.office.number : null,
    queue: null,
    extensions_rang: call.rang,
    answered_by: call.answered_by,
    extensions_answered: answered && call.answered_by ? [call.answered_by] : [],
    started_at: started.toISOString(),
    answered_at: answeredAt?.toISOString() ?? null,
    ended_at: ended.toISOString(),
    talk_seconds: answered ? call.talk : 0,
    disposition: call.disposition,
    hangup_cause: answered ? 16 : call.disposition === 'busy' ? 17 : 19,
    hangup_cause_text: answered ? 'Normal Clearing' : call.disposition === 'busy' ? 'User busy' : 'No answer',
    transfers: [],
    legs: [],
    originate_id: null,
  };
}

/** The demo accounts get the plan's extensions (when they exist and have none), so calls name who answered. */
async function giveExtensions(deps: DemoCommsDeps, comms: CommsLog, repo: CallsRepository, plan: DemoComms): Promise<void> {
  const calls = new CallsService(deps, comms, repo);
  for (const [role, extension] of Object.entries(plan.office.extensions) as [keyof DemoComms['office']['extensions'], string][]) {
    const user = await deps.users.find(demoAccounts[role].email);
    if (!user) continue;
    const account = { uid: user.uid, email: user.email ?? null, name: user.displayName || demoAccounts[role].name, role };
    if ((await calls.extension(account)).extension === null) await calls.setExtension(account, extension);
  }
}
