import type { Transaction } from '../store/docstore.js';
import { orderYear } from '../orders/order-number.js';
import { QUOTES, quoteCounterPath, quoteNumberPath } from './quote-paths.js';

/**
 * Quote numbers `QUO-YYYY-NNN`, reserved as order numbers are (orders/order-number.ts): a
 * counter per Athens year read and advanced in the quote's own transaction, seeded from the
 * highest number already stored, and a reservation document per number created in the same
 * transaction. A revision keeps its quote's number and reserves nothing.
 */

export function formatQuoteNumber(year: number, sequence: number): string {
  return `QUO-${year}-${String(sequence).padStart(3, '0')}`;
}

export function quoteSequence(number: unknown, year: number): number | null {
  if (typeof number !== 'string') return null;
  const match = new RegExp(`^QUO-${year}-(\\d{1,9})$`).exec(number.trim());
  return match ? Number(match[1]) : null;
}

async function highestStoredSequence(tx: Transaction, year: number): Promise<number> {
  const quotes = await tx.query({ collectionGroup: QUOTES, orderBy: [{ field: 'created_at', direction: 'desc' }] });
  return quotes.reduce((max, quote) => Math.max(max, quoteSequence(quote.data.number, year) ?? 0), 0);
}

/** Call before the transaction's writes (it reads). */
export async function allocateQuoteNumber(tx: Transaction, now: Date): Promise<string> {
  const year = orderYear(now);
  const path = quoteCounterPath(year);
  const counter = await tx.get(path);
  let next = (typeof counter?.data.last === 'number' ? counter.data.last : await highestStoredSequence(tx, year)) + 1;
  while (await tx.get(quoteNumberPath(formatQuoteNumber(year, next)))) next += 1;
  const number = formatQuoteNumber(year, next);
  tx.set(path, { year, last: next, updated_at: now });
  tx.create(quoteNumberPath(number), { year, sequence: next, reserved_at: now });
  return number;
}
