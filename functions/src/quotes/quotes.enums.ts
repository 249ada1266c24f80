/** The quote vocabulary, without zod, so the SPA can import it at no bundle cost. */

/** draft → sent → accepted | declined | expired; a revised quote's earlier revision becomes superseded. */
export const quoteStates = ['draft', 'sent', 'accepted', 'declined', 'expired', 'superseded'] as const;
export type QuoteState = (typeof quoteStates)[number];

/** States that still wait for the customer's answer. */
export const openQuoteStates = ['draft', 'sent'] as const satisfies readonly QuoteState[];

export const quoteLanguages = ['el', 'en'] as const;
export type QuoteLanguage = (typeof quoteLanguages)[number];

/** Greek VAT: 24, 13, 6 and 0, and the reduced rates of the Aegean islands, 17, 9 and 4. */
export const vatRates = [24, 13, 6, 0, 17, 9, 4] as const;
export type VatRate = (typeof vatRates)[number];

/** The activity events quotes put on a customer's timeline (`activity.<event>` in the SPA). */
export const quoteEvents = ['quote_created', 'quote_sent', 'quote_accepted', 'quote_declined', 'quote_expired', 'quote_revised'] as const;
export type QuoteEvent = (typeof quoteEvents)[number];
