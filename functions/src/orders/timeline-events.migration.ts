import { CUSTOMERS, ordersPath } from '../shared/collections.js';
import type { Cursor, DocData, DocStore } from '../store/docstore.js';
import { orderStatuses, type OrderStatus } from './orders.enums.js';
import type { OrderStatusChange } from './orders.schema.js';

/**
 * The one-time migration of issue 17.3: order timeline entries the server wrote as English
 * sentences ("Order created: Negotiating", "Status: Negotiating → Manufacturing", "Negotiations
 * started") become the status move as data (`props: {from, to}`) with an empty note, as the
 * orders service now writes them. Any other text is what staff typed, or unknown, and stays the
 * entry's note. Each order is rewritten in its own transaction and only entries without `props`
 * are read, so a rerun, even after a crash halfway, changes nothing twice.
 */

const SCRIPT = 'migrate-timeline-events';
const PAGE = 200;

/** The status labels the server wrote into those sentences before statuses were data. */
const legacyStatusLabels: Record<string, OrderStatus> = {
  Negotiating: 'negotiating',
  'Awaiting Quotation': 'awaiting_quotation',
  'Awaiting Customer Confirmation': 'awaiting_customer_confirmation',
  'Awaiting Fulfilment': 'awaiting_fulfilment',
  'Awaiting Payment': 'awaiting_payment',
  Manufacturing: 'manufacturing',
  Shipped: 'shipped',
  Installed: 'installed',
  Declined: 'declined',
  Complete: 'complete',
};

/** A label as the server wrote it, or the raw status it fell back to for a status it had no label for. */
function statusOf(text: string): OrderStatus | null {
  const label = legacyStatusLabels[text];
  if (label) return label;
  return (orderStatuses as readonly string[]).includes(text) ? (text as OrderStatus) : null;
}

/** The status move a sentence the server wrote records, or null for any other text. */
export function parseLegacyNote(note: string): OrderStatusChange | null {
  const text = note.trim();
  if (text === 'Negotiations started') return { from: null, to: 'negotiating' };
  const created = /^Order created: (.+)$/.exec(text);
  if (created) {
    const to = statusOf(created[1]!);
    return to ? { from: null, to } : null;
  }
  const moved = /^Status: (.+) → (.+)$/.exec(text);
  if (moved) {
    const from = statusOf(moved[1]!);
    const to = statusOf(moved[2]!);
    return from && to ? { from, to } : null;
  }
  return null;
}

export interface OrderMigration {
  /** The order's path. */
  path: string;
  /** What was (or, in a dry run, would be) changed, in words. */
  changes: string[];
}

export interface TimelineMigrationReport {
  dryRun: boolean;
  scanned: number;
  migrated: OrderMigration[];
}

export interface TimelineMigrationOptions {
  dryRun: boolean;
  now: () => Date;
  /** Called for each order as it is migrated. */
  onOrder?: (migration: OrderMigration) => void;
}

export async function migrateTimelineEvents(store: DocStore, options: TimelineMigrationOptions): Promise<TimelineMigrationReport> {
  const report: TimelineMigrationReport = { dryRun: options.dryRun, scanned: 0, migrated: [] };
  let after: Cursor | undefined;
  for (;;) {
    const customers = await store.query({ collection: CUSTOMERS, limit: PAGE, ...(after ? { startAfter: after } : {}) });
    for (const customer of customers) {
      for (const order of await store.query({ collection: ordersPath(customer.id) })) {
        report.scanned += 1;
        const migration = await migrateOne(store, order.path, options);
        if (migration) {
          report.migrated.push(migration);
          options.onOrder?.(migration);
        }
      }
    }
    if (customers.length < PAGE) return report;
    after = { values: [], path: customers[customers.length - 1]!.path };
  }
}

async function migrateOne(store: DocStore, path: string, options: TimelineMigrationOptions): Promise<OrderMigration | null> {
  return store.runTransaction(async (tx) => {
    const doc = await tx.get(path);
    if (!doc || !Array.isArray(doc.data.timeline)) return null;
    const changes: string[] = [];
    const timeline = (doc.data.timeline as unknown[]).map((raw, index) => {
      if (typeof raw !== 'object' || raw === null) return raw;
      const entry = raw as DocData;
      if (entry.props !== undefined || typeof entry.note !== 'string') return entry;
      const change = parseLegacyNote(entry.note);
      if (!change) return entry;
      const id = typeof entry.id === 'string' ? entry.id : `#${index}`;
      changes.push(`entry ${id}: "${entry.note}" → status ${change.from ?? '(created)'} → ${change.to}`);
      return { ...entry, props: change, note: '' };
    });
    if (changes.length === 0) return null;
    if (!options.dryRun) {
      tx.update(path, { timeline, updated_at: options.now(), updated_by_uid: `script:${SCRIPT}`, updated_by: SCRIPT });
    }
    return { path, changes };
  });
}
