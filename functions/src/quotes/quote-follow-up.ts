import type { AutoTaskSource, AutoTaskSpec } from '../shared/auto-tasks.js';
import { addDays, athensDay } from './quote-days.js';
import { QUOTES, parseQuotePath } from './quote-paths.js';
import type { QuoteDoc } from './quotes.schema.js';
import { readQuoteSettings } from './quotes.settings.js';

/** `quote:<id>:r<revision>`: one follow-up per quote revision sent. */
const keyOf = (quoteId: string, revision: number) => `quote:${quoteId}:r${revision}`;
const keyPattern = /^quote:([A-Za-z0-9_-]+):r\d+$/;

/**
 * A sent quote with no answer after the follow-up days of the settings asks for a call
 * (`quote_follow_up`); the task resolves itself once the quote is answered, expires or is revised.
 */
export const quoteFollowUpSource: AutoTaskSource = {
  name: 'quote_follow_up',
  async due({ store }, now) {
    const { follow_up_days } = await readQuoteSettings(store);
    const today = athensDay(now);
    const sent = await store.query({ collectionGroup: QUOTES, where: [{ field: 'state', op: '==', value: 'sent' }] });
    return sent.flatMap((doc): AutoTaskSpec[] => {
      const quote = doc.data as unknown as QuoteDoc;
      const ids = parseQuotePath(doc.path);
      if (!ids || !quote.sent_at) return [];
      const due = addDays(athensDay(quote.sent_at), follow_up_days);
      if (due > today) return [];
      return [
        {
          source: 'quote_follow_up',
          key: keyOf(doc.id, quote.revision),
          customer_id: ids.customerId,
          title: `Follow up quote ${quote.number}`,
          reason: { type: 'quote_follow_up', props: { quote_number: quote.number, revision: quote.revision, days: follow_up_days } },
          due_date: due,
          links: { quote_id: doc.id, ...(quote.order_id ? { order_id: quote.order_id } : {}) },
        },
      ];
    });
  },
  async resolved({ store }, openKeys) {
    const sent = await store.query({ collectionGroup: QUOTES, where: [{ field: 'state', op: '==', value: 'sent' }] });
    const stillOpen = new Set(sent.map((doc) => keyOf(doc.id, (doc.data as unknown as QuoteDoc).revision)));
    return openKeys.filter((key) => keyPattern.test(key) && !stillOpen.has(key));
  },
};
