import type { Readable } from 'node:stream';

/** A file in a storage folder. */
export interface StoredFile {
  name: string;
  /** Folder-relative path from the storage root: `05_Customers/Μπίμπης/offer.pdf`. */
  path: string;
  size: number;
  mime: string | null;
  modified: Date | null;
}

export interface UploadOptions {
  contentType?: string;
  /** Declared length; over the limit is refused before anything is sent. */
  contentLength?: number;
}

export interface Download {
  stream: Readable;
  size: number | null;
  contentType: string | null;
}

/**
 * Where customer and product files live: Nextcloud over WebDAV in production, the in-process
 * WebDAV server in embedded mode. Paths are relative to the storage root, '/'-separated.
 */
export interface FileStorage {
  readonly maxUploadBytes: number;
  /** Creates the folder and its parents; an existing folder is fine. */
  ensureFolder(folder: string): Promise<void>;
  /**
   * Stores `body` in `folder` as `filename`, or as "filename (2)", "(3)"… when the name is
   * taken; never overwrites. Over `maxUploadBytes` it fails with 'too-large' and leaves no file.
   */
  upload(folder: string, filename: string, body: Readable | Buffer, options?: UploadOptions): Promise<StoredFile>;
  /** The files (not folders) of `folder`; empty when it does not exist. */
  list(folder: string): Promise<StoredFile[]>;
  download(path: string): Promise<Download>;
  /** Renames within the same folder; 'exists' when the new name is taken. Returns the new path. */
  rename(path: string, newName: string): Promise<string>;
  /** Removes a file; a file that is already gone is fine. */
  remove(path: string): Promise<void>;
}

/** 'incomplete': the upload stream broke off or did not match its declared length. */
export type FileStorageErrorCode = 'invalid-path' | 'not-found' | 'exists' | 'too-large' | 'incomplete' | 'unavailable';

export class FileStorageError extends Error {
  constructor(
    readonly code: FileStorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FileStorageError';
  }
}
