import { cursorAfter, type Cursor, type Doc, type DocStore, type Query } from '../store/docstore.js';

/**
 * Cursor paging over DocStore queries. A page reads at most `limit + 1` documents per batch
 * (the extra one tells whether another page exists), and a bounded number of batches when
 * some candidates are filtered in memory; it never reads a whole collection.
 */

/** Names a query's ordering, e.g. `name_sort:asc`: a list's cursors carry it (shared/cursor.ts). */
export function orderingName(query: Query): string {
  return (query.orderBy ?? []).map((o) => `${o.field}:${o.direction ?? 'asc'}`).join(',');
}

export interface ScanOptions {
  limit: number;
  startAfter?: Cursor;
  /** Candidates failing this are skipped (filters the store query could not express). */
  accept?: (doc: Doc) => boolean;
  /** With `accept`: how many pages' worth of candidates (limit + 1 each) may be read to fill one page. */
  maxPages?: number;
}

export interface ScannedPage {
  docs: Doc[];
  /** Where the next page starts, or null when the query has no more documents. */
  next: Cursor | null;
}

/**
 * One page of `query`. Without `accept` it reads limit + 1 documents. With `accept`, a first
 * batch of limit + 1 fills the page when most candidates pass; otherwise one more query reads
 * the rest of the budget at once (fewer round trips than page-sized batches). A page cut
 * short by the budget still carries a cursor, so the client asks for more.
 */
export async function scanPage(store: DocStore, query: Query, options: ScanOptions): Promise<ScannedPage> {
  const { limit, accept, maxPages = 1 } = options;
  const batches = accept && maxPages > 1 ? [limit + 1, (maxPages - 1) * (limit + 1)] : [limit + 1];
  const docs: Doc[] = [];
  let after = options.startAfter;
  for (const batchSize of batches) {
    const found = await store.query({ ...query, limit: batchSize, ...(after ? { startAfter: after } : {}) });
    for (const doc of found) {
      if (accept && !accept(doc)) continue;
      if (docs.length === limit) return { docs, next: cursorAfter(docs[limit - 1]!, query.orderBy) };
      docs.push(doc);
    }
    if (found.length < batchSize) return { docs, next: null };
    after = cursorAfter(found[found.length - 1]!, query.orderBy);
  }
  return { docs, next: after ?? null };
}
