import { parseLedger, rawLedger } from '../ledger/ledger.entries.js';
import type { DocData } from '../store/docstore.js';
import { docVersion } from '../http/versions.js';
import { normalizePhone } from '../search/phone.js';
import {
  contactTypes,
  DEFAULT_RELATIONSHIP_STATUS,
  phoneContactTypes,
  relationshipStatuses,
  ticketKinds,
  type Contact,
  type ContactType,
  type Customer,
  type Location,
  type Note,
  type OwnedItem,
  type RelationshipStatus,
  type Ticket,
  type TicketKind,
} from './customers.schema.js';

/**
 * Reading a stored customer, whatever wrote it: this API, the old Python system (legacy
 * `negotiating` / `has_problem` flags, entries without ids, ISO strings for dates), or a
 * console edit. The new fields win where both exist (spec 002, section 5).
 */

/** The id of the technical issue that stands for a legacy `has_problem: true` flag. */
export const LEGACY_PROBLEM_ID = 'legacy-has-problem';
export const LEGACY_PROBLEM_NOTE = 'Migrated from legacy has_problem flag';
export const SYSTEM_ACTOR = 'system';

/** Entries stored without an id get one from their position, persisted by the next write. */
export function legacyEntryId(index: number): string {
  return `legacy-${index}`;
}

const text = (value: unknown, fallback = ''): string =>
  typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : fallback;
const nullableText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function date(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

function entries(value: unknown): DocData[] {
  if (!Array.isArray(value)) return [];
  return value.filter((entry): entry is DocData => typeof entry === 'object' && entry !== null && !Array.isArray(entry));
}

function entryId(entry: DocData, index: number): string {
  return typeof entry.id === 'string' && entry.id !== '' ? entry.id : legacyEntryId(index);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function readContact(entry: DocData, index: number): Contact {
  const type: ContactType = contactTypes.includes(entry.type as ContactType) ? (entry.type as ContactType) : 'other';
  const value = text(entry.value);
  return {
    id: entryId(entry, index),
    type,
    label: text(entry.label),
    value,
    primary: entry.primary === true,
    e164: phoneContactTypes.has(type) ? normalizePhone(value) : null,
  };
}

function readNote(entry: DocData, index: number, fallbackDate: Date): Note {
  return {
    id: entryId(entry, index),
    text: text(entry.text),
    by: text(entry.by),
    by_uid: nullableText(entry.by_uid),
    at: date(entry.at) ?? fallbackDate,
  };
}

function readOwnedItem(entry: DocData, index: number): OwnedItem {
  const id = entryId(entry, index);
  if (entry.type === 'console_device') {
    return { id, type: 'console_device', device_id: text(entry.device_id), label: text(entry.label) };
  }
  if (entry.type === 'product') {
    const quantity = typeof entry.quantity === 'number' && entry.quantity > 0 ? entry.quantity : 1;
    return {
      id,
      type: 'product',
      product_id: text(entry.product_id),
      product_name: text(entry.product_name),
      quantity,
      serial_numbers: strings(entry.serial_numbers),
    };
  }
  return {
    id,
    type: 'freetext',
    description: text(entry.description),
    serial_number: text(entry.serial_number),
    notes: text(entry.notes),
  };
}

function readTicket(entry: DocData, index: number, fallbackDate: Date): Ticket {
  const resolved = date(entry.resolved_date);
  return {
    id: entryId(entry, index),
    active: typeof entry.active === 'boolean' ? entry.active : resolved === null,
    opened_date: date(entry.opened_date) ?? fallbackDate,
    resolved_date: resolved,
    note: text(entry.note),
    opened_by: text(entry.opened_by),
    opened_by_uid: nullableText(entry.opened_by_uid),
    resolved_by: nullableText(entry.resolved_by),
    resolved_by_uid: nullableText(entry.resolved_by_uid),
  };
}

/** The active issue a legacy `has_problem: true` stands for, as the migration writes it. */
export function legacyProblemTicket(openedDate: Date): Ticket {
  return {
    id: LEGACY_PROBLEM_ID,
    active: true,
    opened_date: openedDate,
    resolved_date: null,
    note: LEGACY_PROBLEM_NOTE,
    opened_by: SYSTEM_ACTOR,
    opened_by_uid: null,
    resolved_by: null,
    resolved_by_uid: null,
  };
}

function readTickets(data: DocData, kind: TicketKind, updatedAt: Date): Ticket[] {
  const tickets = entries(data[kind]).map((entry, index) => readTicket(entry, index, updatedAt));
  if (kind === 'technical_issues' && tickets.length === 0 && data.has_problem === true) {
    return [legacyProblemTicket(updatedAt)];
  }
  return tickets;
}

function readRelationshipStatus(data: DocData): RelationshipStatus {
  const stored = relationshipStatuses.includes(data.relationship_status as RelationshipStatus)
    ? (data.relationship_status as RelationshipStatus)
    : DEFAULT_RELATIONSHIP_STATUS;
  // A legacy negotiating customer is active unless staff have since moved them on.
  return data.negotiating === true && stored === DEFAULT_RELATIONSHIP_STATUS ? 'active' : stored;
}

function readLocation(value: unknown): Location | null {
  if (typeof value !== 'object' || value === null) return null;
  const location = value as DocData;
  return { city: text(location.city), country: text(location.country), region: text(location.region) };
}

/** A legacy single code is a list of one; nothing stored means Greek. */
function readLanguages(value: unknown): string[] {
  const codes = (typeof value === 'string' ? [value] : strings(value)).map((code) => code.trim()).filter((code) => code !== '');
  return codes.length > 0 ? [...new Set(codes)] : ['el'];
}

/** The API view of a stored customer document. */
export function readCustomer(id: string, data: DocData): Customer {
  const updatedAt = date(data.updated_at) ?? date(data.created_at) ?? new Date(0);
  const createdAt = date(data.created_at) ?? updatedAt;
  const tickets = Object.fromEntries(ticketKinds.map((kind) => [kind, readTickets(data, kind, updatedAt)])) as Record<
    TicketKind,
    Ticket[]
  >;
  return {
    id,
    name: text(data.name),
    title: nullableText(data.title),
    organization: nullableText(data.organization),
    religion: nullableText(data.religion),
    contacts: entries(data.contacts).map(readContact),
    notes: entries(data.notes).map((entry, index) => readNote(entry, index, createdAt)),
    location: readLocation(data.location),
    language: readLanguages(data.language),
    tags: strings(data.tags),
    owned_items: entries(data.owned_items).map(readOwnedItem),
    linked_user_ids: strings(data.linked_user_ids),
    nextcloud_folder: nullableText(data.nextcloud_folder),
    relationship_status: readRelationshipStatus(data),
    technical_issues: tickets.technical_issues,
    install_support: tickets.install_support,
    transaction_history: parseLedger(rawLedger(data)).entries,
    has_active_issue: tickets.technical_issues.some((t) => t.active),
    has_active_support: tickets.install_support.some((t) => t.active),
    archived_at: date(data.archived_at),
    created_at: createdAt,
    updated_at: updatedAt,
    version: docVersion(data),
  };
}
