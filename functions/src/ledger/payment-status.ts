import { fromCents, toCents } from '../shared/money.js';
import type { z } from 'zod';
import type { paymentStatusSchema, TransactionFlow, warningSchema } from './ledger.schema.js';

/**
 * An order's payment status is computed, never typed (spec 002, 1B): received_amount,
 * balance_due and payment_complete follow from the customer's ledger and the order's
 * required_amount. This module is the one place that computes them; the API (inside each
 * write's transaction) and the triggers both call it.
 */

/** What staff decide about an order's payment; the rest of the status is derived. */
export interface PaymentTerms {
  required_amount: number;
  advance_required: boolean;
  advance_amount: number | null;
}

export type PaymentStatus = z.output<typeof paymentStatusSchema>;

/** The fields of a ledger entry that count towards an order. */
export interface LedgerLine {
  flow: TransactionFlow;
  amount: number;
  currency: string;
  order_ref: string | null;
}

export interface PaymentSubject {
  /** The order's document id, as ledger entries name it in `order_ref`. */
  id: string;
  currency: string;
  terms: PaymentTerms;
}

export const zeroTerms: PaymentTerms = { required_amount: 0, advance_required: false, advance_amount: null };

/** Sign of each flow in what an order has received; invoices bill, they do not pay. */
const receivedSign: Record<TransactionFlow, number> = { payment: 1, credit: 1, refund: -1, invoice: 0 };

/** Cents received for an order: payments − refunds + credits naming it, in its currency only. */
export function receivedCents(orderId: string, currency: string, ledger: readonly LedgerLine[]): number {
  let cents = 0;
  for (const line of ledger) {
    if (line.order_ref !== orderId || line.currency !== currency) continue;
    cents += receivedSign[line.flow] * toCents(line.amount);
  }
  return cents;
}

export function computePaymentStatus(order: PaymentSubject, ledger: readonly LedgerLine[]): PaymentStatus {
  const required = toCents(order.terms.required_amount);
  const received = receivedCents(order.id, order.currency, ledger);
  return {
    required_amount: fromCents(required),
    received_amount: fromCents(received),
    balance_due: fromCents(required - received),
    advance_required: order.terms.advance_required,
    advance_amount: order.terms.advance_amount,
    // An order whose amount is not yet decided (0) is not "paid".
    payment_complete: required > 0 && received >= required,
  };
}

/**
 * Reads the staff-decided terms of a stored order's payment_status, tolerating legacy shapes
 * (the old flat enum string, missing fields).
 */
export function readPaymentTerms(stored: unknown): PaymentTerms {
  if (typeof stored !== 'object' || stored === null) return { ...zeroTerms };
  const ps = stored as Record<string, unknown>;
  const required = typeof ps.required_amount === 'number' && Number.isFinite(ps.required_amount) ? ps.required_amount : 0;
  const advance = typeof ps.advance_amount === 'number' && Number.isFinite(ps.advance_amount) ? ps.advance_amount : null;
  return {
    required_amount: Math.max(0, fromCents(toCents(required))),
    advance_required: ps.advance_required === true,
    advance_amount: advance === null ? null : Math.max(0, fromCents(toCents(advance))),
  };
}

const statusKeys: (keyof PaymentStatus)[] = [
  'required_amount',
  'received_amount',
  'balance_due',
  'advance_required',
  'advance_amount',
  'payment_complete',
];

/** Whether a stored payment_status already holds exactly `computed` (so no write is needed). */
export function samePaymentStatus(stored: unknown, computed: PaymentStatus): boolean {
  if (typeof stored !== 'object' || stored === null) return false;
  const ps = stored as Record<string, unknown>;
  return Object.keys(ps).length === statusKeys.length && statusKeys.every((key) => ps[key] === computed[key]);
}

/**
 * Where an order's payment stands, for what a balance alone hides: `overpaid` when more came
 * in than is required (a refund or a credit is owed), `no_amount` while nothing is required.
 */
export type PaymentState = 'no_amount' | 'unpaid' | 'partially_paid' | 'paid' | 'overpaid';

export function paymentStateOf(stored: unknown): PaymentState {
  const ps = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const cents = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? toCents(value) : 0);
  const required = cents(ps.required_amount);
  const received = cents(ps.received_amount);
  if (required <= 0) return received > 0 ? 'overpaid' : 'no_amount';
  if (received <= 0) return 'unpaid';
  if (received < required) return 'partially_paid';
  return received === required ? 'paid' : 'overpaid';
}

export type Warning = z.output<typeof warningSchema>;

export function overpaidWarning(orderNumber: string, stored: unknown): Warning | null {
  if (paymentStateOf(stored) !== 'overpaid') return null;
  const balance = (stored as { balance_due?: unknown }).balance_due;
  const over = typeof balance === 'number' ? fromCents(-toCents(balance)) : 0;
  return { code: 'overpaid', message: `Order ${orderNumber} is now overpaid by ${over}: refund or credit the difference` };
}
