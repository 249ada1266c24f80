import type { AutoTaskSource, AutoTaskSpec } from '../shared/auto-tasks.js';
import { addDays, athensDay } from './quote-days.js';
import { QUOTES, parseQuotePath } from './quote-paths.js';
import type { QuoteDoc } from './quotes.schema.js';
import { readQuoteSettings } from './quotes.settings.js';

/** `quote:<id>:r<revision>`: one follow-up per quote revision sent. */
const keyOf = (quoteId: string, revision: number) => `quote:${quoteId}:r${revision}`;
const keyPattern = /^quote:([A-Za-z0-9_-]+):r\d+$/;

/** Who answers through the quote's link (quotes.public.routes.ts). */
const ONLINE = 'integration:quote-link';
/** An answer older than this at a run (a first run after an upgrade) tells nobody anything new. */
const ANSWER_NEWS_DAYS = 7;

/**
 * The in-app notification of a quote the customer answered online: a task for today, on the
 * Today page and in its badge, linking the quote and the order it made, until someone marks it
 * done. (Staff who record an answer themselves know it already.)
 */
function answeredOnline(doc: { id: string; path: string; data: Record<string, unknown> }, today: string): AutoTaskSpec[] {
  const quote = doc.data as unknown as QuoteDoc;
  const ids = parseQuotePath(doc.path);
  const answer = quote.history.at(-1);
  if (!ids || !quote.answered_at || !answer || answer.by_uid !== ONLINE) return [];
  if (addDays(athensDay(quote.answered_at), ANSWER_NEWS_DAYS) < today) return [];
  const accepted = quote.state === 'accepted';
  const type = accepted ? 'quote_accepted_online' : 'quote_declined_online';
  return [
    {
      source: 'quote_follow_up',
      key: `quote:${doc.id}:answered`,
      customer_id: ids.customerId,
      title: `${accepted ? 'Accepted' : 'Declined'} online: quote ${quote.number}`,
      reason: { type, props: { quote_number: quote.number, revision: quote.revision, name: answer.by } },
      due_date: today,
      links: { quote_id: doc.id, ...(quote.accepted_order_id ? { order_id: quote.accepted_order_id } : quote.order_id ? { order_id: quote.order_id } : {}) },
    },
  ];
}

/**
 * A sent quote with no answer after the follow-up days of the settings asks for a call
 * (`quote_follow_up`); the task resolves itself once the quote is answered, expires or is revised.
 * A quote the customer answered online is news for the office: a task tells whoever opens Today.
 */
export const quoteFollowUpSource: AutoTaskSource = {
  name: 'quote_follow_up',
  async due({ store }, now) {
    const { follow_up_days } = await readQuoteSettings(store);
    const today = athensDay(now);
    const [sent, answered] = await Promise.all([
      store.query({ collectionGroup: QUOTES, where: [{ field: 'state', op: '==', value: 'sent' }] }),
      store.query({ collectionGroup: QUOTES, where: [{ field: 'state', op: 'in', value: ['accepted', 'declined'] }] }),
    ]);
    const news = answered.flatMap((doc) => answeredOnline(doc, today));
    return news.concat(sent.flatMap((doc): AutoTaskSpec[] => {
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
    }));
  },
  async resolved({ store }, openKeys) {
    const sent = await store.query({ collectionGroup: QUOTES, where: [{ field: 'state', op: '==', value: 'sent' }] });
    const stillOpen = new Set(sent.map((doc) => keyOf(doc.id, (doc.data as unknown as QuoteDoc).revision)));
    return openKeys.filter((key) => keyPattern.test(key) && !stillOpen.has(key));
  },
};
