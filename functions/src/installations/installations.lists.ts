import { notFound } from '../http/errors.js';
import { readCustomer } from '../customers/customer-read.js';
import { customerPath } from '../shared/collections.js';
import { normalizeText } from '../search/normalize.js';
import { compactSerial } from '../search/serial-keys.js';
import type { DocStore, Query, Where } from '../store/docstore.js';
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
  const where: Where[] = [];
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
    return {
      collection: INSTALLATIONS,
      where: [
        { field: 'warranty_until', op: '>=', value: today },
        { field: 'warranty_until', op: '<=', value: query.warranty_before },
      ],
      orderBy: [{ field: 'warranty_until' }],
    };
  }
  if (query.never_serviced) return { collection: INSTALLATIONS, where: [{ field: 'never_serviced', op: '==', value: true }] };
  if (query.region) where.push({ field: 'region_key', op: '==', value: normalizeText(query.region) });
  if (query.city) where.push({ field: 'city_key', op: '==', value: normalizeText(query.city) });
  if (query.state) where.push({ field: 'state', op: '==', value: query.state });
  return { collection: INSTALLATIONS, where };
}

function matches(installation: Installation, query: InstallationListQuery, today: string): boolean {
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

/** Region, town, then the day the list is about, then the site: a trip's order. */
function tripOrder(query: InstallationListQuery) {
  const day = (installation: Installation): string =>
    (query.warranty_before !== undefined ? installation.warranty_until : installation.next_service_due) ?? '9999-12-31';
  return (a: Installation, b: Installation): number =>
    normalizeText(a.site.region).localeCompare(normalizeText(b.site.region), 'el') ||
    normalizeText(a.site.city).localeCompare(normalizeText(b.site.city), 'el') ||
    day(a).localeCompare(day(b)) ||
    a.site.name.localeCompare(b.site.name, 'el') ||
    a.id.localeCompare(b.id);
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
    .map((doc) => readInstallation(doc.id, doc.data))
    .filter((installation) => matches(installation, query, today))
    .sort(tripOrder(query));
  const installations = found.slice(0, query.limit);
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
    .sort((a, b) => stateRank[a.state] - stateRank[b.state] || a.site.name.localeCompare(b.site.name, 'el') || a.id.localeCompare(b.id));
  return { installations, customers: await siteCustomers(store, [customerId]), truncated: false };
}
