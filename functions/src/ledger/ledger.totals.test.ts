import { describe, expect, it } from 'vitest';
import { ledgerTotals } from './ledger.totals.js';
import type { TransactionEntry } from './ledger.schema.js';

const entry = (flow: TransactionEntry['flow'], amount: number, currency = 'EUR'): TransactionEntry => ({
  id: `${flow}-${amount}-${currency}`,
  date: new Date('2026-03-01T10:00:00Z'),
  flow,
  payment_type: flow === 'invoice' ? null : 'cash',
  category: 'full_payment',
  amount,
  currency,
  invoice_ref: null,
  order_ref: null,
  recorded_by: 'test',
  note: '',
});

describe('ledgerTotals', () => {
  it('sums each currency on its own row, in cents', () => {
    const totals = ledgerTotals([
      entry('invoice', 1000.1),
      entry('payment', 300.2),
      entry('payment', 0.1),
      entry('refund', 0.2),
      entry('credit', 99.99),
      entry('invoice', 50, 'USD'),
      entry('payment', 20, 'USD'),
    ]);
    expect(totals).toEqual([
      { currency: 'EUR', invoiced: 1000.1, paid: 300.1, credits: 99.99, outstanding: 600.01 },
      { currency: 'USD', invoiced: 50, paid: 20, credits: 0, outstanding: 30 },
    ]);
  });

  it('is empty for an empty ledger', () => {
    expect(ledgerTotals([])).toEqual([]);
  });
});
