/**
 * Facet keys: a document's list filters folded into one indexed array (`list_keys`), so any
 * combination of filters ("tag=church & relationship_status=active & has an active issue")
 * is a single `array-contains` query, answered from the index a page at a time, with one
 * composite index per sort order instead of one per combination of filters.
 *
 * A document stores one key per combination of its facet values: with facets in a fixed
 * order, each facet either left out or set to one of the document's values for it.
 */

/** Facet name → the document's values for it (several for a multi-valued facet like tags). */
export type FacetValues = ReadonlyArray<readonly [name: string, values: readonly string[]]>;

/** Facet name → the one value a list request filters on; facets not filtered are absent. */
export type FacetFilter = ReadonlyArray<readonly [name: string, value: string | undefined]>;

function part(name: string, value: string): string {
  return `${name}=${encodeURIComponent(value)}`;
}

/** Every key of a document (facets in the order given, which must match facetKey's). */
export function facetKeys(facets: FacetValues): string[] {
  let combos: string[][] = [[]];
  for (const [name, values] of facets) {
    const unique = [...new Set(values)];
    combos = combos.flatMap((combo) => [combo, ...unique.map((value) => [...combo, part(name, value)])]);
  }
  return combos.filter((combo) => combo.length > 0).map((combo) => combo.join('&'));
}

/** The key to query for a filter, or null when nothing is filtered. */
export function facetKey(filter: FacetFilter): string | null {
  const parts = filter.flatMap(([name, value]) => (value === undefined ? [] : [part(name, value)]));
  return parts.length > 0 ? parts.join('&') : null;
}
