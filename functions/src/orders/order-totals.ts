import { fromCents, MAX_AMOUNT, toCents } from '../shared/money.js';
import type { Discount } from './orders.schema.js';

/**
 * subtotal, discount and total_price of an order, computed by the server in integer cents
 * (BigInt, so quantity × unit price is exact however large). The client never sets them.
 */

export interface OrderTotals {
  subtotal: number;
  discount_amount: number;
  total_price: number;
}

export interface PricedLine {
  quantity: number;
  unit_price: number;
}

export class OrderTotalsError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'OrderTotalsError';
  }
}

const maxCents = BigInt(toCents(MAX_AMOUNT));

export function computeOrderTotals(items: readonly PricedLine[], discount: Discount): OrderTotals {
  let subtotal = 0n;
  for (const item of items) subtotal += BigInt(item.quantity) * BigInt(toCents(item.unit_price));
  if (subtotal > maxCents) throw new OrderTotalsError('items', `The subtotal exceeds ${MAX_AMOUNT}`);

  let discountCents: bigint;
  if (discount.type === 'percentage') {
    // value has at most 2 decimals: value × 100 is an integer; round half up to the cent.
    discountCents = (subtotal * BigInt(toCents(discount.value)) + 5_000n) / 10_000n;
  } else {
    discountCents = BigInt(toCents(discount.value));
    if (discountCents > subtotal) {
      throw new OrderTotalsError('discount.value', 'A fixed discount cannot exceed the subtotal');
    }
  }
  return {
    subtotal: fromCents(Number(subtotal)),
    discount_amount: fromCents(Number(discountCents)),
    total_price: fromCents(Number(subtotal - discountCents)),
  };
}
