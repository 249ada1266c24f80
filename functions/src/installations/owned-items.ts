import { createHash } from 'node:crypto';
import type { DocData, Transaction } from '../store/docstore.js';
import { indexFieldsOf } from '../customers/customer-index.js';
import { normalizeText } from '../search/normalize.js';
import type { Actor } from '../shared/actor.js';
import { INSTALLATIONS, type Installation } from './installations.schema.js';
import { readInstallation } from './installation-read.js';

/**
 * A customer's `owned_items` (spec 000/001) derived from its installations, so a client written
 * from the spec still reads what the customer owns: the active installations of one product
 * become one `product` item (quantity = units, serial_numbers = their serials), each console
 * device one `console_device` item. Derived items have ids starting `inst-`; items the customer
 * holds otherwise (free text, and legacy items not migrated yet) are kept as they are.
 */

export const DERIVED_PREFIX = 'inst-';

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 20);

export function derivedOwnedItems(installations: readonly Installation[]): DocData[] {
  const products = new Map<string, DocData & { serial_numbers: string[]; quantity: number }>();
  const devices: DocData[] = [];
  const active = [...installations]
    .filter((installation) => installation.state === 'active')
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
  for (const installation of active) {
    if (installation.product_id === null && installation.device_id !== null) {
      devices.push({ id: `${DERIVED_PREFIX}d-${installation.id}`, type: 'console_device', device_id: installation.device_id, label: installation.site.name });
      continue;
    }
    const key = installation.product_id ?? `name:${normalizeText(installation.product_name)}`;
    const item = products.get(key) ?? {
      id: `${DERIVED_PREFIX}p-${installation.product_id ?? hash(key)}`,
      type: 'product',
      product_id: installation.product_id ?? '',
      product_name: installation.product_name,
      quantity: 0,
      serial_numbers: [],
    };
    item.quantity += 1;
    if (installation.serial_number) item.serial_numbers.push(installation.serial_number);
    products.set(key, item);
  }
  return [...products.values(), ...devices];
}

const entries = (value: unknown): DocData[] =>
  Array.isArray(value) ? value.filter((entry): entry is DocData => typeof entry === 'object' && entry !== null) : [];

export const isDerived = (item: DocData): boolean => typeof item.id === 'string' && item.id.startsWith(DERIVED_PREFIX);

/**
 * The customer write that brings its owned_items (and the search keys that hold their serials)
 * in line with `installations`; null when nothing differs. `kept` replaces the items not
 * derived (the migration passes the legacy items it did not convert).
 */
export function ownedItemsWrite(
  customerId: string,
  customer: DocData,
  installations: readonly Installation[],
  actor: Actor,
  now: Date,
  kept: DocData[] = entries(customer.owned_items).filter((item) => !isDerived(item)),
): DocData | null {
  const ownedItems = [...kept, ...derivedOwnedItems(installations)];
  if (JSON.stringify(ownedItems) === JSON.stringify(customer.owned_items ?? [])) return null;
  const changed = { owned_items: ownedItems, updated_at: now, updated_by: actor.name, updated_by_uid: actor.uid };
  return { ...changed, ...indexFieldsOf(customerId, { ...customer, ...changed }) };
}

/** The customer's installations as a transaction sees them, with `replacing` in place of what it replaces. */
export async function customerInstallations(tx: Transaction, customerId: string, replacing: Installation[] = []): Promise<Installation[]> {
  const docs = await tx.query({ collection: INSTALLATIONS, where: [{ field: 'customer_id', op: '==', value: customerId }] });
  const byId = new Map(docs.map((doc) => [doc.id, readInstallation(doc.id, doc.data)]));
  for (const installation of replacing) byId.set(installation.id, installation);
  return [...byId.values()];
}
