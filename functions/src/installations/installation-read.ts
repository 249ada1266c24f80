import type { DocData } from '../store/docstore.js';
import { docVersion } from '../http/versions.js';
import { normalizeText } from '../search/normalize.js';
import { serialSuffixes } from '../search/serial-keys.js';
import {
  installationStates,
  visitKinds,
  visitOutcomes,
  type FirmwareChange,
  type Installation,
  type Site,
  type Visit,
} from './installations.schema.js';
import { nextServiceDue } from './service-dates.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const nullableText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const nullableNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const record = (value: unknown): DocData => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as DocData) : {});
const list = (value: unknown): DocData[] => (Array.isArray(value) ? value.map(record) : []);

function date(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown, fallback: T): T {
  return values.includes(value as T) ? (value as T) : fallback;
}

function readSite(value: unknown): Site {
  const site = record(value);
  return {
    name: text(site.name),
    address: text(site.address),
    city: text(site.city),
    region: text(site.region),
    lat: nullableNumber(site.lat),
    lng: nullableNumber(site.lng),
  };
}

function readFirmwareChange(entry: DocData): FirmwareChange {
  return {
    version: text(entry.version),
    previous: nullableText(entry.previous),
    at: date(entry.at) ?? new Date(0),
    by: text(entry.by),
    by_uid: text(entry.by_uid),
    visit_id: nullableText(entry.visit_id),
  };
}

/** The API view of a stored installation; the next due date is computed on every read. */
export function readInstallation(id: string, data: DocData): Installation {
  const updatedAt = date(data.updated_at) ?? date(data.created_at) ?? new Date(0);
  const state = oneOf(installationStates, data.state, 'active');
  const installedOn = nullableText(data.installed_on);
  const lastServiceOn = nullableText(data.last_service_on);
  const interval = nullableNumber(data.service_interval_months);
  return {
    id,
    customer_id: text(data.customer_id),
    product_id: nullableText(data.product_id),
    product_name: text(data.product_name),
    device_id: nullableText(data.device_id),
    serial_number: nullableText(data.serial_number),
    site: readSite(data.site),
    installed_on: installedOn,
    installed_by: text(data.installed_by),
    order_id: nullableText(data.order_id),
    warranty_until: nullableText(data.warranty_until),
    firmware_version: nullableText(data.firmware_version),
    firmware_history: list(data.firmware_history).map(readFirmwareChange),
    state,
    replaced_by: nullableText(data.replaced_by),
    service_interval_months: interval,
    last_service_on: lastServiceOn,
    next_service_due: state === 'active' ? nextServiceDue({ installedOn, lastServiceOn, intervalMonths: interval }) : null,
    notes: text(data.notes),
    photos_folder: nullableText(data.photos_folder),
    created_at: date(data.created_at) ?? updatedAt,
    updated_at: updatedAt,
    updated_by: text(data.updated_by),
    version: docVersion(data),
  };
}

/**
 * Fields stored beside the API view so the planning lists are single-field queries (no
 * composite index): `next_service_due` is null unless active with a plan, so a range on it
 * lists only what a technician should visit; `serial_keys` holds the serial's suffixes.
 */
export function installationIndexFields(installation: Installation): DocData {
  return {
    next_service_due: installation.next_service_due,
    region_key: normalizeText(installation.site.region),
    city_key: normalizeText(installation.site.city),
    serial_keys: installation.serial_number ? serialSuffixes(installation.serial_number) : [],
    never_serviced: installation.state === 'active' && installation.last_service_on === null,
  };
}

/** The stored form: the API view without id and version, plus its index fields and who wrote it. */
export function storedInstallation(installation: Installation, byUid: string): DocData {
  const { id: _id, version: _version, ...fields } = installation;
  return { ...fields, ...installationIndexFields(installation), updated_by_uid: byUid };
}

export function readVisit(id: string, data: DocData): Visit {
  const updatedAt = date(data.updated_at) ?? date(data.created_at) ?? new Date(0);
  return {
    id,
    installation_id: text(data.installation_id),
    customer_id: text(data.customer_id),
    date: text(data.date),
    technician_uid: text(data.technician_uid),
    technician_name: text(data.technician_name),
    kind: oneOf(visitKinds, data.kind, 'inspection'),
    work_done: text(data.work_done),
    parts: list(data.parts).map((part) => ({ product_id: text(part.product_id), quantity: nullableNumber(part.quantity) ?? 0 })),
    minutes_on_site: nullableNumber(data.minutes_on_site),
    outcome: oneOf(visitOutcomes, data.outcome, 'ok'),
    issue_id: nullableText(data.issue_id),
    firmware_version: nullableText(data.firmware_version),
    created_at: date(data.created_at) ?? updatedAt,
    updated_at: updatedAt,
    updated_by: text(data.updated_by),
    version: docVersion(data),
  };
}

export function storedVisit(visit: Visit, byUid: string): DocData {
  const { id: _id, version: _version, ...fields } = visit;
  return { ...fields, updated_by_uid: byUid };
}
