import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../auth/auth.types.js';
import { CommsRepository } from '../comms/comms.repository.js';
import { parseAddress } from '../comms/comms.address.js';
import { MAX_BODY, type CommsEntry, type DeliveryStatus } from '../comms/comms.schema.js';
import { logMessage } from '../comms/comms.service.js';
import type { AppDeps } from '../app/deps.js';
import type { JournalProcessor } from '../journal/journal.service.js';
import { MediaRepository } from '../media/media.repository.js';
import type { MediaRecord } from '../media/media.schema.js';
import { MediaService } from '../media/media.service.js';
import { FileStorageError } from '../nextcloud/file-storage.js';
import { checkFileName, folderNameFor } from '../nextcloud/nextcloud.paths.js';
import { inboundSafe, inboundTime, visibleText } from '../shared/inbound.js';
import { GraphClient } from './whatsapp.graph.js';
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
import { WhatsAppRepository, type PendingItem } from './whatsapp.repository.js';

/**
 * Turns one journaled webhook delivery into comms entries: every entry, change, message and
 * status in it. Idempotent on the wamid, so a delivery processed twice (Meta's retry, the
 * journal's retry, a duplicate) changes nothing the second time. What cannot be done now (a
 * media download that failed) is retried by failing the journal record after everything else
 * in the delivery was done.
 */

export type WhatsAppDeps = Pick<AppDeps, 'sql' | 'store' | 'clock' | 'logger' | 'files' | 'whatsapp'>;

/** Who stored inbound media on Nextcloud (crm_media.uploaded_by). */
const whatsappActor: AuthUser = { uid: 'whatsapp', email: null, name: 'WhatsApp', role: null };
/** Where media of numbers no customer holds yet is kept. */
const UNASSIGNED_MEDIA_ROOT = 'WhatsApp Unassigned';
/** After this many failed downloads (each a journal retry, backing off to hours) the media is given up. */
export const MAX_MEDIA_ATTEMPTS = 10;

const mediaTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const;
type MediaType = (typeof mediaTypes)[number];

const statusNames: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'played',
  failed: 'failed',
};

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
};

export interface DeliverySummary {
  messages: number;
  statuses: number;
  /** Objects in the delivery that could not be read (kept in the journal). */
  skipped: number;
}

export function whatsappJournalProcessor(deps: WhatsAppDeps): JournalProcessor {
  return async (record) => {
    if (!record.raw) throw new Error('The journal record has no bytes to process');
    await processDelivery(deps, record.raw, record.attempts);
  };
}

export async function processDelivery(deps: WhatsAppDeps, raw: Buffer, attempts = 0): Promise<DeliverySummary> {
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
          await handleMessage(deps, message.data, names.get(message.data.from) ?? null, attempts);
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
          await handleStatus(deps, status.data);
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

async function handleMessage(deps: WhatsAppDeps, message: WhatsAppMessage, profileName: string | null, attempts: number): Promise<void> {
  const now = deps.clock.now();
  // A sender's impossible clock (timestamp 99999999999) is flagged and the receipt time used.
  const time = inboundTime(new Date(Number(message.timestamp) * 1000), now);
  const at = time.at;
  if (message.type === 'reaction' && message.reaction) {
    await applyReaction(deps, message.reaction.message_id, message.from, message.reaction.emoji ?? '', at);
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
  const { entry } = await logMessage(
    deps,
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
  await applyPending(deps, entry);
  if (content.media) await ensureMedia(deps, entry, message.id, content.media.type, content.media.object, attempts);
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

async function handleStatus(deps: WhatsAppDeps, status: WhatsAppStatus): Promise<void> {
  const name = statusNames[status.status];
  if (!name) {
    deps.logger.info('whatsapp status not tracked', { status: status.status });
    return;
  }
  const at = metaTime(status.timestamp, deps.clock.now());
  const error = name === 'failed' ? deliveryErrorOf(status.errors?.[0]) : null;
  const comms = new CommsRepository(deps.sql);
  const result = await comms.advanceDeliveryStatus('whatsapp', status.id, name, error, deps.clock.now());
  if (result.found) return;
  // The message is not logged yet (a send whose log write is still on its way): kept, and
  // looked for again after keeping it, so a log write in between cannot miss it.
  const repo = new WhatsAppRepository(deps.sql);
  await repo.addPending({ wamid: status.id, kind: 'status', key: name, payload: { status: name, error }, occurred_at: at }, deps.clock.now());
  const entry = await comms.findByExtId('whatsapp', status.id);
  if (entry) await applyPending(deps, entry);
}

async function applyReaction(deps: WhatsAppDeps, target: string, from: string, emoji: string, at: Date): Promise<void> {
  const comms = new CommsRepository(deps.sql);
  const entry = await comms.findByExtId('whatsapp', target);
  if (entry) {
    await setReaction(deps, entry, from, emoji, at);
    return;
  }
  const repo = new WhatsAppRepository(deps.sql);
  await repo.addPending({ wamid: target, kind: 'reaction', key: from, payload: { emoji }, occurred_at: at }, deps.clock.now());
  const logged = await comms.findByExtId('whatsapp', target);
  if (logged) await applyPending(deps, logged);
}

/** One reaction per reacting number, on the message reacted to; an empty emoji removes it. An older reaction never replaces a newer one. */
async function setReaction(deps: Pick<AppDeps, 'sql' | 'clock'>, entry: CommsEntry, from: string, emoji: string, at: Date): Promise<void> {
  const reactions = (entry.details.reactions ?? {}) as Record<string, { at?: string } | null>;
  const current = reactions[from]?.at;
  if (current && current > at.toISOString()) return;
  await new CommsRepository(deps.sql).mergeDetails(
    entry.id,
    { reactions: { [from]: emoji === '' ? null : { emoji, at: at.toISOString() } } },
    deps.clock.now(),
  );
}

/** Applies what waited for this message (statuses, reactions). Called whenever a WhatsApp entry is logged. */
export async function applyPending(deps: Pick<AppDeps, 'sql' | 'clock'>, entry: CommsEntry): Promise<void> {
  if (!entry.ext_message_id) return;
  const repo = new WhatsAppRepository(deps.sql);
  const items = await repo.pendingFor(entry.ext_message_id);
  if (items.length === 0) return;
  const comms = new CommsRepository(deps.sql);
  for (const item of items) {
    await applyItem(deps, comms, entry, item);
    await repo.removePending(item);
  }
}

async function applyItem(deps: Pick<AppDeps, 'sql' | 'clock'>, comms: CommsRepository, entry: CommsEntry, item: PendingItem): Promise<void> {
  if (item.kind === 'status') {
    const status = item.payload.status as DeliveryStatus;
    const error = (item.payload.error ?? null) as Parameters<CommsRepository['advanceDeliveryStatus']>[3];
    await comms.advanceDeliveryStatus('whatsapp', entry.ext_message_id!, status, error, deps.clock.now());
    return;
  }
  const fresh = (await comms.get(entry.id)) ?? entry;
  await setReaction(deps, fresh, item.key, String(item.payload.emoji ?? ''), item.occurred_at);
}

/**
 * Downloads an inbound media message once: GET /{media-id} for its URL, then the bytes with
 * the bearer token, streamed to the customer's Nextcloud folder (a number no customer holds
 * yet: an inbox folder per number) and indexed in crm_media. A failure throws, so the journal
 * retries the delivery; the message shows meanwhile, its media marked pending.
 */
async function ensureMedia(deps: WhatsAppDeps, entry: CommsEntry, wamid: string, type: MediaType, object: MediaObject, attempts: number): Promise<void> {
  const repo = new WhatsAppRepository(deps.sql);
  const now = deps.clock.now();
  const job = await repo.queueMedia({ wamid, entry_id: entry.id, media_id: object.id, mime_type: object.mime_type ?? null, filename: mediaFileName(type, object, wamid, entry.occurred_at) }, now);
  if (job.state === 'stored' || job.state === 'abandoned') return;
  if (!(await repo.claimMedia(wamid, now))) return;
  try {
    if (!deps.whatsapp) throw new Error('WhatsApp is not configured: the media cannot be fetched');
    if (!deps.files) throw new Error('File storage (Nextcloud) is not configured: the media cannot be stored');
    const graph = new GraphClient(deps.whatsapp);
    const info = await graph.mediaInfo(object.id);
    const download = await graph.downloadMedia(info.url);
    const mime = (object.mime_type ?? info.mime_type ?? download.contentType ?? 'application/octet-stream').split(';')[0]!.trim();
    const upload = { body: download.stream, contentType: mime, ...(download.size !== null ? { contentLength: download.size } : {}) };
    // Read again: the entry may have been assigned to a customer since it was logged.
    const current = (await new CommsRepository(deps.sql).get(entry.id)) ?? entry;
    const record = current.customer_id
      ? await new MediaService(deps).upload('customer', current.customer_id, { filename: job.filename, direction: 'received', tags: ['whatsapp'] }, upload, whatsappActor)
      : await storeUnassigned(deps, current, job.filename, upload);
    await repo.mediaStored(wamid, record.id, deps.clock.now());
    await new CommsRepository(deps.sql).mergeDetails(
      entry.id,
      { media: { status: 'stored', crm_media_id: record.id, nextcloud_path: record.nextcloud_path, filename: record.filename, mime_type: record.mime_type, size: record.size } },
      deps.clock.now(),
    );
    await new CommsRepository(deps.sql).update(
      entry.id,
      { attachments: [...current.attachments, { filename: record.filename, nextcloud_path: record.nextcloud_path }] },
      () => null,
      deps.clock.now(),
    );
  } catch (err) {
    const message = (err as Error).message;
    const abandon = job.attempts + 1 >= MAX_MEDIA_ATTEMPTS || attempts + 1 >= MAX_MEDIA_ATTEMPTS;
    await repo.mediaFailed(wamid, message, abandon, deps.clock.now());
    if (abandon) {
      await new CommsRepository(deps.sql).mergeDetails(entry.id, { media: { status: 'failed', error: message.slice(0, 300) } }, deps.clock.now());
      deps.logger.warn('whatsapp media given up', { wamid, error: message });
      return;
    }
    throw new Error(`media download failed: ${message}`, { cause: err });
  }
}

async function storeUnassigned(
  deps: WhatsAppDeps,
  entry: CommsEntry,
  filename: string,
  upload: { body: Readable; contentType: string; contentLength?: number },
): Promise<MediaRecord> {
  const files = deps.files!;
  const folder = `${UNASSIGNED_MEDIA_ROOT}/${folderNameFor(entry.address ?? '', 'unknown')}`;
  await files.ensureFolder(folder);
  const stored = await files.upload(folder, filename, upload.body, {
    contentType: upload.contentType,
    ...(upload.contentLength !== undefined ? { contentLength: upload.contentLength } : {}),
  });
  const now = deps.clock.now();
  return new MediaRepository(deps.sql).insert({
    id: randomUUID(),
    customer_id: null,
    order_id: null,
    product_id: null,
    filename: stored.name,
    nextcloud_path: stored.path,
    mime_type: upload.contentType,
    direction: 'received',
    tags: ['whatsapp'],
    size: stored.size,
    uploaded_by: whatsappActor.name,
    uploaded_by_uid: whatsappActor.uid,
    created_at: now,
    updated_at: now,
  });
}

/**
 * Moves media that waited in `WhatsApp Unassigned/<number>` to the folder of the customer its
 * message was assigned to since (of one customer, or of all for the sweep). The file is copied
 * there first; only once the message and its download record point at the copy are the waiting
 * file and its index row removed, so a failure at any step leaves a file the message shows.
 * Each file on its own: one that fails waits for the next sweep. How many moved.
 */
export async function moveAssignedMedia(deps: WhatsAppDeps, customerId: string | undefined, limit: number): Promise<number> {
  const files = deps.files;
  if (!files) return 0;
  const repo = new WhatsAppRepository(deps.sql);
  const media = new MediaRepository(deps.sql);
  const comms = new CommsRepository(deps.sql);
  let moved = 0;
  for (const item of await repo.unownedMediaOfAssigned(customerId, limit)) {
    try {
      const waiting = await media.get(item.crm_media_id);
      const entry = await comms.get(item.entry_id);
      if (!waiting || !entry) continue;
      const download = await files.download(waiting.nextcloud_path).catch(async (err: unknown) => {
        if (err instanceof FileStorageError && err.code === 'not-found') await forgetVanished(deps, entry, waiting);
        throw err;
      });
      const filed = await new MediaService(deps).upload(
        'customer',
        item.customer_id,
        { filename: waiting.filename, direction: waiting.direction ?? 'received', tags: waiting.tags },
        { body: download.stream, contentType: waiting.mime_type ?? 'application/octet-stream', ...(download.size !== null ? { contentLength: download.size } : {}) },
        whatsappActor,
      );
      const now = deps.clock.now();
      await comms.mergeDetails(entry.id, { media: { crm_media_id: filed.id, nextcloud_path: filed.nextcloud_path, filename: filed.filename } }, now);
      const attachments = entry.attachments.map((a) =>
        a.nextcloud_path === waiting.nextcloud_path ? { filename: filed.filename, nextcloud_path: filed.nextcloud_path } : a,
      );
      await comms.update(entry.id, { attachments }, () => null, now);
      await repo.mediaStored(item.wamid, filed.id, now);
      await media.delete(waiting.id);
      await files.remove(waiting.nextcloud_path);
      moved++;
    } catch (err) {
      deps.logger.warn('whatsapp media not moved to its customer', { wamid: item.wamid, error: (err as Error).message });
    }
  }
  return moved;
}

/** Someone removed the waiting file on Nextcloud: the message says so, and the sweep stops trying. */
async function forgetVanished(deps: WhatsAppDeps, entry: CommsEntry, waiting: MediaRecord): Promise<void> {
  const now = deps.clock.now();
  await new CommsRepository(deps.sql).mergeDetails(entry.id, { media: { status: 'failed', error: 'The file was removed from Nextcloud before it was filed' } }, now);
  await new MediaRepository(deps.sql).delete(waiting.id);
}

/** The document's own name, else `WhatsApp <type> <date> <id>.<ext>`; always a safe file name. */
function mediaFileName(type: MediaType, object: MediaObject, wamid: string, at: Date): string {
  if (object.filename) {
    try {
      return checkFileName(object.filename.replace(/[/\\\p{Cc}]/gu, '_'));
    } catch {
      // Falls through to a made-up name.
    }
  }
  const mime = object.mime_type?.split(';')[0]?.trim() ?? '';
  const ext = extensions[mime] ?? (type === 'sticker' ? 'webp' : 'bin');
  const stamp = at.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const tail = wamid.replace(/[^A-Za-z0-9]/g, '').slice(-8);
  return `WhatsApp ${type} ${stamp} ${tail}.${ext}`;
}
