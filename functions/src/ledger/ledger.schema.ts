import { z } from 'zod';
import { isoDate } from '../shared/wire.js';
import { dateInputSchema } from '../shared/dates.js';
import { DEFAULT_CURRENCY, MAX_AMOUNT, currencySchema, hasAtMostTwoDecimals } from '../shared/money.js';
import { serverOwned, withoutServerOwned } from '../http/validate.js';
import { transactionFlows, type TransactionFlow, paymentTypes, type PaymentType, transactionCategories } from './ledger.enums.js';
export { transactionFlows, type TransactionFlow, paymentTypes, type PaymentType, transactionCategories, type TransactionCategory } from './ledger.enums.js';

/**
 * The transaction ledger: entries of a customer's `transaction_history` (spec 002, 1A).
 * `transactionEntrySchema` is the stored entry (what a customer document holds);
 * `transactionCreateSchema` / `transactionPatchSchema` are the API bodies: `id` and
 * `recorded_by` are the server's (a `recorded_by` sent as the spec documents it is ignored).
 */

/** A positive decimal amount with at most two decimals. */
export const amountSchema = z
  .number()
  .positive('must be greater than 0')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals');

const refSchema = z.string().trim().min(1).max(200);
const noteSchema = z.string().max(5000);

/** A stored ledger entry. Dates read as Date (adapters convert; legacy ISO strings coerce). */
export const transactionEntrySchema = z.object({
  id: z.string().min(1),
  date: z.coerce.date(),
  flow: z.enum(transactionFlows),
  payment_type: z.enum(paymentTypes).nullable(),
  category: z.enum(transactionCategories),
  amount: amountSchema,
  currency: currencySchema,
  invoice_ref: z.string().nullable(),
  order_ref: z.string().nullable(),
  recorded_by: z.string(),
  recorded_by_uid: z.string().nullable().optional(),
  note: z.string(),
  updated_by: z.string().nullable().optional(),
  updated_at: z.coerce.date().nullable().optional(),
});
export type TransactionEntry = z.infer<typeof transactionEntrySchema>;

/** A ledger entry in a response: the stored entry, its dates as the wire carries them. */
export const transactionSchema = transactionEntrySchema.extend({ date: isoDate, updated_at: isoDate.nullable().optional() });

/** The spec's rule for payment_type: null for invoices, required for payments and refunds. */
export function paymentTypeIssue(flow: TransactionFlow, paymentType: PaymentType | null): string | null {
  if (flow === 'invoice' && paymentType !== null) return 'must be null for an invoice';
  if ((flow === 'payment' || flow === 'refund') && paymentType === null) return `is required for a ${flow}`;
  return null;
}

const createFields = {
  date: dateInputSchema.optional(),
  flow: z.enum(transactionFlows),
  payment_type: z.enum(paymentTypes).nullable().optional(),
  category: z.enum(transactionCategories).default('full_payment'),
  amount: amountSchema,
  currency: currencySchema.default(DEFAULT_CURRENCY),
  invoice_ref: refSchema.nullable().optional(),
  order_ref: refSchema.nullable().optional(),
  note: noteSchema.default(''),
};

/** POST /crm/customers/:id/transactions */
export const transactionCreateSchema = z
  .strictObject({ ...createFields, recorded_by: serverOwned() })
  .superRefine((body, ctx) => {
    const issue = paymentTypeIssue(body.flow, body.payment_type ?? null);
    if (issue) ctx.addIssue({ code: 'custom', path: ['payment_type'], message: issue });
  })
  .transform(withoutServerOwned(['recorded_by']));
export type TransactionCreate = z.infer<typeof transactionCreateSchema>;

/**
 * PATCH /crm/customers/:id/transactions/:txId — only given fields change. The payment_type
 * rule is checked by the service on the merged entry, since it spans fields.
 */
export const transactionPatchSchema = z
  .strictObject({
    date: dateInputSchema,
    flow: z.enum(transactionFlows),
    payment_type: z.enum(paymentTypes).nullable(),
    category: z.enum(transactionCategories),
    amount: amountSchema,
    currency: currencySchema,
    invoice_ref: refSchema.nullable(),
    order_ref: refSchema.nullable(),
    note: noteSchema,
    recorded_by: serverOwned(),
  })
  .partial()
  .refine((body) => Object.keys(body).some((key) => key !== 'recorded_by'), 'give at least one field to change')
  .transform(withoutServerOwned(['recorded_by']));
export type TransactionPatch = z.infer<typeof transactionPatchSchema>;

/** Per-currency totals of a ledger; amounts of different currencies are never added. */
export const currencyTotalsSchema = z.object({
  currency: z.string(),
  invoiced: z.number(),
  paid: z.number(),
  credits: z.number(),
  outstanding: z.number(),
});
export type CurrencyTotals = z.infer<typeof currencyTotalsSchema>;

/** An order's payment status (payment-status.ts computes it): the terms staff set, and what follows from the ledger. */
export const paymentStatusSchema = z.object({
  required_amount: z.number(),
  advance_required: z.boolean(),
  advance_amount: z.number().nullable(),
  received_amount: z.number(),
  balance_due: z.number(),
  payment_complete: z.boolean(),
});

/** A note a write returns beside its result: accepted, but staff should look. */
export const warningSchema = z.object({ code: z.enum(['overpaid', 'complete_unpaid']), message: z.string() });

/**
 * What the customer's orders require and what the customer owes, per currency (declined orders
 * left out; customer-owes.ts is the definition): `still_required` sums each order's positive
 * balance, `overpaid` each order's excess, so one order's overpayment never hides another's
 * debt, and an order set complete unpaid still counts. `unassigned` is money received without
 * naming an order; `owed` what the customer owes after it, `in_credit` what they paid beyond.
 */
export const orderTotalsSchema = z.object({
  currency: z.string(),
  required: z.number(),
  received: z.number(),
  still_required: z.number(),
  overpaid: z.number(),
  unassigned: z.number(),
  owed: z.number(),
  in_credit: z.number(),
});
export type OrderTotals = z.output<typeof orderTotalsSchema>;

/** GET /crm/customers/:id/financials */
export const financialsSchema = z.object({
  transactions: z.array(transactionSchema),
  totals: z.array(currencyTotalsSchema),
  order_totals: z.array(orderTotalsSchema),
});
export type Financials = z.output<typeof financialsSchema>;

/** An order whose payment status a ledger write recomputed, as the response reports it. */
export const affectedOrderSchema = z.object({ id: z.string(), order_number: z.string(), payment_status: paymentStatusSchema });
export type AffectedOrder = z.output<typeof affectedOrderSchema>;

/** A ledger write's answer; `warnings`: orders the write left overpaid (accepted, but a refund or credit is owed). */
export const ledgerWriteResultSchema = transactionSchema.extend({
  affected_orders: z.array(affectedOrderSchema),
  warnings: z.array(warningSchema),
});
export type LedgerWriteResult = z.output<typeof ledgerWriteResultSchema>;
