import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import * as cloudLogger from 'firebase-functions/logger';
import { REGION } from '../config/params.js';
import type { DocStore } from '../store/docstore.js';

/**
 * The deployed Firestore triggers: thin wrappers that turn the event into a DocChange and run
 * the same handlers the embedded server dispatches to (dispatch.ts). Handlers load on the
 * first event, not at import, to keep cold starts of every function short.
 *
 * They run with `retry: true`: a write from the console or an import whose trigger fails is
 * delivered again until it succeeds (the handlers are idempotent: they write only what
 * differs). An event older than MAX_EVENT_AGE_MS is dropped, and logged, so a handler that
 * keeps failing does not retry for the seven days Eventarc would allow.
 */

export type StoreProvider = () => Promise<DocStore>;

export const MAX_EVENT_AGE_MS = 60 * 60 * 1000;

export interface TriggerLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** True when the event is too old to act on (it has been retried for too long); logs what is dropped. */
function tooOld(event: { time?: string; id?: string; subject?: string }, trigger: string, logger: TriggerLogger, now: number): boolean {
  const at = event.time ? Date.parse(event.time) : Number.NaN;
  if (Number.isNaN(at) || now - at <= MAX_EVENT_AGE_MS) return false;
  logger.warn('dropping a trigger event older than the retry age limit', {
    trigger,
    eventId: event.id,
    document: event.subject,
    eventTime: event.time,
    ageMs: now - at,
    maxAgeMs: MAX_EVENT_AGE_MS,
  });
  return true;
}

export function customerWrittenTrigger(getStore: StoreProvider, logger: TriggerLogger = cloudLogger) {
  return onDocumentWritten({ document: 'crm_customers/{customerId}', region: REGION, retry: true }, async (event) => {
    if (!event.data || tooOld(event, 'onCustomerWritten', logger, Date.now())) return;
    const [{ customerWritten }, { toDocChange }] = await Promise.all([import('./dispatch.js'), import('./firestore-change.js')]);
    await customerWritten(await getStore(), toDocChange(event.data));
  });
}

export function orderWrittenTrigger(getStore: StoreProvider, logger: TriggerLogger = cloudLogger) {
  return onDocumentWritten(
    { document: 'crm_customers/{customerId}/orders/{orderId}', region: REGION, retry: true },
    async (event) => {
      if (!event.data || tooOld(event, 'onOrderWritten', logger, Date.now())) return;
      const [{ orderWritten }, { toDocChange }] = await Promise.all([import('./dispatch.js'), import('./firestore-change.js')]);
      await orderWritten(await getStore(), toDocChange(event.data));
    },
  );
}

const deployedStore: StoreProvider = () => import('./production-store.js').then((m) => m.productionStore());

/** Keeps order payment statuses (and the customer's index fields) right after any customer write. */
export const onCustomerWritten = customerWrittenTrigger(deployedStore);

/** Recomputes an order's payment status when its required amount or currency is changed outside the API. */
export const onOrderWritten = orderWrittenTrigger(deployedStore);
