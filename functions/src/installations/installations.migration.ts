import { readCustomer } from '../customers/customer-read.js';
import { normalizeText } from '../search/normalize.js';
import type { Actor } from '../shared/actor.js';
import { CUSTOMERS, PRODUCTS, ordersPath, productPath } from '../shared/collections.js';
import type { Cursor, Doc, DocData, DocStore, Transaction } from '../store/docstore.js';
import type { OwnedItem } from '../customers/customers.schema.js';
import { installationPath, type Installation } from './installations.schema.js';
import { readInstallation, storedInstallation } from './installation-read.js';
import { DEFAULT_INTERVAL_MONTHS, photosFolderOf, serialPath } from './installations.service.js';
import { customerInstallations, isDerived, ownedItemsWrite } from './owned-items.js';

/**
 * `npm run migrate-installations`: turns customers' legacy owned items (spec 000/001) into
 * installations: a `product` item gives one installation per serial number, and one without
 * serial per further unit of its quantity; a `console_device` item gives one installation of
 * that device. The converted items leave `owned_items` in the same transaction, which is then
 * derived from the installations (owned-items.ts), so a spec client reads the same things and
 * a rerun finds nothing left to convert. Installation ids are fixed by the item they came
 * from. A serial another customer already holds is not taken: the unit is recorded without
 * it, and the report says so. Free-text items stay as they are.
 */

const PAGE = 200;
const ACTOR: Actor = { name: 'script:migrate-installations', uid: 'script:migrate-installations' };

export interface CustomerInstallationsMigration {
  id: string;
  name: string;
  /** What was (or, in a dry run, would be) done, in words. */
  changes: string[];
}

export interface InstallationsMigrationReport {
  dryRun: boolean;
  scanned: number;
  created: number;
  migrated: CustomerInstallationsMigration[];
}

export interface InstallationsMigrationOptions {
  dryRun: boolean;
  now: () => Date;
  onCustomer?: (migration: CustomerInstallationsMigration) => void;
}

const isLegacy = (item: DocData): boolean => (item.type === 'product' || item.type === 'console_device') && !isDerived(item);
const entries = (value: unknown): DocData[] =>
  Array.isArray(value) ? value.filter((entry): entry is DocData => typeof entry === 'object' && entry !== null) : [];

export async function migrateInstallations(store: DocStore, options: InstallationsMigrationOptions): Promise<InstallationsMigrationReport> {
  const report: InstallationsMigrationReport = { dryRun: options.dryRun, scanned: 0, created: 0, migrated: [] };
  let after: Cursor | undefined;
  for (;;) {
    const page = await store.query({ collection: CUSTOMERS, limit: PAGE, ...(after ? { startAfter: after } : {}) });
    for (const doc of page) {
      report.scanned += 1;
      if (!entries(doc.data.owned_items).some(isLegacy)) continue;
      const migration = await store.runTransaction((tx) => migrateCustomer(tx, doc.path, options));
      if (migration) {
        report.created += migration.created;
        report.migrated.push(migration.report);
        options.onCustomer?.(migration.report);
      }
    }
    if (page.length < PAGE) return report;
    after = { values: [], path: page[page.length - 1]!.path };
  }
}

/** The catalogue product an item names: its id when it exists, else one product of the same name. */
async function catalogueProduct(tx: Transaction, item: Extract<OwnedItem, { type: 'product' }>): Promise<Doc | null> {
  if (item.product_id) {
    const byId = await tx.get(productPath(item.product_id));
    if (byId) return byId;
  }
  if (!item.product_name) return null;
  const byName = await tx.query({ collection: PRODUCTS, where: [{ field: 'name_sort', op: '==', value: normalizeText(item.product_name) }], limit: 1 });
  return byName[0] ?? null;
}

/** The customer's order whose items list this serial, if any. */
function orderOf(orders: Doc[], serial: string): string | null {
  const found = orders.find((order) =>
    entries(order.data.items).some((item) => Array.isArray(item.serial_numbers) && item.serial_numbers.includes(serial)),
  );
  return found?.id ?? null;
}

async function migrateCustomer(
  tx: Transaction,
  path: string,
  options: InstallationsMigrationOptions,
): Promise<{ report: CustomerInstallationsMigration; created: number } | null> {
  const doc = await tx.get(path);
  if (!doc) return null;
  const customer = readCustomer(doc.id, doc.data);
  const raw = entries(doc.data.owned_items);
  const legacy = customer.owned_items.filter((_, index) => isLegacy(raw[index] ?? {}));
  if (legacy.length === 0) return null;
  const now = options.now();
  const orders = await tx.query({ collection: ordersPath(doc.id) });
  const existing = await customerInstallations(tx, doc.id);
  const site = {
    name: customer.organization ?? customer.name,
    address: '',
    city: customer.location?.city ?? '',
    region: customer.location?.region ?? '',
    lat: null,
    lng: null,
  };
  const changes: string[] = [];
  const made: Installation[] = [];
  const unit = (id: string, fields: Partial<Installation>): Installation => ({
    id,
    customer_id: doc.id,
    product_id: null,
    product_name: '',
    device_id: null,
    serial_number: null,
    site,
    installed_on: null,
    installed_by: '',
    order_id: null,
    warranty_until: null,
    firmware_version: null,
    firmware_history: [],
    state: 'active',
    replaced_by: null,
    service_interval_months: null,
    last_service_on: null,
    next_service_due: null,
    notes: 'Από τα owned_items του πελάτη (μετάπτωση)',
    photos_folder: photosFolderOf(fields.serial_number ?? null, id),
    created_at: now,
    updated_at: now,
    updated_by: ACTOR.name,
    version: '',
    ...fields,
  });

  for (const item of legacy) {
    if (item.type === 'console_device') {
      made.push(unit(`mig-${item.id}`, { device_id: item.device_id || null, product_name: item.label }));
      changes.push(`console device ${item.device_id || '(no id)'} → installation mig-${item.id}`);
      continue;
    }
    if (item.type !== 'product') continue;
    const product = await catalogueProduct(tx, item);
    const productFields = {
      product_id: product?.id ?? null,
      product_name: product ? String(product.data.name ?? item.product_name) : item.product_name,
      service_interval_months: product ? DEFAULT_INTERVAL_MONTHS : null,
    };
    const serials = [...new Set(item.serial_numbers)];
    const units = Math.max(item.quantity, serials.length);
    for (let n = 0; n < units; n++) {
      const serial = serials[n] ?? null;
      const candidate = unit(`mig-${item.id}-${n}`, { ...productFields, serial_number: serial, order_id: serial ? orderOf(orders, serial) : null });
      let installation = candidate;
      if (serial) {
        const reservation = await tx.get(serialPath(candidate, serial));
        if (reservation && reservation.data.installation_id !== candidate.id) {
          installation = { ...candidate, serial_number: null, notes: `${candidate.notes}; serial ${serial} already held by customer ${String(reservation.data.customer_id)}` };
          changes.push(`serial ${serial} is already held by customer ${String(reservation.data.customer_id)}: unit recorded without it`);
        }
      }
      made.push(installation);
      changes.push(`${productFields.product_name || '(unnamed product)'} ${installation.serial_number ?? '(no serial)'} → installation ${installation.id}`);
    }
  }

  const fresh = made.filter((installation) => !existing.some((other) => other.id === installation.id));
  const kept = raw.filter((item) => !isLegacy(item) && !isDerived(item));
  const customerWrite = ownedItemsWrite(doc.id, doc.data, [...existing, ...fresh], ACTOR, now, kept);
  if (!options.dryRun) {
    for (const installation of fresh) {
      const stored = storedInstallation(readInstallation(installation.id, storedInstallation(installation, ACTOR.uid)), ACTOR.uid);
      tx.create(installationPath(installation.id), stored);
      if (installation.serial_number) {
        tx.set(serialPath(installation, installation.serial_number), {
          installation_id: installation.id,
          customer_id: doc.id,
          serial_number: installation.serial_number,
        });
      }
    }
    if (customerWrite) tx.update(path, customerWrite);
  }
  return { report: { id: doc.id, name: customer.name, changes }, created: fresh.length };
}
