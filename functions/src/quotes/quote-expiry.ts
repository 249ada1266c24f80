import type { Clock } from '../http/deps.js';
import type { DocStore } from '../store/docstore.js';
import { athensDay } from './quote-days.js';
import { QUOTES } from './quote-paths.js';
import type { QuoteDoc } from './quotes.schema.js';
import { historyEntry, stamp } from './quotes.service.js';

const expiryActor = { name: 'Quote expiry', uid: 'script:quote-expiry' };

/**
 * Marks every sent quote whose last valid day (Athens) has passed as expired. Idempotent by
 * state: each quote is re-read in its own transaction and changed only while still `sent`, so
 * a repeated or overlapping run changes nothing more. Returns how many it expired.
 */
export async function expireSentQuotes(store: DocStore, clock: Clock): Promise<number> {
  const today = athensDay(clock.now());
  const due = await store.query({
    collectionGroup: QUOTES,
    where: [
      { field: 'state', op: '==', value: 'sent' },
      { field: 'valid_until', op: '<', value: today },
    ],
    orderBy: [{ field: 'valid_until', direction: 'asc' }],
  });
  let expired = 0;
  for (const candidate of due) {
    const changed = await store.runTransaction(async (tx) => {
      const doc = await tx.get(candidate.path);
      const quote = doc?.data as unknown as QuoteDoc | undefined;
      if (!doc || !quote || quote.state !== 'sent' || quote.valid_until >= today) return false;
      const now = clock.now();
      tx.update(doc.path, { state: 'expired', history: [...quote.history, historyEntry('quote_expired', now, expiryActor)], ...stamp(expiryActor, now) });
      return true;
    });
    if (changed) expired += 1;
  }
  return expired;
}
