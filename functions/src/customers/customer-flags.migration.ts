import { initNegotiationsInTx } from '../orders/init-negotiations.js';
import { CUSTOMERS, orderPath } from '../shared/collections.js';
import { FieldOps, type Cursor, type DocData, type DocStore } from '../store/docstore.js';
import { hasIndexFields, indexFieldsOf } from './customer-index.js';
import { legacyProblemTicket, LEGACY_PROBLEM_ID, SYSTEM_ACTOR } from './customer-read.js';
import { DEFAULT_RELATIONSHIP_STATUS } from './customers.schema.js';

/**
 * The one-time migration of spec 002, section 5: legacy `negotiating` / `has_problem` flags
 * become a negotiating order (+ relationship active) and an active technical issue, and the
 * flags are removed. It also stores the index fields of customers written before they
 * existed, so every customer shows up in the list and the search.
 *
 * Each customer is migrated in its own transaction (order, counter and customer together),
 * and every step checks what is already there, so a rerun, even after a crash halfway,
 * changes nothing twice: the order has a fixed id, the issue a fixed id.
 */

/** The fixed id of the order made from a legacy `negotiating: true`. */
export const MIGRATED_ORDER_ID = 'migrated-negotiating';
const MIGRATED_ORDER_TITLE = 'Negotiations (migrated)';
const MIGRATED_ORDER_NOTE = 'Migrated from legacy negotiating flag';
const PAGE = 200;

/** Relationship statuses a negotiation moves to active, as init-negotiations does. */
const upgradable = new Set<unknown>([undefined, null, 'lead', 'prospect']);

export interface CustomerMigration {
  id: string;
  name: string;
  /** What was (or, in a dry run, would be) changed, in words. */
  changes: string[];
}

export interface MigrationReport {
  dryRun: boolean;
  scanned: number;
  migrated: CustomerMigration[];
}

export interface MigrationOptions {
  dryRun: boolean;
  now: () => Date;
  /** Called for each customer as it is migrated. */
  onCustomer?: (migration: CustomerMigration) => void;
}

function date(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

export async function migrateCustomerFlags(store: DocStore, options: MigrationOptions): Promise<MigrationReport> {
  const report: MigrationReport = { dryRun: options.dryRun, scanned: 0, migrated: [] };
  let after: Cursor | undefined;
  for (;;) {
    const page = await store.query({ collection: CUSTOMERS, limit: PAGE, ...(after ? { startAfter: after } : {}) });
    for (const doc of page) {
      report.scanned += 1;
      const migration = await migrateOne(store, doc.path, options);
      if (migration) {
        report.migrated.push(migration);
        options.onCustomer?.(migration);
      }
    }
    if (page.length < PAGE) return report;
    after = { values: [], path: page[page.length - 1]!.path };
  }
}

const SCRIPT_STAMP = {
  updated_by_uid: 'script:migrate-customer-flags',
  updated_by: 'migrate-customer-flags',
  updated_reason: 'script:migrate-customer-flags',
};

async function migrateOne(store: DocStore, path: string, options: MigrationOptions): Promise<CustomerMigration | null> {
  return store.runTransaction(async (tx) => {
    const doc = await tx.get(path);
    if (!doc) return null;
    const data = doc.data;
    const changes: string[] = [];
    const update: DocData = {};
    const next: DocData = { ...data };
    const now = options.now();
    const updatedAt = date(data.updated_at) ?? date(data.created_at) ?? now;

    if (data.negotiating === true) {
      if (upgradable.has(data.relationship_status)) {
        changes.push(`relationship_status ${String(data.relationship_status ?? DEFAULT_RELATIONSHIP_STATUS)} → active`);
        next.relationship_status = 'active';
      }
      if (options.dryRun) {
        const existing = await tx.get(orderPath(doc.id, MIGRATED_ORDER_ID));
        if (!existing) changes.push('create a negotiating order');
      } else {
        const { order, created } = await initNegotiationsInTx(tx, {
          customerId: doc.id,
          customer: data,
          orderId: MIGRATED_ORDER_ID,
          input: { title: MIGRATED_ORDER_TITLE, note: MIGRATED_ORDER_NOTE, date: updatedAt },
          actor: { name: SYSTEM_ACTOR, uid: SYSTEM_ACTOR },
          now,
          newId: () => store.newId(),
        });
        if (created) changes.push(`created negotiating order ${String(order.order_number)}`);
      }
    } else if (data.relationship_status === undefined) {
      changes.push(`relationship_status set to the default, ${DEFAULT_RELATIONSHIP_STATUS}`);
      next.relationship_status = update.relationship_status = DEFAULT_RELATIONSHIP_STATUS;
    }

    if (data.has_problem === true) {
      const issues = Array.isArray(data.technical_issues) ? data.technical_issues : [];
      const present = issues.some((issue) => (issue as DocData | null)?.id === LEGACY_PROBLEM_ID);
      if (!present) {
        changes.push('added an active technical issue for has_problem');
        next.technical_issues = update.technical_issues = [...issues, { ...legacyProblemTicket(updatedAt) }];
      }
    }

    for (const flag of ['negotiating', 'has_problem'] as const) {
      if (flag in data) {
        changes.push(`removed ${flag}: ${JSON.stringify(data[flag])}`);
        delete next[flag];
        update[flag] = FieldOps.delete();
      }
    }

    const index = indexFieldsOf(doc.id, next);
    if (!hasIndexFields(data, index)) changes.push('stored search and list index fields');
    if (changes.length === 0) return null;
    // Written after the order side's own customer update, so the index follows the final state.
    // Stamped as the script's change for the history of changes (updated_at stays the customer's own).
    if (!options.dryRun) tx.update(path, { ...update, ...index, ...SCRIPT_STAMP });
    return { id: doc.id, name: typeof data.name === 'string' ? data.name : '', changes };
  });
}
