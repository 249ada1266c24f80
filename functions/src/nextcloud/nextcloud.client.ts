import { randomUUID } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { FileStat, Response as DavResponse, WebDAVClient } from 'webdav';
import {
  FileStorageError,
  type Download,
  type FileStorage,
  type StoredFile,
  type UploadOptions,
} from './file-storage.js';
import { Mutex } from '../shared/mutex.js';
import { registerSecret } from '../shared/secrets.js';
import { DEFAULT_MAX_UPLOAD_BYTES, davRootOf, type NextcloudConfig } from './nextcloud.config.js';
import {
  UPLOAD_TEMP_PREFIX,
  checkFileName,
  checkFilePath,
  checkFolderPath,
  joinPath,
  numberedName,
  splitPath,
} from './nextcloud.paths.js';

/** When a failed upload's temp file is removed a second time. */
const LATE_CLEANUP_MS = 2_000;
/** In-flight uploads older than this are leftovers of a crash; listing the folder removes them. */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

/** How many "name (n)" variants an upload tries before giving up. */
const MAX_NAME_ATTEMPTS = 500;

/** A WebDAV call's budget, and a transfer's (NextcloudConfig): both inside the function's 60 s. */
const CALL_TIMEOUT_MS = 15_000;
const TRANSFER_TIMEOUT_MS = 50_000;

/** A FileStorage on Nextcloud (or any WebDAV server) through the `webdav` package. */
export function createNextcloudClient(config: NextcloudConfig): FileStorage {
  return new NextcloudFileStorage(config);
}

class NextcloudFileStorage implements FileStorage {
  readonly maxUploadBytes: number;
  #client: Promise<WebDAVClient> | undefined;
  /** Name claims in progress, per folder (#claimName). */
  readonly #claims = new Map<string, Mutex>();

  constructor(private readonly config: NextcloudConfig) {
    this.maxUploadBytes = config.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    // A WebDAV error may quote the Basic credentials back; no answer or log line may.
    registerSecret(config.password, config.username);
  }

  /** The budget of one metadata call (MKCOL, PROPFIND, MOVE, DELETE) or of one transfer. */
  #within(transfer = false): { signal: AbortSignal } {
    const ms = transfer ? (this.config.transferTimeoutMs ?? TRANSFER_TIMEOUT_MS) : (this.config.callTimeoutMs ?? CALL_TIMEOUT_MS);
    return { signal: AbortSignal.timeout(ms) };
  }

  /** `webdav` is ESM and not small: loaded on first use, not at cold start. */
  #dav(): Promise<WebDAVClient> {
    this.#client ??= import('webdav').then(({ createClient }) =>
      createClient(davRootOf(this.config), { username: this.config.username, password: this.config.password }),
    );
    return this.#client;
  }

  async ensureFolder(folder: string): Promise<void> {
    await this.#mkcol(checkFolderPath(folder));
  }

  /** MKCOL, tolerating an existing folder (405) and creating missing parents (409). */
  async #mkcol(folder: string): Promise<void> {
    const dav = await this.#dav();
    const attempt = async (): Promise<number> => {
      try {
        await dav.customRequest(`/${folder}/`, { method: 'MKCOL', ...this.#within() });
        return 201;
      } catch (err) {
        const status = statusOf(err);
        if (status === 405) return 405;
        if (status === 409) return 409;
        // Apache answers 403 when a concurrent MKCOL made the folder first.
        if (await this.#isFolder(folder)) return 405;
        throw storageError(err, `Creating folder ${folder}`);
      }
    };
    if ((await attempt()) !== 409) return;
    const parent = splitPath(folder).folder;
    if (parent === '') throw new FileStorageError('unavailable', `Creating folder ${folder}: the file server refused`);
    await this.#mkcol(parent);
    if ((await attempt()) === 409) {
      throw new FileStorageError('unavailable', `Creating folder ${folder}: its parent could not be created`);
    }
  }

  async #isFolder(folder: string): Promise<boolean> {
    const dav = await this.#dav();
    return dav.stat(`/${folder}`, this.#within()).then(
      (stat) => (stat as FileStat).type === 'directory',
      () => false,
    );
  }

  async upload(folder: string, filename: string, body: Readable | Buffer, options: UploadOptions = {}): Promise<StoredFile> {
    const folderPath = checkFolderPath(folder);
    const name = checkFileName(filename);
    const declared = Buffer.isBuffer(body) ? body.length : options.contentLength;
    if (declared !== undefined && declared > this.maxUploadBytes) throw tooLarge(this.maxUploadBytes);

    const temp = joinPath(folderPath, `${UPLOAD_TEMP_PREFIX}${randomUUID()}`);
    try {
      const size = Buffer.isBuffer(body)
        ? await this.#putBuffer(folderPath, temp, body, options.contentType)
        : await this.#putStream(folderPath, temp, body, declared, options.contentType);
      const finalName = await this.#claimName(temp, folderPath, name);
      const path = joinPath(folderPath, finalName);
      return { name: finalName, path, size, mime: options.contentType ?? null, modified: new Date() };
    } catch (err) {
      await this.#removeQuietly(temp);
      // A busy server may handle an aborted PUT after our DELETE; remove what it left then too.
      setTimeout(() => void this.#removeQuietly(temp), LATE_CLEANUP_MS).unref();
      throw err;
    }
  }

  /** A buffer can be sent again: PUT first, and only if the folder is missing (404/409) create it and retry. */
  async #putBuffer(folder: string, path: string, body: Buffer, contentType?: string): Promise<number> {
    const dav = await this.#dav();
    const put = () =>
      dav.putFileContents(`/${path}`, body, {
        ...this.#within(true),
        contentLength: body.length,
        headers: { 'Content-Type': contentType ?? 'application/octet-stream' },
      });
    try {
      await put();
    } catch (err) {
      const status = statusOf(err);
      if (status !== 404 && status !== 409) throw storageError(err, `Uploading to ${folder}`);
      await this.#mkcol(folder);
      await put().catch((retryErr: unknown) => {
        throw storageError(retryErr, `Uploading to ${folder}`);
      });
    }
    return body.length;
  }

  /** A stream can be read once, so the folder is made sure of before the first byte is sent. */
  async #putStream(
    folder: string,
    path: string,
    source: Readable,
    declared: number | undefined,
    contentType?: string,
  ): Promise<number> {
    const limiter = new ByteLimit(this.maxUploadBytes, declared);
    const abort = new AbortController();
    // Listening before the folder is made: a caller's stream that fails meanwhile is an
    // interrupted upload, not an unhandled 'error' event.
    const onSourceError = (err: Error) => limiter.destroy(new FileStorageError('incomplete', 'The upload was interrupted', { cause: err }));
    source.once('error', onSourceError);
    limiter.once('error', () => {
      // Stop reading the caller's stream but leave it open: the caller still answers on it.
      source.unpipe(limiter);
      abort.abort();
    });
    try {
      await this.#mkcol(folder);
      const dav = await this.#dav();
      if (limiter.failure) throw limiter.failure;
      source.pipe(limiter);
      await dav.putFileContents(`/${path}`, limiter, {
        signal: AbortSignal.any([abort.signal, this.#within(true).signal]),
        headers: {
          'Content-Type': contentType ?? 'application/octet-stream',
          ...(declared !== undefined ? { 'Content-Length': String(declared) } : {}),
        },
      });
    } catch (err) {
      if (limiter.failure) throw limiter.failure;
      throw storageError(err, `Uploading to ${folder}`);
    } finally {
      source.off('error', onSourceError);
    }
    if (limiter.failure) throw limiter.failure;
    return limiter.bytes;
  }

  /** Moves the finished temp file to the first free name; MOVE without overwrite settles races. */
  /**
   * Apache's MOVE without overwrite checks and renames in two steps, so two uploads of one name
   * at once could both win and one file be lost: this process claims names in a folder one at a time.
   */
  async #claimName(temp: string, folder: string, name: string): Promise<string> {
    let lock = this.#claims.get(folder);
    if (!lock) this.#claims.set(folder, (lock = new Mutex()));
    try {
      return await lock.run(() => this.#claimFreeName(temp, folder, name));
    } finally {
      if (!lock.busy) this.#claims.delete(folder);
    }
  }

  async #claimFreeName(temp: string, folder: string, name: string): Promise<string> {
    const dav = await this.#dav();
    const taken = new Set((await this.list(folder)).map((f) => f.name));
    for (let n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
      const candidate = n === 1 ? name : numberedName(name, n);
      if (taken.has(candidate)) continue;
      try {
        await dav.moveFile(`/${temp}`, `/${joinPath(folder, candidate)}`, { overwrite: false, ...this.#within() });
        return candidate;
      } catch (err) {
        if (statusOf(err) !== 412) throw storageError(err, `Saving ${name}`);
        taken.add(candidate);
      }
    }
    throw new FileStorageError('exists', `Too many files named like ${name} in ${folder}`);
  }

  async list(folder: string): Promise<StoredFile[]> {
    const folderPath = checkFolderPath(folder);
    const dav = await this.#dav();
    let entries: FileStat[];
    try {
      entries = (await dav.getDirectoryContents(`/${folderPath}`, this.#within())) as FileStat[];
    } catch (err) {
      if (statusOf(err) === 404) return [];
      throw storageError(err, `Listing ${folderPath}`);
    }
    const staleBefore = Date.now() - STALE_UPLOAD_MS;
    for (const entry of entries) {
      if (entry.type === 'file' && entry.basename.startsWith(UPLOAD_TEMP_PREFIX) && Date.parse(entry.lastmod) < staleBefore) {
        await this.#removeQuietly(joinPath(folderPath, entry.basename));
      }
    }
    return entries
      .filter((entry) => entry.type === 'file' && !entry.basename.startsWith(UPLOAD_TEMP_PREFIX))
      .map((entry) => {
        const name = entry.basename.normalize('NFC');
        const modified = new Date(entry.lastmod);
        return {
          name,
          path: joinPath(folderPath, name),
          size: entry.size,
          mime: entry.mime ?? null,
          modified: Number.isNaN(modified.getTime()) ? null : modified,
        };
      });
  }

  async download(path: string): Promise<Download> {
    const filePath = checkFilePath(path);
    const dav = await this.#dav();
    let response: DavResponse;
    try {
      response = await dav.customRequest(`/${filePath}`, { method: 'GET', ...this.#within(true) });
    } catch (err) {
      throw storageError(err, `Downloading ${filePath}`);
    }
    const length = response.headers.get('content-length');
    const body = (response as DavResponse & { body: unknown }).body;
    // node-fetch gives a Node stream; a WHATWG stream where fetch is the platform's own.
    const stream = body instanceof Readable ? body : Readable.fromWeb(body as import('node:stream/web').ReadableStream);
    return {
      stream,
      size: length !== null && /^\d+$/.test(length) ? Number(length) : null,
      contentType: response.headers.get('content-type'),
    };
  }

  async rename(path: string, newName: string): Promise<string> {
    const filePath = checkFilePath(path);
    const name = checkFileName(newName);
    const target = joinPath(splitPath(filePath).folder, name);
    if (target === filePath) return filePath;
    const dav = await this.#dav();
    try {
      await dav.moveFile(`/${filePath}`, `/${target}`, { overwrite: false, ...this.#within() });
    } catch (err) {
      if (statusOf(err) === 412) throw new FileStorageError('exists', `A file named ${name} already exists there`);
      throw storageError(err, `Renaming ${filePath}`);
    }
    return target;
  }

  async remove(path: string): Promise<void> {
    const filePath = checkFilePath(path);
    const dav = await this.#dav();
    try {
      await dav.deleteFile(`/${filePath}`, this.#within());
    } catch (err) {
      if (statusOf(err) !== 404) throw storageError(err, `Deleting ${filePath}`);
    }
  }

  async #removeQuietly(path: string): Promise<void> {
    await this.remove(path).catch(() => undefined);
  }
}

/** Passes bytes through, failing once more than `max` went by (or not exactly `declared`). */
class ByteLimit extends Transform {
  bytes = 0;
  failure: FileStorageError | undefined;

  constructor(
    private readonly max: number,
    private readonly declared: number | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) callback(this.#fail(tooLarge(this.max)));
    else callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.declared !== undefined && this.bytes !== this.declared) {
      callback(this.#fail(new FileStorageError('incomplete', `The upload ended after ${this.bytes} of ${this.declared} bytes`)));
    } else callback();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (err instanceof FileStorageError) this.failure ??= err;
    callback(err);
  }

  #fail(err: FileStorageError): FileStorageError {
    this.failure ??= err;
    return err;
  }
}

function tooLarge(max: number): FileStorageError {
  return new FileStorageError('too-large', `The file is larger than the ${formatBytes(max)} limit`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${bytes} bytes`;
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function storageError(err: unknown, action: string): FileStorageError {
  if (err instanceof FileStorageError) return err;
  const status = statusOf(err);
  if (status === 404) return new FileStorageError('not-found', `${action}: not found on the file server`, { cause: err });
  if (status === 413) return new FileStorageError('too-large', `${action}: the file server refused the size`, { cause: err });
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const reason = status !== undefined ? `the file server answered ${status}` : timedOut ? 'the file server did not answer in time' : (err as Error).message;
  return new FileStorageError('unavailable', `${action} failed: ${reason}`, { cause: err });
}
