/**
 * Quotations as the API speaks them (functions/src/quotes/quotes.schema.ts): the types come from
 * the response schemas, so nothing is copied by hand. Money is decimal euros; every total is the
 * server's (POST /crm/quotes/preview prices an unsaved draft).
 */
import type {
  annotatedQuoteSchema,
  publicQuoteSchema,
  quotePreviewResponseSchema,
  quoteSchema,
} from '@functions/quotes/quotes.schema';
import type { quoteSettingsResponseSchema } from '@functions/quotes/quote-settings.schema';
import type { Wire } from '@functions/shared/wire';
import type { QuoteState } from '@functions/quotes/quotes.enums';
import { createApiClient } from './client';
import { api } from './index';

export { quoteStates, vatRates, type QuoteState, type VatRate } from '@functions/quotes/quotes.enums';

export type Quote = Wire<typeof quoteSchema>;
export type QuoteLine = Quote['lines'][number];
export type AnnotatedQuote = Wire<typeof annotatedQuoteSchema>;
export type QuotePreview = Wire<typeof quotePreviewResponseSchema>;
export type PublicQuote = Wire<typeof publicQuoteSchema>;
export type QuoteSettings = Wire<typeof quoteSettingsResponseSchema>;

/** A line as the editor sends it; net, VAT and gross are the server's. */
export interface QuoteLineInput {
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price: number;
  discount_percent: number;
  vat_rate: number;
}

export interface QuoteEdit {
  language: 'el' | 'en';
  valid_until: string;
  payment_terms: string;
  delivery_time: string;
  customer_note: string;
  internal_notes: string;
  discount_percent: number;
  lines: QuoteLineInput[];
}

export interface QuoteSendInput {
  account_id: string;
  to: string[];
  cc: string[];
  subject?: string;
  message?: string;
}

/** Still waiting for the customer (or for staff to send it). */
export const openQuoteStates: readonly QuoteState[] = ['draft', 'sent'];

export const quotesApi = {
  forCustomer: (customerId: string) => api.get<{ quotes: Quote[] }>(`/crm/customers/${customerId}/quotes`),
  list: (query: { state?: QuoteState; expiring_before?: string; limit?: number }) => api.get<{ quotes: AnnotatedQuote[] }>('/crm/quotes', { query }),
  create: (customerId: string, body: Partial<QuoteEdit> & { order_id?: string | null }) => api.post<Quote>(`/crm/customers/${customerId}/quotes`, body),
  get: (id: string) => api.get<Quote>(`/crm/quotes/${id}`),
  update: (id: string, body: Partial<QuoteEdit>) => api.put<Quote>(`/crm/quotes/${id}`, body),
  preview: (body: { discount_percent: number; lines: QuoteLineInput[] }, signal?: AbortSignal) =>
    api.post<QuotePreview>('/crm/quotes/preview', body, signal ? { signal } : {}),
  send: (id: string, body: QuoteSendInput, idempotencyKey: string) => api.post<Quote>(`/crm/quotes/${id}/send`, body, { idempotencyKey }),
  revise: (id: string) => api.post<Quote>(`/crm/quotes/${id}/revise`, {}),
  accept: (id: string) => api.post<Quote>(`/crm/quotes/${id}/accept`, {}),
  decline: (id: string, reason: string) => api.post<Quote>(`/crm/quotes/${id}/decline`, { reason }),
  pdf: (id: string) => api.download(`/crm/quotes/${id}/pdf`, { query: { inline: 'true' } }),
  senders: () => api.get<{ senders: { id: string; label: string; address: string }[] }>('/crm/mail/senders'),
  settings: () => api.get<QuoteSettings>('/crm/settings/quotes'),
  saveSettings: (body: QuoteSettings) => api.put<QuoteSettings>('/crm/settings/quotes', body),
};

/** The customer's answer page has no account: its link's token is the credential. */
const publicClient = createApiClient({ getToken: () => Promise.resolve(null) });

export const publicQuotesApi = {
  get: (token: string) => publicClient.get<PublicQuote>(`/public/quotes/${token}`),
  pdfUrl: (token: string) => `/api/public/quotes/${token}/pdf?inline=true`,
  accept: (token: string, name: string) => publicClient.post<PublicQuote>(`/public/quotes/${token}/accept`, { name }),
  decline: (token: string, reason: string) => publicClient.post<PublicQuote>(`/public/quotes/${token}/decline`, { reason }),
};

/** `YYYY-MM-DD` of a day `days` after today, in the browser's calendar (the office is in Athens). */
export function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
