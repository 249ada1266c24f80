import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../auth/auth.types.js';
import { CUSTOMERS, PRODUCTS } from '../shared/collections.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound, unprocessable, type ErrorCode } from '../http/errors.js';
import { FileStorageError, type Download, type FileStorage } from '../nextcloud/file-storage.js';
import { mimeTypeOf } from '../nextcloud/mime-types.js';
import { checkFilePath, checkFolderPath } from '../nextcloud/nextcloud.paths.js';
import { folderNameFor, isOwnerFolder } from './media.folders.js';
import { actorOf } from '../shared/actor.js';
import { installationPath } from '../installations/installations.schema.js';
import { encodeCursor } from '../shared/cursor.js';
import type { MediaOwner, MediaRepository } from './media.repository.js';
import type { MediaCursor, MediaPage, MediaPatch, MediaRecord, UploadQuery } from './media.schema.js';

export type OwnerKind = 'customer' | 'product';

/** Where each owner's files live on Nextcloud (spec 001: `nextcloud_folder`). */
const ownerKinds: Record<OwnerKind, { collection: string; root: string; label: string }> = {
  customer: { collection: CUSTOMERS, root: '05_Customers', label: 'Customer' },
  product: { collection: PRODUCTS, root: '02_Products', label: 'Product' },
};

export type MediaDeps = Pick<AppDeps, 'sql' | 'store' | 'clock' | 'logger' | 'files'>;

export interface UploadBody {
  body: Readable | Buffer;
  /** The request's Content-Type; the file name's extension decides when it says nothing. */
  contentType?: string | undefined;
  contentLength?: number | undefined;
}

const storageStatus: Record<FileStorageError['code'], ErrorCode> = {
  'invalid-path': 'validation_failed',
  'not-found': 'not_found',
  exists: 'conflict',
  'too-large': 'payload_too_large',
  incomplete: 'bad_request',
  unavailable: 'unavailable',
};

/** The API error for a file storage failure. */
export function storageApiError(err: unknown): unknown {
  if (!(err instanceof FileStorageError)) return err;
  const message = err.code === 'not-found' ? 'The file is not on the file server (any more)' : err.message;
  return new ApiError(storageStatus[err.code], message);
}

/**
 * Customer and product files: stored on Nextcloud in the owner's folder (created on first
 * upload and kept in its `nextcloud_folder`), indexed in crm_media, streamed both ways.
 */
export class MediaService {
  constructor(
    private readonly deps: MediaDeps,
    private readonly repo: MediaRepository,
  ) {}

  private get files(): FileStorage {
    if (!this.deps.files) throw new ApiError('unavailable', 'File storage (Nextcloud) is not configured');
    return this.deps.files;
  }

  /** The owner's files, newest first. The first page also indexes files put in the folder on Nextcloud directly. */
  async list(kind: OwnerKind, id: string, limit: number, cursor?: MediaCursor): Promise<MediaPage> {
    const owner = ownerOf(kind, id);
    const folder = await this.storedFolder(kind, id);
    if (!cursor && folder && this.deps.files) {
      await this.indexNewFiles(owner, folder, this.deps.files).catch((err: unknown) => {
        this.deps.logger.warn('could not list the Nextcloud folder', { folder, error: String(err) });
      });
    }
    const rows = await this.repo.list(owner, limit + 1, cursor);
    const files = rows.slice(0, limit);
    const last = files.at(-1);
    return {
      files,
      next_cursor: rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
    };
  }

  async upload(kind: OwnerKind, id: string, query: UploadQuery, upload: UploadBody, user: AuthUser): Promise<MediaRecord> {
    const files = this.files;
    if (upload.contentLength !== undefined && upload.contentLength > files.maxUploadBytes) {
      throw storageApiError(new FileStorageError('too-large', `The file is larger than the ${files.maxUploadBytes} bytes limit`));
    }
    if (kind === 'customer' && query.order_id !== undefined) {
      if (!(await this.deps.store.get(`${CUSTOMERS}/${id}/orders/${query.order_id}`))) {
        throw unprocessable(`Order ${query.order_id} of customer ${id} does not exist`, [{ path: 'order_id', message: 'no such order' }]);
      }
    }
    const subfolder = kind === 'customer' && query.installation_id !== undefined ? await this.installationFolder(id, query.installation_id) : null;
    const folder = await this.ownerFolder(kind, id);
    const contentType = mimeOf(upload.contentType, query.filename);
    const stored = await files
      .upload(subfolder ? `${folder}/${subfolder}` : folder, query.filename, upload.body, { contentType, ...(upload.contentLength !== undefined ? { contentLength: upload.contentLength } : {}) })
      .catch((err: unknown) => {
        throw storageApiError(err);
      });
    const actor = actorOf(user);
    const now = this.deps.clock.now();
    return this.repo.insert({
      id: randomUUID(),
      customer_id: kind === 'customer' ? id : null,
      order_id: kind === 'customer' ? (query.order_id ?? null) : null,
      product_id: kind === 'product' ? id : null,
      filename: stored.name,
      nextcloud_path: stored.path,
      mime_type: contentType,
      direction: query.direction,
      tags: query.tags ?? [],
      size: stored.size,
      uploaded_by: actor.name,
      uploaded_by_uid: actor.uid,
      created_at: now,
      updated_at: now,
    });
  }

  /** The photos folder of one of this customer's installations, under the customer's folder. */
  private async installationFolder(customerId: string, installationId: string): Promise<string> {
    const doc = await this.deps.store.get(installationPath(installationId));
    const folder = doc?.data.photos_folder;
    if (!doc || doc.data.customer_id !== customerId || typeof folder !== 'string' || folder === '') {
      throw unprocessable(`Installation ${installationId} of customer ${customerId} does not exist`, [
        { path: 'installation_id', message: 'is not an installation of this customer' },
      ]);
    }
    return folder;
  }

  async get(id: string): Promise<MediaRecord> {
    const record = await this.repo.get(id);
    if (!record) throw notFound(`File ${id}`);
    return record;
  }

  async download(id: string): Promise<{ record: MediaRecord; download: Download }> {
    const record = await this.get(id);
    const download = await this.files.download(record.nextcloud_path).catch((err: unknown) => {
      throw storageApiError(err);
    });
    return { record, download };
  }

  /** Renames on Nextcloud (never over another file: 409) and updates tags or direction. */
  async update(id: string, patch: MediaPatch): Promise<MediaRecord> {
    const record = await this.get(id);
    let nextcloudPath = record.nextcloud_path;
    if (patch.filename !== undefined && patch.filename !== record.filename) {
      nextcloudPath = await this.files.rename(record.nextcloud_path, patch.filename).catch((err: unknown) => {
        throw storageApiError(err);
      });
    }
    const updated = await this.repo.update(
      id,
      {
        ...(patch.filename !== undefined ? { filename: patch.filename, nextcloud_path: nextcloudPath } : {}),
        ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
        ...(patch.direction !== undefined ? { direction: patch.direction } : {}),
      },
      this.deps.clock.now(),
    );
    if (!updated) throw notFound(`File ${id}`);
    return updated;
  }

  /** Deletes the file on Nextcloud (its trash keeps it) and its record. */
  async remove(id: string): Promise<void> {
    const record = await this.get(id);
    await this.files.remove(record.nextcloud_path).catch((err: unknown) => {
      throw storageApiError(err);
    });
    await this.repo.delete(id);
  }

  /** The customer's folder on Nextcloud, made on first use (quotes file their PDFs below it). */
  customerFolder(customerId: string): Promise<string> {
    return this.ownerFolder('customer', customerId);
  }

  /** The owner's stored `nextcloud_folder`; null when it has none yet. */
  private async storedFolder(kind: OwnerKind, id: string): Promise<string | null> {
    const { collection, label, root } = ownerKinds[kind];
    const doc = await this.deps.store.get(`${collection}/${id}`);
    if (!doc) throw notFound(`${label} ${id}`);
    const stored = doc.data.nextcloud_folder;
    return typeof stored === 'string' && stored !== '' ? checkStoredFolder(stored, root) : null;
  }

  /**
   * The owner's folder, made on first use: named after the owner, created on the server and
   * stored in its `nextcloud_folder`. Two owners with one name get two folders.
   */
  private async ownerFolder(kind: OwnerKind, id: string): Promise<string> {
    const stored = await this.storedFolder(kind, id);
    if (stored) return stored;
    const { collection, root, label } = ownerKinds[kind];
    const path = `${collection}/${id}`;
    const doc = await this.deps.store.get(path);
    const name = typeof doc?.data.name === 'string' ? doc.data.name : '';
    let folder = `${root}/${folderNameFor(name, id)}`;
    const holders = await this.deps.store.query({
      collection,
      where: [{ field: 'nextcloud_folder', op: '==', value: folder }],
      limit: 1,
    });
    // Document ids are letters, digits, _ and -: safe in a folder name as they are.
    if (holders.some((holder) => holder.id !== id)) folder = `${folder}_${id}`;
    await this.files.ensureFolder(folder).catch((err: unknown) => {
      throw storageApiError(err);
    });
    // A concurrent first upload may have stored a folder meanwhile: the first one stays.
    return this.deps.store.runTransaction(async (tx) => {
      const current = await tx.get(path);
      if (!current) throw notFound(`${label} ${id}`);
      const now = current.data.nextcloud_folder;
      if (typeof now === 'string' && now !== '') return checkStoredFolder(now, root);
      tx.update(path, { nextcloud_folder: folder });
      return folder;
    });
  }

  private async indexNewFiles(owner: MediaOwner, folder: string, files: FileStorage): Promise<void> {
    const [listed, known] = await Promise.all([files.list(folder), this.repo.paths(owner)]);
    const now = this.deps.clock.now();
    for (const file of listed) {
      if (known.has(file.path) || !isValidPath(file.path)) continue;
      await this.repo.insert({
        id: randomUUID(),
        customer_id: 'customer_id' in owner ? owner.customer_id : null,
        order_id: null,
        product_id: 'product_id' in owner ? owner.product_id : null,
        filename: file.name,
        nextcloud_path: file.path,
        mime_type: file.mime ?? mimeTypeOf(file.name),
        direction: null,
        tags: [],
        size: file.size,
        uploaded_by: null,
        uploaded_by_uid: null,
        created_at: file.modified ?? now,
        updated_at: now,
      });
    }
  }
}

function ownerOf(kind: OwnerKind, id: string): MediaOwner {
  return kind === 'customer' ? { customer_id: id } : { product_id: id };
}

/**
 * A stored folder is used only if it is one folder directly under the owner kind's root: one
 * written before the server chose folders (or by a console edit) cannot point elsewhere.
 */
function checkStoredFolder(folder: string, root: string): string {
  let checked: string;
  try {
    checked = checkFolderPath(folder);
  } catch (err) {
    throw unprocessable(`The stored nextcloud_folder is not usable: ${(err as Error).message}`, [
      { path: 'nextcloud_folder', message: 'is not a valid folder' },
    ]);
  }
  if (!isOwnerFolder(checked, root)) {
    throw unprocessable(`The stored nextcloud_folder ${JSON.stringify(folder)} is not a folder under ${root}/`, [
      { path: 'nextcloud_folder', message: `is not under ${root}/` },
    ]);
  }
  return checked;
}

function isValidPath(path: string): boolean {
  try {
    checkFilePath(path);
    return true;
  } catch {
    return false;
  }
}

/** The request's declared type when it names one; otherwise by the file name. */
function mimeOf(declared: string | undefined, filename: string): string {
  const type = declared?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) && type !== 'application/octet-stream') return type;
  return mimeTypeOf(filename);
}
