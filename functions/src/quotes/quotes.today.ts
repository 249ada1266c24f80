import type { Query } from '../store/docstore.js';
import type { AwaitingQuote, TodaySectionReaders } from '../shared/today-sections.js';
import { parseQuotePath, QUOTES } from './quote-paths.js';
import type { QuoteDoc } from './quotes.schema.js';

/** Every sent quote is waiting on its customer; the one that expires first comes first. */
const awaitingQuery: Query = { collectionGroup: QUOTES, where: [{ field: 'state', op: '==', value: 'sent' }] };

/** The home page's "quotes awaiting an answer" (shared/today-sections.ts). */
export const quotesAwaiting: TodaySectionReaders['quotesAwaiting'] = async (store, limit) => {
  const [count, docs] = await Promise.all([
    store.count(awaitingQuery),
    store.query({ ...awaitingQuery, orderBy: [{ field: 'valid_until', direction: 'asc' }], limit }),
  ]);
  const rows = docs.flatMap((doc): AwaitingQuote[] => {
    const ids = parseQuotePath(doc.path);
    const quote = doc.data as unknown as QuoteDoc;
    if (!ids || !(quote.sent_at instanceof Date)) return [];
    return [
      {
        quote_id: ids.quoteId,
        customer_id: ids.customerId,
        number: quote.number,
        revision: quote.revision,
        sent_at: quote.sent_at,
        valid_until: quote.valid_until,
        gross_cents: quote.totals.gross_cents,
      },
    ];
  });
  return { count, rows };
};
