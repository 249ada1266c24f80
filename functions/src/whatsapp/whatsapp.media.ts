import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppDeps } from '../app/deps.js';
import type { AuthUser } from '../auth/auth.types.js';
import type { CommsLog } from '../comms/comms.log.js';
import type { CommsEntry } from '../comms/comms.schema.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { MediaRecord } from '../media/media.schema.js';
import { MediaService } from '../media/media.service.js';
import { FileStorageError } from '../nextcloud/file-storage.js';
import { checkFileName, folderNameFor } from '../nextcloud/nextcloud.paths.js';
import { GraphClient } from './whatsapp.graph.js';
import type { MediaObject } from './whatsapp.payload.js';
import type { UnownedMedia, WhatsAppRepository } from './whatsapp.repository.js';

/**
 * WhatsApp media: downloaded from Meta once per message into Nextcloud (the customer's folder,
 * or an Unassigned folder per number), and moved to the customer's folder when its message is
 * assigned.
 */

type MediaDeps = Pick<AppDeps, 'sql' | 'store' | 'clock' | 'logger' | 'files' | 'whatsapp'>;

/** The repositories WhatsApp processing writes through, built once by the wiring and handed down. */
export interface WhatsAppRepositories {
  whatsapp: WhatsAppRepository;
  media: MediaRepository;
}

/** Who stored inbound media on Nextcloud (crm_media.uploaded_by). */
const whatsappActor: AuthUser = { uid: 'whatsapp', email: null, name: 'WhatsApp', role: null };
/** Where media of numbers no customer holds yet is kept. */
const UNASSIGNED_MEDIA_ROOT = 'WhatsApp Unassigned';
/** After this many failed downloads (each a journal retry, backing off to hours) the media is given up. */
export const MAX_MEDIA_ATTEMPTS = 10;
/** Unowned media read at a time when looking for those whose message was assigned. */
const UNOWNED_PAGE = 200;

export const mediaTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type MediaType = (typeof mediaTypes)[number];

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

/**
 * Downloads an inbound media message once: GET /{media-id} for its URL, then the bytes with
 * the bearer token, streamed to the customer's Nextcloud folder (a number no customer holds
 * yet: an inbox folder per number) and indexed in crm_media. A failure throws, so the journal
 * retries the delivery; the message shows meanwhile, its media marked pending.
 */
export async function ensureMedia(
  deps: MediaDeps,
  comms: CommsLog,
  repos: WhatsAppRepositories,
  entry: CommsEntry,
  wamid: string,
  type: MediaType,
  object: MediaObject,
  attempts: number,
): Promise<void> {
  const repo = repos.whatsapp;
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
    const current = (await comms.get(entry.id)) ?? entry;
    const record = current.customer_id
      ? await new MediaService(deps, repos.media).upload('customer', current.customer_id, { filename: job.filename, direction: 'received', tags: ['whatsapp'] }, upload, whatsappActor)
      : await storeUnassigned(deps, repos.media, current, job.filename, upload);
    await repo.mediaStored(wamid, record.id, deps.clock.now());
    await comms.attachFiles(entry.id, [...current.attachments, { filename: record.filename, nextcloud_path: record.nextcloud_path }], {
      media: { status: 'stored', crm_media_id: record.id, nextcloud_path: record.nextcloud_path, filename: record.filename, mime_type: record.mime_type, size: record.size },
    });
  } catch (err) {
    const message = (err as Error).message;
    const abandon = job.attempts + 1 >= MAX_MEDIA_ATTEMPTS || attempts + 1 >= MAX_MEDIA_ATTEMPTS;
    await repo.mediaFailed(wamid, message, abandon, deps.clock.now());
    if (abandon) {
      await comms.mergeDetails(entry.id, { media: { status: 'failed', error: message.slice(0, 300) } });
      deps.logger.warn('whatsapp media given up', { wamid, error: message });
      return;
    }
    throw new Error(`media download failed: ${message}`, { cause: err });
  }
}

async function storeUnassigned(
  deps: MediaDeps,
  media: MediaRepository,
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
  return media.insert({
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
export async function moveAssignedMedia(deps: MediaDeps, repos: WhatsAppRepositories, customerId: string | undefined, limit: number, comms: CommsLog): Promise<number> {
  const files = deps.files;
  if (!files) return 0;
  const { whatsapp: repo, media } = repos;
  let moved = 0;
  for (const item of await assignedUnownedMedia(repo, comms, customerId, limit)) {
    try {
      const waiting = await media.get(item.crm_media_id);
      const entry = await comms.get(item.entry_id);
      if (!waiting || !entry) continue;
      const download = await files.download(waiting.nextcloud_path).catch(async (err: unknown) => {
        if (err instanceof FileStorageError && err.code === 'not-found') await forgetVanished(media, comms, entry, waiting);
        throw err;
      });
      const filed = await new MediaService(deps, media).upload(
        'customer',
        item.customer_id,
        { filename: waiting.filename, direction: waiting.direction ?? 'received', tags: waiting.tags },
        { body: download.stream, contentType: waiting.mime_type ?? 'application/octet-stream', ...(download.size !== null ? { contentLength: download.size } : {}) },
        whatsappActor,
      );
      const attachments = entry.attachments.map((a) =>
        a.nextcloud_path === waiting.nextcloud_path ? { filename: filed.filename, nextcloud_path: filed.nextcloud_path } : a,
      );
      await comms.attachFiles(entry.id, attachments, { media: { crm_media_id: filed.id, nextcloud_path: filed.nextcloud_path, filename: filed.filename } });
      await repo.mediaStored(item.wamid, filed.id, deps.clock.now());
      await media.delete(waiting.id);
      await files.remove(waiting.nextcloud_path);
      moved++;
    } catch (err) {
      deps.logger.warn('whatsapp media not moved to its customer', { wamid: item.wamid, error: (err as Error).message });
    }
  }
  return moved;
}

/** Unowned media whose message has been assigned (to `customerId`, or to anyone), up to `limit`, with that customer. */
async function assignedUnownedMedia(
  repo: WhatsAppRepository,
  comms: CommsLog,
  customerId: string | undefined,
  limit: number,
): Promise<(UnownedMedia & { customer_id: string })[]> {
  const found: (UnownedMedia & { customer_id: string })[] = [];
  let after: UnownedMedia | null = null;
  while (found.length < limit) {
    const page = await repo.unownedMedia(after, UNOWNED_PAGE);
    const owners = await comms.customersOf(page.map((item) => item.entry_id));
    for (const item of page) {
      const owner = owners.get(item.entry_id);
      if (owner !== undefined && (customerId === undefined || owner === customerId)) found.push({ ...item, customer_id: owner });
    }
    if (page.length < UNOWNED_PAGE) break;
    after = page.at(-1)!;
  }
  return found.slice(0, limit);
}

/** Someone removed the waiting file on Nextcloud: the message says so, and the sweep stops trying. */
async function forgetVanished(media: MediaRepository, comms: CommsLog, entry: CommsEntry, waiting: MediaRecord): Promise<void> {
  await comms.mergeDetails(entry.id, { media: { status: 'failed', error: 'The file was removed from Nextcloud before it was filed' } });
  await media.delete(waiting.id);
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
