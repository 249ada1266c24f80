import { notFound } from '../http/errors.js';
import { readCustomer } from '../customers/customer-read.js';
import { customerPath } from '../shared/collections.js';
import { normalizeText } from '../search/normalize.js';
import { compactSerial } from '../search/serial-keys.js';
import type { Doc, DocStore, Query, Where } from '../store/docstore.js';
import {
  INSTALLATIONS,
  type Installation,
  type InstallationList,
  type InstallationListQuery,
  type SiteCustomer,
} from './installations.schema.js';
import { readInstallation } from './installation-read.js';

/**
 * The planning lists (issue 21, item 4). One single-field query picks the candidates (a
 * serial's suffix, a range of due or warranty days, never serviced, or the place), so no
 * composite index is needed; the other filters apply to those candidates, and the result is
 * sorted by region, town and day, so one town's towers come together on a trip.
 */

/** Candidates one list reads at most; a list that reaches it says `truncated`. */
export const MAX_CANDIDATES = 5000;

function candidateQuery(query: InstallationListQuery, today: string): Query {
  // A region narrows a day range in the store (a composite index each, firestore.indexes.json).
  const where: Where[] = query.region ? [{ field: 'region_key', op: '==', value: normalizeText(query.region) }] : [];
  if (query.serial) {
    return { collection: INSTALLATIONS, where: [{ field: 'serial_keys', op: 'array-contains', value: compactSerial(query.serial) }] };
  }
  if (query.due_before !== undefined || query.overdue !== undefined) {
    if (query.overdue === true) where.push({ field: 'next_service_due', op: '<', value: today });
    if (query.overdue === false) where.push({ field: 'next_service_due', op: '>=', value: today });
    if (query.due_before !== undefined) where.push({ field: 'next_service_due', op: '<=', value: query.due_before });
    return { collection: INSTALLATIONS, where, orderBy: [{ field: 'next_service_due' }] };
  }
  if (query.warranty_before !== undefined) {
    where.push({ field: 'warranty_until', op: '>=', value: today }, { field: 'warranty_until', op: '<=', value: query.warranty_before });
    return { collection: INSTALLATIONS, where, orderBy: [{ field: 'warranty_until' }] };
  }
  if (query.never_serviced) return { collection: INSTALLATIONS, where: [{ field: 'never_serviced', op: '==', value: true }] };
  if (query.city) where.push({ field: 'city_key', op: '==', value: normalizeText(query.city) });
  if (query.state) where.push({ field: 'state', op: '==', value: query.state });
  return { collection: INSTALLATIONS, where };
}

/**
 * What filtering and sorting read of a candidate, taken from the stored fields: the full API
 * view (with its version hash) is built only for the rows a page returns.
 */
interface Candidate {
  doc: Doc;
  state: Installation['state'];
  serial_number: string | null;
  next_service_due: string | null;
  warranty_until: string | null;
  last_service_on: string | null;
  site: { name: string; city: string; region: string };
  id: string;
}

const textOr = (value: unknown, fallback: string | null): string | null => (typeof value === 'string' && value !== '' ? value : fallback);

function candidateOf(doc: Doc): Candidate {
  const site = (typeof doc.data.site === 'object' && doc.data.site !== null ? doc.data.site : {}) as Record<string, unknown>;
  const state = doc.data.state === 'removed' || doc.data.state === 'replaced' ? doc.data.state : 'active';
  return {
    doc,
    id: doc.id,
    state,
    serial_number: textOr(doc.data.serial_number, null),
    next_service_due: state === 'active' ? textOr(doc.data.next_service_due, null) : null,
    warranty_until: textOr(doc.data.warranty_until, null),
    last_service_on: textOr(doc.data.last_service_on, null),
    site: { name: textOr(site.name, '')!, city: textOr(site.city, '')!, region: textOr(site.region, '')! },
  };
}

function matches(installation: Candidate, query: InstallationListQuery, today: string): boolean {
  const due = installation.next_service_due;
  const serial = query.serial ? compactSerial(query.serial) : null;
  return (
    (query.state === undefined ? query.warranty_before === undefined || installation.state === 'active' : installation.state === query.state) &&
    (!query.region || normalizeText(installation.site.region) === normalizeText(query.region)) &&
    (!query.city || normalizeText(installation.site.city) === normalizeText(query.city)) &&
    (serial === null || (installation.serial_number !== null && compactSerial(installation.serial_number).endsWith(serial))) &&
    (query.due_before === undefined || (due !== null && due <= query.due_before)) &&
    (query.overdue === undefined || (due !== null && (due < today) === query.overdue)) &&
    (query.warranty_before === undefined ||
      (installation.warranty_until !== null && installation.warranty_until >= today && installation.warranty_until <= query.warranty_before)) &&
    (query.never_serviced === undefined || (installation.state === 'active' && installation.last_service_on === null) === query.never_serviced)
  );
}

/** One collator for every comparison: building one per localeCompare call dominates a sort. */
const greek = new Intl.Collator('el', { sensitivity: 'base' });

/** Region, town, then the day the list is about, then the site: a trip's order. */
function tripOrder(query: InstallationListQuery) {
  const day = (installation: Candidate): string =>
    (query.warranty_before !== undefined ? installation.warranty_until : installation.next_service_due) ?? '9999-12-31';
  return (a: Candidate, b: Candidate): number =>
    greek.compare(a.site.region, b.site.region) ||
    greek.compare(a.site.city, b.site.city) ||
    (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : 0) ||
    greek.compare(a.site.name, b.site.name) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export async function siteCustomers(store: DocStore, customerIds: readonly string[]): Promise<Record<string, SiteCustomer>> {
  const ids = [...new Set(customerIds)];
  const docs = ids.length > 0 ? await store.getAll(ids.map(customerPath)) : [];
  const out: Record<string, SiteCustomer> = {};
  for (const doc of docs) {
    if (!doc) continue;
    const customer = readCustomer(doc.id, doc.data);
    const phones = customer.contacts.filter((contact) => contact.type === 'phone');
    out[doc.id] = {
      name: customer.name,
      phone: (phones.find((contact) => contact.primary) ?? phones[0])?.value ?? null,
      open_issues: customer.technical_issues.filter((issue) => issue.active).map((issue) => ({ id: issue.id, note: issue.note })),
    };
  }
  return out;
}

export async function listInstallations(store: DocStore, query: InstallationListQuery, today: string): Promise<InstallationList> {
  const docs = await store.query({ ...candidateQuery(query, today), limit: MAX_CANDIDATES });
  const found = docs
    .map(candidateOf)
    .filter((candidate) => matches(candidate, query, today))
    .sort(tripOrder(query));
  const installations = found.slice(0, query.limit).map(({ doc }) => readInstallation(doc.id, doc.data));
  return {
    installations,
    customers: await siteCustomers(store, installations.map((installation) => installation.customer_id)),
    truncated: found.length > query.limit || docs.length === MAX_CANDIDATES,
  };
}

export async function customerInstallationList(store: DocStore, customerId: string): Promise<InstallationList> {
  if (!(await store.get(customerPath(customerId)))) throw notFound('Customer');
  const docs = await store.query({ collection: INSTALLATIONS, where: [{ field: 'customer_id', op: '==', value: customerId }] });
  const stateRank = { active: 0, replaced: 1, removed: 2 } as const;
  const installations = docs
    .map((doc) => readInstallation(doc.id, doc.data))
    .sort((a, b) => stateRank[a.state] - stateRank[b.state] || greek.compare(a.site.name, b.site.name) || a.id.localeCompare(b.id));
  return { installations, customers: await siteCustomers(store, [customerId]), truncated: false };
}
