/**
 * Archived documents in keyed lists (keyed-list.ts). An archived document keeps its data and
 * is read by id as before, but its `list_keys` move under ARCHIVED_KEY: it holds `archived`
 * and `archived&<key>` instead of `live` and its facet keys. So the live list, filtered or
 * not, and the archived view are each one `list_keys` lookup answered from the index, and
 * neither ever reads a document of the other. Facet keys start with `name=`, so these keys
 * cannot clash with one. Search keys stay as they are (comms still match an archived
 * customer's address); a search checks the scope key on its candidates.
 *
 * Documents written before these keys existed lack `live` until reindexed
 * (reindexStoredCustomers, reindexStoredProducts; the embedded server runs both at start).
 */
export const LIVE_KEY = 'live';
export const ARCHIVED_KEY = 'archived';

/** The `list_keys` a document stores: its facet keys, live or in their archived form. */
export function scopedListKeys(keys: readonly string[], archived: boolean): string[] {
  return archived ? [ARCHIVED_KEY, ...keys.map((key) => `${ARCHIVED_KEY}&${key}`)] : [LIVE_KEY, ...keys];
}

/** The `list_keys` entry to look up for a filter (facetKey, or null for none) in the live or archived view. */
export function scopedFilterKey(filterKey: string | null, archived: boolean): string {
  if (!archived) return filterKey ?? LIVE_KEY;
  return filterKey ? `${ARCHIVED_KEY}&${filterKey}` : ARCHIVED_KEY;
}
