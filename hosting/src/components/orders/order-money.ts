/**
 * Money arithmetic of the order and product forms, in integer cents as the server does it
 * (functions/src/orders/order-totals.ts, products/product-read.ts), so the totals a form shows
 * live are the ones the server stores.
 */
import { numberOrNaN, numberText } from '../form/number-input';

/** Decimal amount → integer cents, rounding half away from zero. */
export function toCents(amount: number): number {
  const cents = Math.round(Math.abs(amount) * 100);
  return amount < 0 ? -cents : cents;
}

export const fromCents = (cents: number): number => cents / 100;

export interface PricedLine {
  quantity: number;
  unit_price: number;
}

export interface OrderTotals {
  subtotal: number;
  discount: number;
  total: number;
}

/**
 * subtotal = Σ quantity × unit price; a percentage discount rounds half up to the cent; a fixed
 * one is taken as given. Lines or a discount that are not (yet) numbers count as 0.
 */
export function orderTotals(lines: readonly PricedLine[], discount: { type: 'percentage' | 'fixed'; value: number }): OrderTotals {
  let subtotal = 0n;
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || !Number.isFinite(line.unit_price)) continue;
    subtotal += BigInt(line.quantity) * BigInt(toCents(line.unit_price));
  }
  const value = Number.isFinite(discount.value) && discount.value > 0 ? discount.value : 0;
  const discountCents =
    discount.type === 'percentage' ? (subtotal * BigInt(toCents(value)) + 5_000n) / 10_000n : BigInt(toCents(value));
  return {
    subtotal: fromCents(Number(subtotal)),
    discount: fromCents(Number(discountCents)),
    total: fromCents(Number(subtotal - discountCents)),
  };
}

/** pcb + components + enclosure + labor_hours × labor_rate + shipping_in; parts not (yet) numbers count as 0. */
export function costTotal(parts: {
  pcb: number;
  components: number;
  enclosure: number;
  labor_hours: number;
  labor_rate: number;
  shipping_in: number;
}): number {
  const n = (value: number): number => (Number.isFinite(value) ? value : 0);
  const labor = Math.round(n(parts.labor_hours) * toCents(n(parts.labor_rate)));
  return fromCents(toCents(n(parts.pcb)) + toCents(n(parts.components)) + toCents(n(parts.enclosure)) + labor + toCents(n(parts.shipping_in)));
}

/** A whole number as typed ("12", "1.000") → the number, anything else → NaN. */
export const parseWhole = (raw: string): number => numberOrNaN(raw, 'quantity');

/** An amount for an input field, in the Greek way the forms read back: "1.450,50" for 1450.5, '' for none. */
export const amountText = (value: number | null | undefined): string => numberText(value, 'money');
