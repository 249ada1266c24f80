import type { Transaction } from '../store/docstore.js';
import { ORDERS } from '../shared/collections.js';
import { orderCounterPath, orderNumberPath } from './order-paths.js';

/**
 * Order numbers `ORD-YYYY-NNN` from one counter document per year, read and advanced inside
 * the order's own transaction: two concurrent creates conflict on the counter and one retries.
 * A year's counter starts after the highest number already in the store (orders migrated or
 * imported before it existed), and each number is reserved by a document created in the same
 * transaction, so a number is unique by construction even if a counter were reset.
 */

const athensYear = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Athens', year: 'numeric' });

/** The year an order belongs to: BellSystems works on Athens time, so New Year is theirs. */
export function orderYear(date: Date): number {
  return Number(athensYear.format(date));
}

export function formatOrderNumber(year: number, sequence: number): string {
  return `ORD-${year}-${String(sequence).padStart(3, '0')}`;
}

/** The sequence of an `ORD-<year>-NNN` number, or null for another year's or another form. */
export function orderSequence(orderNumber: unknown, year: number): number | null {
  if (typeof orderNumber !== 'string') return null;
  const match = new RegExp(`^ORD-${year}-(\\d{1,9})$`).exec(orderNumber.trim());
  return match ? Number(match[1]) : null;
}

/**
 * The highest sequence of `year` among the stored orders. Read once a year, when the year's
 * counter does not exist yet; numbers are text, so they are compared as numbers here.
 */
async function highestStoredSequence(tx: Transaction, year: number): Promise<number> {
  const orders = await tx.query({ collectionGroup: ORDERS, orderBy: [{ field: 'created_at', direction: 'desc' }] });
  return orders.reduce((max, order) => Math.max(max, orderSequence(order.data.order_number, year) ?? 0), 0);
}

/**
 * Reads the counter (seeding it when the year has none) and the reservations of the next
 * numbers (transaction reads, so call it before the transaction's writes), then advances the
 * counter and reserves the number.
 */
export async function allocateOrderNumber(tx: Transaction, now: Date): Promise<string> {
  const year = orderYear(now);
  const path = orderCounterPath(year);
  const counter = await tx.get(path);
  let next = (typeof counter?.data.last === 'number' ? counter.data.last : await highestStoredSequence(tx, year)) + 1;
  while (await tx.get(orderNumberPath(formatOrderNumber(year, next)))) next += 1;
  const orderNumber = formatOrderNumber(year, next);
  tx.set(path, { year, last: next, updated_at: now });
  tx.create(orderNumberPath(orderNumber), { year, sequence: next, reserved_at: now });
  return orderNumber;
}
