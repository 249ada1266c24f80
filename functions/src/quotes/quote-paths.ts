import { customerPath } from '../shared/collections.js';

/** Where quotes live: a subcollection of their customer, beside the orders (DESIGN.md, "Documents and numbers"). */
export const QUOTES = 'quotes';
export const quotesPath = (customerId: string): string => `${customerPath(customerId)}/${QUOTES}`;
export const quotePath = (customerId: string, quoteId: string): string => `${quotesPath(customerId)}/${quoteId}`;

export const quoteCounterPath = (year: number): string => `crm_counters/quotes-${year}`;
/** One document per quote number: creating it twice fails, so a number is never given to two quotes. */
export const quoteNumberPath = (number: string): string => `crm_quote_numbers/${number}`;
/** The company letterhead and the quote defaults an admin sets. */
export const QUOTE_SETTINGS_PATH = 'crm_settings/quotes';

const quotePathPattern = new RegExp(`^crm_customers/([^/]+)/${QUOTES}/([^/]+)$`);

export function parseQuotePath(path: string): { customerId: string; quoteId: string } | null {
  const match = quotePathPattern.exec(path);
  return match?.[1] && match[2] ? { customerId: match[1], quoteId: match[2] } : null;
}
