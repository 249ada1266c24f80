import type { CommsLog, LoggedMessage } from '../comms/comms.log.js';
import { parseAddress } from '../comms/comms.address.js';
import { deliveryRank } from '../comms/comms.delivery.js';
import { MAX_BODY, type CommsEntry, type DeliveryError, type DeliveryStatus, type LogMessageInput } from '../comms/comms.schema.js';
import type { AppDeps } from '../app/deps.js';
import type { JournalProcessor } from '../journal/journal.service.js';
import { inboundSafe, inboundTime, visibleText } from '../shared/inbound.js';
import { ensureMedia, mediaTypes, type MediaType, type WhatsAppRepositories } from './whatsapp.media.js';
import {
  deliveryErrorOf,
  deliverySchema,
  messageSchema,
  metaTime,
  parseChangeValue,
  statusSchema,
  type MediaObject,
  type WhatsAppMessage,
  type WhatsAppStatus,
} from './whatsapp.payload.js';
import type { PendingItem, WhatsAppRepository } from './whatsapp.repository.js';

/**
 * Turns one journaled webhook delivery into comms entries: every entry, change, message and
 * status in it. Idempotent on the wamid, so a delivery processed twice (Meta's retry, the
 * journal's retry, a duplicate) changes nothing the second time. What cannot be done now (a
 * media download that failed) is retried by failing the journal record after everything else
 * in the delivery was done.
 */

export type WhatsAppDeps = Pick<AppDeps, 'sql' | 'store' | 'clock' | 'logger' | 'files' | 'whatsapp'>;

const statusNames: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'played',
  failed: 'failed',
};

export interface DeliverySummary {
  messages: number;
  statuses: number;
  /** Objects in the delivery that could not be read (kept in the journal). */
  skipped: number;
}

/** The journal's processor for source 'whatsapp'; `comms` and `repos`: what the wiring built. */
export function whatsappJournalProcessor(deps: WhatsAppDeps, comms: CommsLog, repos: WhatsAppRepositories): JournalProcessor {
  return async (record) => {
    if (!record.raw) throw new Error('The journal record has no bytes to process');
    await processDelivery(deps, comms, repos, record.raw, record.attempts);
  };
}

export async function processDelivery(deps: WhatsAppDeps, comms: CommsLog, repos: WhatsAppRepositories, raw: Buffer, attempts = 0): Promise<DeliverySummary> {
  const summary: DeliverySummary = { messages: 0, statuses: 0, skipped: 0 };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    deps.logger.warn('whatsapp delivery is not JSON; kept in the journal only');
    summary.skipped++;
    return summary;
  }
  const delivery = deliverySchema.safeParse(json);
  if (!delivery.success || delivery.data.object !== 'whatsapp_business_account') {
    deps.logger.warn('whatsapp delivery of an unknown shape; kept in the journal only');
    summary.skipped++;
    return summary;
  }
  const failures: string[] = [];
  for (const entry of delivery.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') {
        deps.logger.info('whatsapp change of another field; kept in the journal only', { field: change.field });
        continue;
      }
      const value = parseChangeValue(change.value);
      if (!value) {
        summary.skipped++;
        continue;
      }
      const names = new Map<string, string>();
      for (const contact of value.contacts ?? []) {
        if (contact.wa_id && contact.profile?.name) names.set(contact.wa_id, contact.profile.name);
      }
      for (const item of value.messages ?? []) {
        const message = messageSchema.safeParse(item);
        if (!message.success) {
          summary.skipped++;
          deps.logger.warn('whatsapp message not understood; kept in the journal', { error: message.error.message.slice(0, 500) });
          continue;
        }
        try {
          await handleMessage(deps, comms, repos, message.data, names.get(message.data.from) ?? null, attempts);
          summary.messages++;
        } catch (err) {
          failures.push(`message ${message.data.id}: ${(err as Error).message}`);
        }
      }
      for (const item of value.statuses ?? []) {
        const status = statusSchema.safeParse(item);
        if (!status.success) {
          summary.skipped++;
          continue;
        }
        try {
          await handleStatus(deps, comms, repos.whatsapp, status.data);
          summary.statuses++;
        } catch (err) {
          failures.push(`status ${status.data.id}: ${(err as Error).message}`);
        }
      }
      for (const error of value.errors ?? []) {
        deps.logger.warn('whatsapp reported an error', { code: error.code, title: error.title });
      }
    }
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
  return summary;
}

async function handleMessage(deps: WhatsAppDeps, comms: CommsLog, repos: WhatsAppRepositories, message: WhatsAppMessage, profileName: string | null, attempts: number): Promise<void> {
  const now = deps.clock.now();
  // A sender's impossible clock (timestamp 99999999999) is flagged and the receipt time used.
  const time = inboundTime(new Date(Number(message.timestamp) * 1000), now);
  const at = time.at;
  if (message.type === 'reaction' && message.reaction) {
    await applyReaction(deps, comms, repos.whatsapp, message.reaction.message_id, message.from, message.reaction.emoji ?? '', at);
    return;
  }
  const content = describe(message);
  const sender = senderOf(message.from, profileName);
  const details: Record<string, unknown> = {
    wa_type: message.type,
    ...(profileName ? { profile_name: profileName } : {}),
    ...(sender.invalid ? { address_invalid: true, sender_raw: message.from } : {}),
    ...(time.flag ? { time_flag: time.flag, sent_at_raw: String(message.timestamp) } : {}),
    ...content.details,
    ...(message.context ? { context: message.context } : {}),
    ...(message.referral ? { referral: message.referral } : {}),
    ...(message.errors && message.type !== 'unsupported' ? { errors: message.errors } : {}),
  };
  // Whatever the customer sent is stored, its control and bidi characters made visible.
  const { entry } = await logWhatsApp(
    repos.whatsapp,
    comms,
    inboundSafe({
      type: 'whatsapp',
      direction: 'inbound',
      ext_message_id: message.id,
      address: sender.address,
      body: content.body === null ? null : content.body.slice(0, MAX_BODY),
      occurred_at: at,
      details,
    }),
  );
  if (content.media) await ensureMedia(deps, comms, repos, entry, message.id, content.media.type, content.media.object, attempts);
}

/**
 * Logs a WhatsApp message (inbound, or one we sent) with what waited for it: statuses and
 * reactions that arrived before it are part of the entry as logged. What arrives while it is
 * being logged, or waits for a message logged before (a replay), is applied after.
 */
export async function logWhatsApp(repo: WhatsAppRepository, comms: CommsLog, input: LogMessageInput & { ext_message_id: string }): Promise<LoggedMessage> {
  const waiting = await repo.pendingFor(input.ext_message_id);
  const { entry, created } = await comms.log(waiting.length === 0 ? input : withPending(input, waiting));
  if (created) for (const item of waiting) await repo.removePending(item);
  const applied = await applyPending(repo, comms, entry);
  return { entry: applied ? ((await comms.get(entry.id)) ?? entry) : entry, created };
}

/** The furthest status and each number's latest reaction among what waited, on the message to log. */
function withPending(input: LogMessageInput, waiting: PendingItem[]): LogMessageInput {
  let status = input.delivery_status ?? null;
  let error = input.delivery_error ?? null;
  const reactions: Record<string, { emoji: string; at: string }> = {};
  // Oldest first (pendingFor), so a number's later reaction replaces its earlier one.
  for (const item of waiting) {
    if (item.kind === 'status') {
      const next = item.payload.status as DeliveryStatus;
      if (status === null || deliveryRank[next] > deliveryRank[status]) {
        status = next;
        error = (item.payload.error ?? null) as DeliveryError | null;
      }
      continue;
    }
    const emoji = String(item.payload.emoji ?? '');
    if (emoji === '') delete reactions[item.key];
    else reactions[item.key] = { emoji, at: item.occurred_at.toISOString() };
  }
  return {
    ...input,
    delivery_status: status,
    delivery_error: error,
    details: { ...input.details, ...(Object.keys(reactions).length > 0 ? { reactions } : {}) },
  };
}

/**
 * The sender as the entry's address. WhatsApp's `from` is a number; anything else is kept as
 * the raw text, marked invalid, and never read as a phone number (null when it would be).
 */
function senderOf(from: string, profileName: string | null): { address: string | null; invalid: boolean } {
  if (/^\+?\d{6,15}$/.test(from)) return { address: addressOf(from, profileName), invalid: false };
  const raw = [...visibleText(from)].slice(0, 300).join('');
  return { address: parseAddress(raw) === null ? raw : null, invalid: true };
}

/** `Name <+30…>`: the number is the matching key, the profile name stays in address_raw. */
function addressOf(from: string, profileName: string | null): string {
  const number = `+${from.replace(/^\+/, '')}`;
  // Short enough for the address column (320), whatever name the sender chose.
  const name = [...(profileName?.replace(/[<>"\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '').trim() ?? '')].slice(0, 100).join('').trim();
  return name === '' ? number : `${name} <${number}>`;
}

interface Content {
  body: string | null;
  details: Record<string, unknown>;
  media?: { type: MediaType; object: MediaObject };
}

/** What a message says in one line of text (searchable), and what only WhatsApp has (details). */
function describe(message: WhatsAppMessage): Content {
  const type = message.type;
  if ((mediaTypes as readonly string[]).includes(type)) {
    const object = message[type as MediaType];
    if (object) {
      return {
        body: object.caption ?? (type === 'document' ? (object.filename ?? null) : null),
        details: { media: { ...object, status: 'pending' } },
        media: { type: type as MediaType, object },
      };
    }
  }
  switch (type) {
    case 'text':
      return { body: message.text?.body ?? null, details: {} };
    case 'location': {
      const l = message.location;
      if (!l) break;
      const place = [l.name, l.address].filter(Boolean).join(', ');
      return { body: `📍 ${place ? `${place} ` : ''}(${l.latitude}, ${l.longitude})`, details: { location: l } };
    }
    case 'contacts': {
      const cards = message.contacts ?? [];
      const lines = cards.map((card) =>
        [card.name?.formatted_name, ...(card.phones ?? []).map((p) => p.phone ?? p.wa_id)].filter(Boolean).join(' '),
      );
      return { body: lines.join('\n') || null, details: { contacts: cards } };
    }
    case 'interactive': {
      const i = message.interactive;
      const reply = i?.button_reply ?? i?.list_reply;
      const description = i?.list_reply?.description;
      return { body: reply ? `${reply.title}${description ? ` — ${description}` : ''}` : null, details: { interactive: i } };
    }
    case 'button':
      return { body: message.button?.text ?? null, details: { button: message.button } };
    case 'order': {
      const o = message.order;
      const items = (o?.product_items ?? []).map(
        (p) => `${p.quantity} × ${p.product_retailer_id}${p.item_price !== undefined ? ` (${p.item_price}${p.currency ? ` ${p.currency}` : ''})` : ''}`,
      );
      return { body: [o?.text, ...items].filter(Boolean).join('\n') || null, details: { order: o } };
    }
    case 'system':
      return { body: message.system?.body ?? null, details: { system: message.system } };
    default:
      break;
  }
  // Unsupported (Meta's own "unsupported"/"unknown") or a type newer than this code: kept as it came.
  const error = message.errors?.[0];
  const extra = (message as Record<string, unknown>)[type];
  return {
    body: error?.title ?? error?.message ?? null,
    details: { unsupported: { type, ...(message.errors ? { errors: message.errors } : {}), ...(extra !== undefined ? { content: extra } : {}) } },
  };
}

async function handleStatus(deps: WhatsAppDeps, comms: CommsLog, repo: WhatsAppRepository, status: WhatsAppStatus): Promise<void> {
  const name = statusNames[status.status];
  if (!name) {
    deps.logger.info('whatsapp status not tracked', { status: status.status });
    return;
  }
  const at = metaTime(status.timestamp, deps.clock.now());
  const error = name === 'failed' ? deliveryErrorOf(status.errors?.[0]) : null;
  const result = await comms.recordDeliveryStatus('whatsapp', status.id, name, error);
  if (result.found) return;
  // The message is not logged yet (a send whose log write is still on its way): kept, and
  // looked for again after keeping it, so a log write in between cannot miss it.
  await repo.addPending({ wamid: status.id, kind: 'status', key: name, payload: { status: name, error }, occurred_at: at }, deps.clock.now());
  const entry = await comms.findByExtId('whatsapp', status.id);
  if (entry) await applyPending(repo, comms, entry);
}

async function applyReaction(deps: WhatsAppDeps, comms: CommsLog, repo: WhatsAppRepository, target: string, from: string, emoji: string, at: Date): Promise<void> {
  const entry = await comms.findByExtId('whatsapp', target);
  if (entry) {
    await setReaction(comms, entry, from, emoji, at);
    return;
  }
  await repo.addPending({ wamid: target, kind: 'reaction', key: from, payload: { emoji }, occurred_at: at }, deps.clock.now());
  const logged = await comms.findByExtId('whatsapp', target);
  if (logged) await applyPending(repo, comms, logged);
}

/** One reaction per reacting number, on the message reacted to; an empty emoji removes it. An older reaction never replaces a newer one. */
async function setReaction(comms: CommsLog, entry: CommsEntry, from: string, emoji: string, at: Date): Promise<void> {
  const reactions = (entry.details.reactions ?? {}) as Record<string, { at?: string } | null>;
  const current = reactions[from]?.at;
  if (current && current > at.toISOString()) return;
  await comms.mergeDetails(entry.id, { reactions: { [from]: emoji === '' ? null : { emoji, at: at.toISOString() } } });
}

/** Applies what still waits for a logged message (statuses, reactions). Whether there was any. */
async function applyPending(repo: WhatsAppRepository, comms: CommsLog, entry: CommsEntry): Promise<boolean> {
  if (!entry.ext_message_id) return false;
  const items = await repo.pendingFor(entry.ext_message_id);
  for (const item of items) {
    await applyItem(comms, entry, item);
    await repo.removePending(item);
  }
  return items.length > 0;
}

async function applyItem(comms: CommsLog, entry: CommsEntry, item: PendingItem): Promise<void> {
  if (item.kind === 'status') {
    const status = item.payload.status as DeliveryStatus;
    const error = (item.payload.error ?? null) as DeliveryError | null;
    await comms.recordDeliveryStatus('whatsapp', entry.ext_message_id!, status, error);
    return;
  }
  const fresh = (await comms.get(entry.id)) ?? entry;
  await setReaction(comms, fresh, item.key, String(item.payload.emoji ?? ''), item.occurred_at);
}
