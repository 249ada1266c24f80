/**
 * Money arithmetic. The API speaks decimal amounts (as the spec has them); every sum is done
 * in integer cents so that no floating-point drift reaches a balance (DESIGN.md, "Time and money").
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

/** Sums decimal amounts through integer cents. */
export function sumCents(amounts: number[]): number {
  return amounts.reduce((total, amount) => total + toCents(amount), 0);
}
