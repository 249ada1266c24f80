/** Document and collection paths, and Firestore-style auto ids. */
import { randomBytes } from 'node:crypto';
import { StoreError } from './docstore.js';

export interface DocPath {
  path: string;
  id: string;
  /** The collection path holding the document (`crm_customers/abc/orders`). */
  collection: string;
  /** The last segment of the collection path (`orders`), as collection-group queries see it. */
  collectionId: string;
}

function segments(path: string, what: string): string[] {
  if (typeof path !== 'string' || path === '') throw new StoreError('invalid-argument', `Empty ${what} path`);
  const parts = path.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || /^__.*__$/.test(part)) {
      throw new StoreError('invalid-argument', `Invalid ${what} path '${path}'`);
    }
  }
  return parts;
}

export function parseDocPath(path: string): DocPath {
  const parts = segments(path, 'document');
  if (parts.length % 2 !== 0) {
    throw new StoreError('invalid-argument', `'${path}' is not a document path (it needs an even number of segments)`);
  }
  return {
    path,
    id: parts[parts.length - 1]!,
    collection: parts.slice(0, -1).join('/'),
    collectionId: parts[parts.length - 2]!,
  };
}

/** Checks a collection path and returns its collection id (last segment). */
export function parseCollectionPath(path: string): string {
  const parts = segments(path, 'collection');
  if (parts.length % 2 !== 1) {
    throw new StoreError('invalid-argument', `'${path}' is not a collection path (it needs an odd number of segments)`);
  }
  return parts[parts.length - 1]!;
}

export function parseCollectionId(id: string): string {
  const parts = segments(id, 'collection group');
  if (parts.length !== 1) throw new StoreError('invalid-argument', `A collection group is one collection id, not '${id}'`);
  return id;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 20 random characters from [A-Za-z0-9], unbiased, as Firestore's auto ids. */
export function newDocId(): string {
  let id = '';
  while (id.length < 20) {
    for (const byte of randomBytes(40)) {
      // 248 = 4 * 62: dropping bytes above it keeps every character equally likely.
      if (byte < 248 && id.length < 20) id += ALPHABET[byte % 62];
    }
  }
  return id;
}
