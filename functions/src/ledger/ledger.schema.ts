import { z } from 'zod';
import { MAX_AMOUNT, hasAtMostTwoDecimals } from './money.js';
import { serverOwned, withoutServerOwned } from '../http/validate.js';

/**
 * The transaction ledger: entries of a customer's `transaction_history` (spec 002, 1A).
 * `transactionEntrySchema` is the stored entry (what a customer document holds);
 * `transactionCreateSchema` / `transactionPatchSchema` are the API bodies: `id` and
 * `recorded_by` are the server's (a `recorded_by` sent as the spec documents it is ignored).
 */

export const transactionFlows = ['invoice', 'payment', 'refund', 'credit'] as const;
export type TransactionFlow = (typeof transactionFlows)[number];

export const paymentTypes = ['cash', 'bank_transfer', 'card', 'paypal'] as const;
export type PaymentType = (typeof paymentTypes)[number];

export const transactionCategories = ['full_payment', 'advance', 'installment'] as const;
export type TransactionCategory = (typeof transactionCategories)[number];

export const DEFAULT_CURRENCY = 'EUR';

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code; lower case is accepted and stored upper case. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code')
  .refine((code) => isoCurrencies.has(code), 'is not an ISO 4217 currency code');

/** A positive decimal amount with at most two decimals. */
export const amountSchema = z
  .number()
  .positive('must be greater than 0')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals');

/** A decimal amount that may be 0 (required amounts, prices). */
export const nonNegativeAmountSchema = z
  .number()
  .min(0, 'must be 0 or more')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals');

/** An ISO 8601 date-time (with offset or Z) or a calendar date, as a Date. */
export const dateInputSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
  .transform((value) => new Date(value));

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
