import { describe, expect, it } from 'vitest';
import { customerOwes } from './customer-owes.js';
import type { TransactionEntry } from './ledger.schema.js';

const order = (required: number, received: number, extra: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  status: 'awaiting_payment',
  payment_status: { required_amount: required, received_amount: received, balance_due: required - received, advance_required: false, advance_amount: null, payment_complete: received >= required && required > 0 },
  ...extra,
});

let n = 0;
const entry = (flow: TransactionEntry['flow'], amount: number, orderRef: string | null, currency = 'EUR'): TransactionEntry => ({
  id: `t${(n += 1)}`,
  date: new Date('2026-03-01T10:00:00Z'),
  flow,
  payment_type: flow === 'invoice' ? null : 'bank_transfer',
  category: 'advance',
  amount,
  currency,
  invoice_ref: null,
  order_ref: orderRef,
  recorded_by: 'Μαρία Παπαδοπούλου',
  note: '',
});

describe('customerOwes', () => {
  it('an advance recorded against an order leaves the order balance owed, never a negative balance', () => {
    // The case: 2.610,90 required, a 1.000 € advance recorded, no invoice in the ledger.
    const [eur] = customerOwes([order(2610.9, 1000)], [entry('payment', 1000, 'o1')]);
    expect(eur).toEqual({ currency: 'EUR', required: 2610.9, received: 1000, still_required: 1610.9, overpaid: 0, unassigned: 0, owed: 1610.9, in_credit: 0 });
  });

  it('invoices are paperwork: they change nothing owed', () => {
    const [eur] = customerOwes([order(500, 0)], [entry('invoice', 500, 'o1'), entry('invoice', 99.99, null)]);
    expect(eur).toMatchObject({ owed: 500, unassigned: 0, in_credit: 0 });
  });

  it('money received without an order lowers what is owed, and beyond it is credit', () => {
    expect(customerOwes([order(300, 0)], [entry('payment', 100.1, null)])[0]).toMatchObject({ unassigned: 100.1, owed: 199.9, in_credit: 0 });
    expect(customerOwes([order(300, 0)], [entry('payment', 350, null), entry('refund', 20, null)])[0]).toMatchObject({ unassigned: 330, owed: 0, in_credit: 30 });
  });

  it("one order's overpayment does not hide another's debt", () => {
    expect(customerOwes([order(100, 150), order(200, 0)], [])[0]).toMatchObject({ still_required: 200, overpaid: 50, owed: 200, in_credit: 50 });
  });

  it('nothing required and nothing paid is nothing owed; declined orders are left out', () => {
    expect(customerOwes([order(0, 0), order(900, 0, { status: 'declined' })], [])).toEqual([
      { currency: 'EUR', required: 0, received: 0, still_required: 0, overpaid: 0, unassigned: 0, owed: 0, in_credit: 0 },
    ]);
  });

  it('keeps currencies apart, including one only the ledger knows', () => {
    const rows = customerOwes([order(100, 0), order(40, 0, { currency: 'USD' })], [entry('payment', 10, null, 'GBP')]);
    expect(rows.map((r) => [r.currency, r.owed, r.in_credit])).toEqual([
      ['EUR', 100, 0],
      ['GBP', 0, 10],
      ['USD', 40, 0],
    ]);
  });

  it('sums in cents', () => {
    const rows = customerOwes([order(0.3, 0)], [entry('payment', 0.1, null), entry('payment', 0.2, null)]);
    expect(rows[0]).toMatchObject({ unassigned: 0.3, owed: 0, in_credit: 0 });
  });
});
