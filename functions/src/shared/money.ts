import { z } from 'zod';

/**
 * Money arithmetic and the amount and currency fields every priced thing shares (orders,
 * products, the ledger). The API speaks decimal amounts (as the spec has them); every sum is
 * done in integer cents so that no floating-point drift reaches a balance (DESIGN.md, "Time and money").
 */

/** Largest amount the API accepts: keeps every sum of cents far inside Number.MAX_SAFE_INTEGER. */
export const MAX_AMOUNT = 1_000_000_000;

/** Whether `value` has at most two decimals (19.99 yes, 0.1 + 0.2 no). */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Number.isFinite(value) && Math.round(value * 100) / 100 === value;
}

/** Decimal amount → integer cents. Rounds half away from zero for values with more decimals. */
export function toCents(amount: number): number {
  const cents = Math.round(Math.abs(amount) * 100);
  return amount < 0 ? -cents : cents;
}

/** Integer cents → decimal amount. */
export function fromCents(cents: number): number {
  return cents / 100;
}

export const DEFAULT_CURRENCY = 'EUR';

/** The currency of a stored order (legacy orders without one are EUR, the spec's default). */
export function orderCurrency(order: { currency?: unknown }): string {
  return typeof order.currency === 'string' && order.currency ? order.currency : DEFAULT_CURRENCY;
}

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code; lower case is accepted and stored upper case. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code')
  .refine((code) => isoCurrencies.has(code), 'is not an ISO 4217 currency code');

/** A decimal amount that may be 0 (required amounts, prices). */
export const nonNegativeAmountSchema = z
  .number()
  .min(0, 'must be 0 or more')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals');
