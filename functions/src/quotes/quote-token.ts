import { createHash, randomBytes } from 'node:crypto';
import type { DocStore } from '../store/docstore.js';
import { ApiError } from '../http/errors.js';
import { QUOTES } from './quote-paths.js';
import type { Doc } from '../store/docstore.js';

/** The customer's answer link: 256 random bits, of which only the sha-256 is stored. */
export function newQuoteToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashQuoteToken(token) };
}

export function hashQuoteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The quote a link opens. A revision retires its predecessor's links: they answer 410 like an
 * expired quote's, and an unknown token 404;
 * neither says anything about other quotes.
 */
export async function quoteByToken(store: DocStore, token: string): Promise<Doc> {
  const hash = hashQuoteToken(token);
  const [doc] = await store.query({ collectionGroup: QUOTES, where: [{ field: 'public_token_hashes', op: 'array-contains', value: hash }], limit: 1 });
  if (doc) return doc;
  const [retired] = await store.query({ collectionGroup: QUOTES, where: [{ field: 'retired_token_hashes', op: 'array-contains', value: hash }], limit: 1 });
  if (retired) throw new ApiError('gone', 'This quotation was replaced by a newer one; ask for its link', [{ path: 'token', message: 'superseded' }]);
  throw new ApiError('not_found', 'No quotation at this link');
}
