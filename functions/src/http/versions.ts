import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ApiError } from './errors.js';

/**
 * Document versions for optimistic concurrency (ETag / If-Match).
 *
 * A version is a hash of the stored document's content, not a counter: every writer (routes,
 * Firestore triggers, console edits, imports) changes it without having to remember to bump
 * anything, and two reads of the same content always agree. A write that names a version
 * checks it inside its own transaction against the document it just read, so a stale write
 * gets 412 and the document as it is now.
 */

/** Dates as ISO text (adapters may hand back either), keys sorted, undefined left out. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((entry) => (entry === undefined ? null : canonical(entry)));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) out[key] = canonical(entry);
    }
    return out;
  }
  return value;
}

/** The version of a stored document's data (without its id). */
export function docVersion(data: object): string {
  return createHash('sha256').update(JSON.stringify(canonical(data))).digest('base64url').slice(0, 22);
}

/** The `version` of a response body, if it is a document that has one. */
export function versionOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const version = (body as { version?: unknown }).version;
  return typeof version === 'string' && version !== '' ? version : undefined;
}

export const etagOf = (version: string): string => `"${version}"`;

/**
 * What a write must match: the versions an `If-Match` header lists (`"v"`, `W/"v"`, a comma
 * list, or `*` for "any existing version"), or undefined when the header is absent.
 */
export type Precondition = { any: true } | { versions: string[] } | undefined;

export function preconditionOf(req: Request): Precondition {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '') return undefined;
  if (header.trim() === '*') return { any: true };
  const versions = [...header.matchAll(/(?:W\/)?"([^"]*)"/g)].map((m) => m[1]!);
  if (versions.length === 0) {
    throw new ApiError('bad_request', 'If-Match must list quoted versions, e.g. If-Match: "abc", as sent in the ETag header', [
      { path: 'If-Match', message: 'not an entity tag' },
    ]);
  }
  return { versions };
}

/**
 * Throws 412 with the current document unless `data` (the document just read in the write's
 * transaction) has a version the precondition accepts. `current` builds the API view of it.
 */
export function assertVersion(precondition: Precondition, data: object, current: () => unknown): void {
  if (!precondition || 'any' in precondition) return;
  const version = docVersion(data);
  if (precondition.versions.includes(version)) return;
  throw new ApiError(
    'precondition_failed',
    'The record was changed since you read it: review the current version and apply your change again',
    [{ path: 'If-Match', message: `is not the current version "${version}"` }],
    { current: current() },
  );
}
