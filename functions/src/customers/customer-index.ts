import { cursorAfter, type Cursor, type DocChange, type DocData, type DocStore } from '../store/docstore.js';
import { writeStamp } from '../shared/actor.js';
import { facetKey, facetKeys, type FacetFilter } from '../search/facet-keys.js';
import { scopedListKeys } from '../search/archive-scope.js';
import { normalizeText } from '../search/normalize.js';
import { phoneSearchKeys, textSearchKeys } from '../search/search-keys.js';
import { serialSearchKeys } from '../search/serial-keys.js';
import { valuesEqual } from '../store/values.js';
import { readCustomer } from './customer-read.js';
import { CUSTOMERS, parseCustomerPath } from '../shared/collections.js';
import type { Customer, RelationshipStatus } from './customers.schema.js';

/**
 * Fields derived from a customer and stored on its document so the list and the search are
 * index queries (never a scan): `search_keys` (search-keys.ts), `list_keys` (facet-keys.ts),
 * `name_sort`, and the active-ticket flags. They are not part of the API view.
 */
export interface CustomerIndexFields {
  search_keys: string[];
  list_keys: string[];
  name_sort: string;
  has_active_issue: boolean;
  has_active_support: boolean;
}

export const indexFieldNames: (keyof CustomerIndexFields)[] = [
  'search_keys',
  'list_keys',
  'name_sort',
  'has_active_issue',
  'has_active_support',
];

/** The list's filters, in the fixed order facet keys are built in. */
export interface CustomerFilter {
  tag?: string | undefined;
  relationship_status?: RelationshipStatus | undefined;
  has_active_issue?: boolean | undefined;
  has_active_support?: boolean | undefined;
}

/**
 * Facet names and flag values are one letter: every customer stores a key per combination,
 * and every list page reads them back, so their length is paid on each read.
 */
const facet = { tag: 't', relationship_status: 'r', has_active_issue: 'i', has_active_support: 's' } as const;
const bit = (value: boolean): string => (value ? '1' : '0');

function filterFacets(filter: CustomerFilter): FacetFilter {
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : bit(value));
  return [
    [facet.tag, filter.tag],
    [facet.relationship_status, filter.relationship_status],
    [facet.has_active_issue, flag(filter.has_active_issue)],
    [facet.has_active_support, flag(filter.has_active_support)],
  ];
}

/** The `list_keys` entry every customer matching `filter` holds; null for no filter. */
export function customerFilterKey(filter: CustomerFilter): string | null {
  return facetKey(filterFacets(filter));
}

/** The serial numbers of what the customer owns (issue 21: a customer is found by a device's serial). */
function ownedSerials(customer: Customer): string[] {
  return customer.owned_items.flatMap((item) => {
    if (item.type === 'product') return item.serial_numbers;
    if (item.type === 'console_device') return [item.device_id];
    return [item.serial_number];
  });
}

function searchKeys(customer: Customer): string[] {
  const keys = new Set<string>([
    ...textSearchKeys(customer.name),
    ...textSearchKeys(customer.organization ?? ''),
    // Staff look customers up by place too ("Αθηνα", "Kriti"); an address is an 'other' contact.
    ...textSearchKeys([customer.location?.city, customer.location?.region, customer.location?.country].join(' ')),
  ]);
  for (const contact of customer.contacts) {
    const contactKeys = contact.e164 ? phoneSearchKeys(contact.e164) : textSearchKeys(contact.value);
    for (const key of contactKeys) keys.add(key);
  }
  for (const key of serialSearchKeys(ownedSerials(customer))) keys.add(key);
  return [...keys];
}

export function customerIndexFields(customer: Customer): CustomerIndexFields {
  return {
    search_keys: searchKeys(customer),
    list_keys: scopedListKeys(
      facetKeys([
        [facet.tag, customer.tags],
        [facet.relationship_status, [customer.relationship_status]],
        [facet.has_active_issue, [bit(customer.has_active_issue)]],
        [facet.has_active_support, [bit(customer.has_active_support)]],
      ]),
      customer.archived_at !== null,
    ),
    name_sort: normalizeText(customer.name),
    has_active_issue: customer.has_active_issue,
    has_active_support: customer.has_active_support,
  };
}

/**
 * The index fields for stored customer data, for code that writes a customer document
 * outside CustomersService (init-negotiations changing relationship_status, imports): spread
 * them into the same write.
 */
export function indexFieldsOf(id: string, data: DocData): CustomerIndexFields {
  return customerIndexFields(readCustomer(id, data));
}

/**
 * The write that changes a customer's relationship status from outside CustomersService
 * (init-negotiations): the status, updated_at, and the index fields that follow from it.
 */
export function relationshipStatusUpdate(id: string, data: DocData, status: RelationshipStatus, now: Date): DocData {
  const changed = { relationship_status: status, updated_at: now, ...writeStamp() };
  return { ...changed, ...indexFieldsOf(id, { ...data, ...changed }) };
}

/** Whether `data` already holds exactly these index fields. */
export function hasIndexFields(data: DocData, fields: CustomerIndexFields): boolean {
  return indexFieldNames.every((name) => valuesEqual(data[name], fields[name]));
}

/**
 * Trigger handler for a written customer document: brings its index fields up to date when
 * something else wrote it (a console edit, a script). Idempotent: it writes only when a field
 * differs, so its own write triggers nothing further. Returns whether it wrote.
 */
export async function reindexCustomer(store: DocStore, change: DocChange): Promise<boolean> {
  const id = parseCustomerPath(change.path);
  if (!id || !change.after) return false;
  return store.runTransaction(async (tx) => {
    const doc = await tx.get(change.path);
    if (!doc) return false;
    const fields = indexFieldsOf(id, doc.data);
    if (hasIndexFields(doc.data, fields)) return false;
    tx.update(change.path, { ...fields });
    return true;
  });
}

/**
 * Brings every stored customer's index fields up to date, a page at a time, writing only the
 * customers whose fields differ. Run when the way keys are computed changes (new search
 * forms, new searchable fields), since documents otherwise keep the keys of their last write.
 * Returns how many customers it rewrote.
 */
export async function reindexStoredCustomers(store: DocStore, pageSize = 200): Promise<number> {
  let rewritten = 0;
  let startAfter: Cursor | undefined;
  for (;;) {
    const page = await store.query({ collection: CUSTOMERS, limit: pageSize, ...(startAfter ? { startAfter } : {}) });
    for (const doc of page) {
      if (hasIndexFields(doc.data, indexFieldsOf(doc.path.slice(CUSTOMERS.length + 1), doc.data))) continue;
      if (await reindexCustomer(store, { path: doc.path, before: doc.data, after: doc.data })) rewritten += 1;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return rewritten;
    startAfter = cursorAfter(last);
  }
}
