import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transactionFlows, type TransactionFlow } from './ledger.schema.js';
import {
  computePaymentStatus,
  readPaymentTerms,
  samePaymentStatus,
  zeroTerms,
  type LedgerLine,
} from './payment-status.js';

const order = (required: number, currency = 'EUR') => ({
  id: 'order-a',
  currency,
  terms: { ...zeroTerms, required_amount: required },
});

const line = (flow: TransactionFlow, amount: number, order_ref: string | null = 'order-a', currency = 'EUR'): LedgerLine => ({
  flow,
  amount,
  currency,
  order_ref,
});

describe('computePaymentStatus', () => {
  it('counts payments and credits, subtracts refunds, ignores invoices', () => {
    const status = computePaymentStatus(order(1000), [
      line('invoice', 1000),
      line('payment', 400),
      line('credit', 50.5),
      line('refund', 20.25),
    ]);
    expect(status).toEqual({
      required_amount: 1000,
      received_amount: 430.25,
      balance_due: 569.75,
      advance_required: false,
      advance_amount: null,
      payment_complete: false,
    });
  });

  it('ignores entries of other orders, unlinked entries and other currencies', () => {
    const status = computePaymentStatus(order(100), [
      line('payment', 60),
      line('payment', 999, 'order-b'),
      line('payment', 999, null),
      line('payment', 999, 'order-a', 'USD'),
    ]);
    expect(status.received_amount).toBe(60);
    expect(status.balance_due).toBe(40);
  });

  it('is complete once received reaches a decided required amount, never for an undecided one', () => {
    expect(computePaymentStatus(order(100), [line('payment', 100)]).payment_complete).toBe(true);
    expect(computePaymentStatus(order(100), [line('payment', 120)])).toMatchObject({
      payment_complete: true,
      balance_due: -20,
    });
    expect(computePaymentStatus(order(0), [line('payment', 5)]).payment_complete).toBe(false);
  });

  it('has no floating drift where naive decimal sums have it', () => {
    const tenCents = Array.from({ length: 10 }, () => line('payment', 0.1));
    expect(tenCents.reduce((sum, l) => sum + l.amount, 0)).not.toBe(1);
    const status = computePaymentStatus(order(1), tenCents);
    expect(status).toMatchObject({ received_amount: 1, balance_due: 0, payment_complete: true });
  });

  it('keeps the staff-decided terms as given', () => {
    const status = computePaymentStatus(
      { id: 'order-a', currency: 'EUR', terms: { required_amount: 500, advance_required: true, advance_amount: 150 } },
      [],
    );
    expect(status).toMatchObject({ advance_required: true, advance_amount: 150, balance_due: 500 });
  });
});

describe('computePaymentStatus (property)', () => {
  const cents = fc.integer({ min: 1, max: 100_000_000 });
  const lineArb = fc.record({
    flow: fc.constantFrom(...transactionFlows),
    cents,
    currency: fc.constantFrom('EUR', 'USD'),
    order_ref: fc.constantFrom('order-a', 'order-b', null),
  });

  it('equals the integer-cents sum exactly, whatever the ledger and its order', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 60 }), fc.integer({ min: 0, max: 100_000_000 }), (lines, requiredCents) => {
        const ledger = lines.map((l) => line(l.flow, l.cents / 100, l.order_ref, l.currency));
        const sign = { payment: 1, credit: 1, refund: -1, invoice: 0 } as const;
        const expectedReceived = lines
          .filter((l) => l.order_ref === 'order-a' && l.currency === 'EUR')
          .reduce((sum, l) => sum + sign[l.flow] * l.cents, 0);

        const status = computePaymentStatus(order(requiredCents / 100), ledger);
        expect(status.received_amount).toBe(expectedReceived / 100);
        expect(status.balance_due).toBe((requiredCents - expectedReceived) / 100);
        expect(status.required_amount).toBe(requiredCents / 100);
        expect(status.payment_complete).toBe(requiredCents > 0 && expectedReceived >= requiredCents);
        // Every amount is a whole number of cents.
        for (const value of [status.received_amount, status.balance_due]) {
          expect(Number.isInteger(Math.round(value * 100))).toBe(true);
          expect(Math.round(value * 100) / 100).toBe(value);
        }
        // The ledger's order does not matter.
        expect(computePaymentStatus(order(requiredCents / 100), [...ledger].reverse())).toEqual(status);
      }),
      { numRuns: 500 },
    );
  });
});

describe('readPaymentTerms and samePaymentStatus', () => {
  it('reads legacy and partial shapes as zero terms', () => {
    expect(readPaymentTerms('pending')).toEqual(zeroTerms);
    expect(readPaymentTerms(undefined)).toEqual(zeroTerms);
    expect(readPaymentTerms({ required_amount: 12.5, received_amount: 3 })).toEqual({ ...zeroTerms, required_amount: 12.5 });
  });

  it('tells a stored status that matches from one that differs or carries extra fields', () => {
    const computed = computePaymentStatus(order(10), [line('payment', 4)]);
    expect(samePaymentStatus({ ...computed }, computed)).toBe(true);
    expect(samePaymentStatus({ ...computed, received_amount: 5 }, computed)).toBe(false);
    expect(samePaymentStatus({ ...computed, extra: 1 }, computed)).toBe(false);
    expect(samePaymentStatus(null, computed)).toBe(false);
  });
});
