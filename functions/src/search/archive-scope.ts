/**
 * Archived documents in keyed lists (keyed-list.ts). An archived document keeps its data and
 * is read by id as before, but its `list_keys` are moved under ARCHIVED_KEY: it holds
 * `archived` and `archived&<key>` instead of its facet keys. So every filtered list of live
 * documents leaves it out by the same index lookup as before, the "archived" view is one
 * lookup of `archived` (or `archived&<filter>`), and a list of live documents without a
 * filter skips the few that carry `archived`. Facet keys start with `name=`, so neither form
 * can clash with one. Search keys stay as they are: comms still match an archived customer's
 * address, and a search checks the scope on its candidates.
 */
export const ARCHIVED_KEY = 'archived';

/** The `list_keys` a document stores: its facet keys, or their archived form. */
export function scopedListKeys(keys: readonly string[], archived: boolean): string[] {
  return archived ? [ARCHIVED_KEY, ...keys.map((key) => `${ARCHIVED_KEY}&${key}`)] : [...keys];
}

/** The `list_keys` entry to look up for a filter (facetKey) in the live or archived view; null: live, no filter. */
export function scopedFilterKey(filterKey: string | null, archived: boolean): string | null {
  if (!archived) return filterKey;
  return filterKey ? `${ARCHIVED_KEY}&${filterKey}` : ARCHIVED_KEY;
}

/** Whether stored `list_keys` mark the document archived. */
export function isArchivedKeys(listKeys: unknown): boolean {
  return Array.isArray(listKeys) && listKeys.includes(ARCHIVED_KEY);
}
