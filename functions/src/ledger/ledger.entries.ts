import type { DocData } from '../store/docstore.js';
import { DEFAULT_CURRENCY } from '../shared/money.js';
import { transactionEntrySchema, type TransactionEntry } from './ledger.schema.js';

/**
 * Reading a customer's `transaction_history` as stored. Entries written before ids existed
 * (legacy data, console edits) get a position-based id, which the next ledger write persists,
 * so it stays stable from then on.
 */

export function legacyEntryId(index: number): string {
  return `legacy-${index}`;
}

/** The stored array, every entry carrying an id. Entries are otherwise left exactly as stored. */
export function rawLedger(customer: DocData): DocData[] {
  const raw = customer.transaction_history;
  if (!Array.isArray(raw)) return [];
  return raw.map((entry, index) => {
    const obj: DocData = typeof entry === 'object' && entry !== null ? (entry as DocData) : { value: entry };
    return typeof obj.id === 'string' && obj.id ? obj : { ...obj, id: legacyEntryId(index) };
  });
}

/** Spec defaults for fields a legacy entry may lack. */
export function withLedgerDefaults(entry: DocData): DocData {
  return {
    payment_type: null,
    category: 'full_payment',
    currency: DEFAULT_CURRENCY,
    invoice_ref: null,
    order_ref: null,
    recorded_by: '',
    note: '',
    ...entry,
  };
}

export interface ParsedLedger {
  entries: TransactionEntry[];
  /** Ids of stored entries too malformed to count (a console edit gone wrong); kept, not summed. */
  unreadable: string[];
}

export function parseLedger(raw: DocData[]): ParsedLedger {
  const entries: TransactionEntry[] = [];
  const unreadable: string[] = [];
  for (const entry of raw) {
    const parsed = transactionEntrySchema.safeParse(withLedgerDefaults(entry));
    if (parsed.success) entries.push(parsed.data);
    else unreadable.push(String(entry.id));
  }
  return { entries, unreadable };
}

/** Newest first; entries of the same date keep their recording order, newest first too. */
export function newestFirst(entries: TransactionEntry[]): TransactionEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.date.getTime() - a.entry.date.getTime() || b.index - a.index)
    .map(({ entry }) => entry);
}
