import type { Doc, DocStore, OrderBy, Query, Where } from '../store/docstore.js';
import { decodeStoreCursor, encodeStoreCursor } from '../shared/cursor.js';
import { orderingName, scanPage } from './paging.js';
import { matchesTerms, parseSearchQuery, type SearchTerm } from './search-keys.js';
import { scopedFilterKey } from './archive-scope.js';

/**
 * A list page over documents that carry `search_keys` (search-keys.ts) and `list_keys`
 * (facet-keys.ts): one `array-contains` query on an indexed array, ordered and paged by
 * cursor. Filters alone are one `list_keys` lookup. A search is one `search_keys` lookup on
 * its most selective word (by index count); its other words and the filters are checked on
 * those candidates only, reading at most MAX_PAGES pages' worth of them. Every list is of the
 * live documents or, asked for, of the archived ones (archive-scope.ts): without a filter it
 * is the lookup of their scope key.
 */

/** A filtered search reads at most this many pages' worth of candidates per page. */
const MAX_PAGES = 4;

export interface KeyedListRequest {
  collection: string;
  orderBy: OrderBy[];
  /** The search box text, if any. */
  search?: string | undefined;
  /** The `list_keys` entry the filters ask for (facetKey), or null. */
  filterKey: string | null;
  /** The archived documents instead of the live ones. */
  archived?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface KeyedListPage {
  docs: Doc[];
  /** How many documents match; null when candidates are filtered in memory. */
  total: number | null;
  next_cursor: string | null;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

const searchWhere = (term: SearchTerm): Where => ({ field: 'search_keys', op: 'array-contains', value: term.key });

export async function listByKeys(store: DocStore, request: KeyedListRequest): Promise<KeyedListPage> {
  const { collection, orderBy, limit } = request;
  const filterKey = scopedFilterKey(request.filterKey, request.archived === true);
  const ordering = orderingName({ collection, orderBy });
  const inCollection = new RegExp(`^${collection}/[A-Za-z0-9_-]{1,128}$`);
  const startAfter = request.cursor
    ? decodeStoreCursor(request.cursor, { ordering, values: orderBy.length, path: (path) => inCollection.test(path) })
    : undefined;
  const terms = request.search ? parseSearchQuery(request.search) : [];

  let where: Where[];
  let accept: ((doc: Doc) => boolean) | undefined;
  if (terms.length > 0) {
    let main = 0;
    if (terms.length > 1) {
      const counts = await Promise.all(terms.map((term) => store.count({ collection, where: [searchWhere(term)] })));
      if (counts.includes(0)) return { docs: [], total: 0, next_cursor: null };
      main = counts.indexOf(Math.min(...counts));
    }
    where = [searchWhere(terms[main]!)];
    const rest = terms.filter((_, index) => index !== main);
    accept = (doc) =>
      (rest.length === 0 || matchesTerms(new Set(strings(doc.data.search_keys)), rest)) &&
      strings(doc.data.list_keys).includes(filterKey);
  } else {
    where = [{ field: 'list_keys', op: 'array-contains', value: filterKey }];
  }

  const query: Query = { collection, where, orderBy };
  const [page, total] = await Promise.all([
    scanPage(store, query, {
      limit,
      ...(startAfter ? { startAfter } : {}),
      ...(accept ? { accept, maxPages: MAX_PAGES } : {}),
    }),
    accept ? Promise.resolve(null) : store.count({ collection, where }),
  ]);
  return { docs: page.docs, total, next_cursor: page.next ? encodeStoreCursor(page.next, ordering) : null };
}
