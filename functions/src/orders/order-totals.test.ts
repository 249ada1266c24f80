import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOrderTotals, OrderTotalsError } from './order-totals.js';
import { noDiscount } from './orders.schema.js';

describe('computeOrderTotals', () => {
  it('sums quantity × unit price and applies a percentage discount rounded to the cent', () => {
    const totals = computeOrderTotals(
      [
        { quantity: 3, unit_price: 19.99 },
        { quantity: 1, unit_price: 0.1 },
      ],
      { type: 'percentage', value: 12.5, reason: 'parish' },
    );
    // 60.07 × 12.5 % = 7.50875 → 7.51
    expect(totals).toEqual({ subtotal: 60.07, discount_amount: 7.51, total_price: 52.56 });
  });

  it('applies a fixed discount and refuses one larger than the subtotal', () => {
    expect(computeOrderTotals([{ quantity: 2, unit_price: 100 }], { type: 'fixed', value: 25.5, reason: '' })).toEqual({
      subtotal: 200,
      discount_amount: 25.5,
      total_price: 174.5,
    });
    expect(() => computeOrderTotals([{ quantity: 1, unit_price: 10 }], { type: 'fixed', value: 10.01, reason: '' })).toThrow(
      OrderTotalsError,
    );
  });

  it('is zero for no items and refuses a subtotal beyond the amount limit', () => {
    expect(computeOrderTotals([], noDiscount)).toEqual({ subtotal: 0, discount_amount: 0, total_price: 0 });
    expect(() => computeOrderTotals([{ quantity: 100_000, unit_price: 1_000_000_000 }], noDiscount)).toThrow(/subtotal/);
  });

  it('always yields whole cents with total = subtotal − discount (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 1000 }), cents: fc.integer({ min: 0, max: 10_000_000 }) }), {
          maxLength: 20,
        }),
        fc.integer({ min: 0, max: 10_000 }),
        (lines, pctHundredths) => {
          const totals = computeOrderTotals(
            lines.map((l) => ({ quantity: l.quantity, unit_price: l.cents / 100 })),
            { type: 'percentage', value: pctHundredths / 100, reason: '' },
          );
          const subtotalCents = lines.reduce((sum, l) => sum + l.quantity * l.cents, 0);
          expect(totals.subtotal).toBe(subtotalCents / 100);
          const discountCents = Math.round(totals.discount_amount * 100);
          expect(totals.total_price).toBe((subtotalCents - discountCents) / 100);
          expect(Math.abs(discountCents - (subtotalCents * pctHundredths) / 10_000)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });
});
