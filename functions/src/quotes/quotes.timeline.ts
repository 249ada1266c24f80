import type { TimelineSource } from '../timeline/timeline-source.js';
import type { TimelineEvent } from '../timeline/timeline.schema.js';
import { quotesPath } from './quote-paths.js';
import type { QuoteDoc } from './quotes.schema.js';

/** Each quote's history on its customer's timeline, as data: `activity.<event>` with the number and revision. */
export const quotesTimelineSource: TimelineSource = async (store, customerId) => {
  const docs = await store.query({ collection: quotesPath(customerId) });
  return docs.flatMap((doc) => {
    const quote = doc.data as unknown as QuoteDoc;
    return (quote.history ?? []).map(
      (entry, index): TimelineEvent => ({
        id: `quote:${doc.id}:${index}`,
        kind: 'activity',
        occurred_at: entry.at,
        title: `${entry.event} ${quote.number}`,
        by: entry.by,
        ref: {
          type: 'activity',
          event: entry.event,
          doc: doc.path,
          props: { quote_id: doc.id, quote_number: quote.number, revision: quote.revision, gross: quote.totals.gross_cents / 100 },
        },
      }),
    );
  });
};
