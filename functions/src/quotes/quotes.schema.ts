import { z } from 'zod';
import { docIdSchema } from '../shared/ids.js';
import { hasAtMostTwoDecimals, nonNegativeAmountSchema } from '../shared/money.js';
import { isoDate } from '../shared/wire.js';
import { serverOwned, singleLineText, withoutServerOwned } from '../http/validate.js';
import { quoteEvents, quoteLanguages, quoteStates, vatRates, type QuoteEvent, type QuoteLanguage, type QuoteState, type VatRate } from './quotes.enums.js';
export { quoteLanguages, quoteStates, vatRates, type QuoteLanguage, type QuoteState, type VatRate } from './quotes.enums.js';

/** Quotes (issue 20): `crm_customers/{id}/quotes/{id}`, money stored in integer cents. */

const percentSchema = z
  .number()
  .min(0, 'must be 0 or more')
  .max(100, 'must be at most 100')
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals');

const vatRateSchema = z.union(
  vatRates.map((rate) => z.literal(rate)),
  { error: `must be one of the Greek VAT rates ${vatRates.join(', ')}` },
) as unknown as z.ZodType<VatRate>;

/** A calendar day, `YYYY-MM-DD` (days are Athens days). */
export const calendarDaySchema = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

const lineServerOwned = ['net', 'vat', 'gross'] as const;
export const quoteLineInputSchema = z
  .strictObject({
    /** A catalogue product: its name, description and price are copied unless given. Null: a free-text line. */
    product_id: docIdSchema.nullable().default(null),
    description: z.string().trim().max(2000).optional(),
    quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000'),
    unit_price: nonNegativeAmountSchema.optional(),
    discount_percent: percentSchema.default(0),
    vat_rate: vatRateSchema.default(24),
    net: serverOwned(),
    vat: serverOwned(),
    gross: serverOwned(),
  })
  .transform(withoutServerOwned(lineServerOwned))
  .superRefine((line, ctx) => {
    if (line.product_id !== null) return;
    if (!line.description) ctx.addIssue({ code: 'custom', path: ['description'], message: 'is required for a free-text line' });
    if (line.unit_price === undefined) ctx.addIssue({ code: 'custom', path: ['unit_price'], message: 'is required for a free-text line' });
  });
export type QuoteLineInput = z.infer<typeof quoteLineInputSchema>;

const quoteFields = {
  order_id: docIdSchema.nullable(),
  language: z.enum(quoteLanguages),
  issue_date: calendarDaySchema,
  valid_until: calendarDaySchema,
  payment_terms: z.string().trim().max(2000),
  delivery_time: singleLineText().max(300),
  customer_note: z.string().trim().max(5000),
  internal_notes: z.string().trim().max(10_000),
  discount_percent: percentSchema,
  lines: z.array(quoteLineInputSchema).max(500, 'at most 500 lines'),
};

/** What staff edit on a draft; everything else (number, state, totals, who) is the server's. */
export const quoteCreateSchema = z
  .strictObject({
    order_id: quoteFields.order_id.default(null),
    language: quoteFields.language.optional(),
    issue_date: quoteFields.issue_date.optional(),
    valid_until: quoteFields.valid_until.optional(),
    payment_terms: quoteFields.payment_terms.default(''),
    delivery_time: quoteFields.delivery_time.default(''),
    customer_note: quoteFields.customer_note.default(''),
    internal_notes: quoteFields.internal_notes.default(''),
    discount_percent: quoteFields.discount_percent.default(0),
    lines: quoteFields.lines.default([]),
  })
  .refine((q) => !q.issue_date || !q.valid_until || q.valid_until >= q.issue_date, { path: ['valid_until'], message: 'must not be before issue_date' });
export type QuoteCreate = z.infer<typeof quoteCreateSchema>;

/** PUT: the fields given replace theirs (lines as a whole list). */
export const quoteUpdateSchema = z
  .strictObject(quoteFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type QuoteUpdate = z.infer<typeof quoteUpdateSchema>;

/** Totals without saving, for the editor's live totals. */
export const quotePreviewSchema = z.strictObject({
  discount_percent: quoteFields.discount_percent.default(0),
  lines: quoteFields.lines,
});
export type QuotePreview = z.infer<typeof quotePreviewSchema>;

const recipientsSchema = z.array(z.email('must be an e-mail address').max(320)).max(50);
export const quoteSendSchema = z.strictObject({
  account_id: docIdSchema,
  to: recipientsSchema.min(1, 'give at least one recipient'),
  cc: recipientsSchema.default([]),
  /** Default: "Προσφορά QUO-2026-014" / "Quotation QUO-2026-014". */
  subject: singleLineText().min(1).max(1000).optional(),
  /** Default: a short text in the quote's language; the answer link is appended either way. */
  message: z.string().max(20_000).optional(),
});
export type QuoteSend = z.infer<typeof quoteSendSchema>;

export const staffAcceptSchema = z.strictObject({ note: z.string().trim().max(2000).default('') });
export const staffDeclineSchema = z.strictObject({ reason: z.string().trim().max(2000).default('') });
export const publicAcceptSchema = z.strictObject({ name: singleLineText().min(2, 'type your name').max(200) });
export const publicDeclineSchema = z.strictObject({ reason: z.string().trim().max(2000).default('') });

/** `inline=true`: shown in the browser (the editor's preview) rather than downloaded. */
export const pdfQuerySchema = z.object({ inline: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });

export const quoteParamsSchema = z.object({ id: docIdSchema });
export const tokenParamsSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'must be a quote link token') });

export const quotesQuerySchema = z.object({
  state: z.enum(quoteStates).optional(),
  customer: docIdSchema.optional(),
  /** valid_until before this day (exclusive). */
  expiring_before: calendarDaySchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type QuotesQuery = z.infer<typeof quotesQuerySchema>;

/** A stored line: the copy as quoted, money in cents. */
export interface QuoteLineDoc {
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price_cents: number;
  discount_percent: number;
  vat_rate: VatRate;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
}

export interface QuoteTotalsDoc {
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
  vat_breakdown: { rate: VatRate; base_cents: number; vat_cents: number }[];
}

/** What happened to a quote, as data (the customer's timeline is derived from it). */
export interface QuoteHistoryEntry {
  event: QuoteEvent;
  at: Date;
  by: string;
  by_uid: string;
}

export interface QuoteDoc {
  /** The document id again, so a quote is found by id alone (a collection-group query). */
  quote_id: string;
  number: string;
  revision: number;
  state: QuoteState;
  /** The quote this revision replaced, and the one that replaced it. */
  revision_of: string | null;
  superseded_by: string | null;
  order_id: string | null;
  language: QuoteLanguage;
  issue_date: string;
  valid_until: string;
  payment_terms: string;
  delivery_time: string;
  customer_note: string;
  internal_notes: string;
  discount_percent: number;
  lines: QuoteLineDoc[];
  totals: QuoteTotalsDoc;
  /** sha-256 of each answer link sent (a resend adds one); the tokens themselves are never stored. */
  public_token_hashes: string[];
  /** The links of a superseded revision: they answer 410, not 404. */
  retired_token_hashes: string[];
  sent_at: Date | null;
  answered_at: Date | null;
  accepted_by_name: string | null;
  decline_reason: string | null;
  /** The order the acceptance created or filled. */
  accepted_order_id: string | null;
  history: QuoteHistoryEntry[];
  created_at: Date;
  created_by: string;
  created_by_uid: string;
  updated_at: Date;
  updated_by: string;
  updated_by_uid: string;
}

export const quoteLineSchema = z.object({
  product_id: z.string().nullable(),
  description: z.string(),
  quantity: z.number(),
  unit_price: z.number(),
  discount_percent: z.number(),
  vat_rate: z.number(),
  net: z.number(),
  vat: z.number(),
  gross: z.number(),
});

export const quoteTotalsSchema = z.object({
  net: z.number(),
  vat: z.number(),
  gross: z.number(),
  vat_breakdown: z.array(z.object({ rate: z.number(), base: z.number(), vat: z.number() })),
});
export type QuoteTotals = z.output<typeof quoteTotalsSchema>;

export const quoteSchema = z.object({
  id: z.string(),
  number: z.string(),
  revision: z.number(),
  state: z.enum(quoteStates),
  customer_id: z.string(),
  order_id: z.string().nullable(),
  revision_of: z.string().nullable(),
  superseded_by: z.string().nullable(),
  language: z.enum(quoteLanguages),
  issue_date: z.string(),
  valid_until: z.string(),
  payment_terms: z.string(),
  delivery_time: z.string(),
  customer_note: z.string(),
  internal_notes: z.string(),
  discount_percent: z.number(),
  lines: z.array(quoteLineSchema),
  totals: quoteTotalsSchema,
  sent_at: isoDate.nullable(),
  answered_at: isoDate.nullable(),
  accepted_by_name: z.string().nullable(),
  decline_reason: z.string().nullable(),
  history: z.array(z.object({ event: z.enum(quoteEvents), at: isoDate, by: z.string() })),
  created_at: isoDate,
  created_by: z.string(),
  updated_at: isoDate,
  updated_by: z.string(),
});
export type Quote = z.output<typeof quoteSchema>;

export const quotePreviewResponseSchema = z.object({ lines: z.array(quoteLineSchema), totals: quoteTotalsSchema });
export const quotePageSchema = z.object({ quotes: z.array(quoteSchema) });
export const annotatedQuoteSchema = quoteSchema.extend({ customer_name: z.string() });
export const annotatedQuotePageSchema = z.object({ quotes: z.array(annotatedQuoteSchema) });

/** What the customer's public page shows: the document's content, nothing internal (no ids, no notes). */
export const publicQuoteSchema = z.object({
  number: z.string(),
  revision: z.number(),
  state: z.enum(quoteStates),
  language: z.enum(quoteLanguages),
  issue_date: z.string(),
  valid_until: z.string(),
  company_name: z.string(),
  customer_name: z.string(),
  payment_terms: z.string(),
  delivery_time: z.string(),
  customer_note: z.string(),
  discount_percent: z.number(),
  lines: z.array(quoteLineSchema.omit({ product_id: true })),
  totals: quoteTotalsSchema,
});
export type PublicQuote = z.output<typeof publicQuoteSchema>;
