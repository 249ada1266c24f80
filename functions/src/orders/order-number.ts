import type { Transaction } from '../store/docstore.js';
import { orderCounterPath } from './order-paths.js';

/**
 * Order numbers `ORD-YYYY-NNN` from one counter document per year, read and advanced inside
 * the order's own transaction: two concurrent creates conflict on the counter and one retries,
 * so no number is ever given twice and none is skipped.
 */

const athensYear = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Athens', year: 'numeric' });

/** The year an order belongs to: BellSystems works on Athens time, so New Year is theirs. */
export function orderYear(date: Date): number {
  return Number(athensYear.format(date));
}

export function formatOrderNumber(year: number, sequence: number): string {
  return `ORD-${year}-${String(sequence).padStart(3, '0')}`;
}

/** Reads the counter (a transaction read, so call it before the transaction's writes) and advances it. */
export async function allocateOrderNumber(tx: Transaction, now: Date): Promise<string> {
  const year = orderYear(now);
  const path = orderCounterPath(year);
  const counter = await tx.get(path);
  const last = typeof counter?.data.last === 'number' ? counter.data.last : 0;
  const next = last + 1;
  tx.set(path, { year, last: next, updated_at: now });
  return formatOrderNumber(year, next);
}
