import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { REGION } from '../config/params.js';
import type { DocStore } from '../store/docstore.js';

/**
 * The deployed Firestore triggers: thin wrappers that turn the event into a DocChange and run
 * the same handlers the embedded server dispatches to (dispatch.ts). Handlers load on the
 * first event, not at import, to keep cold starts of every function short.
 */

export type StoreProvider = () => Promise<DocStore>;

export function customerWrittenTrigger(getStore: StoreProvider) {
  return onDocumentWritten({ document: 'crm_customers/{customerId}', region: REGION }, async (event) => {
    if (!event.data) return;
    const [{ customerWritten }, { toDocChange }] = await Promise.all([import('./dispatch.js'), import('./firestore-change.js')]);
    await customerWritten(await getStore(), toDocChange(event.data));
  });
}

export function orderWrittenTrigger(getStore: StoreProvider) {
  return onDocumentWritten({ document: 'crm_customers/{customerId}/orders/{orderId}', region: REGION }, async (event) => {
    if (!event.data) return;
    const [{ orderWritten }, { toDocChange }] = await Promise.all([import('./dispatch.js'), import('./firestore-change.js')]);
    await orderWritten(await getStore(), toDocChange(event.data));
  });
}

const deployedStore: StoreProvider = () => import('./production-store.js').then((m) => m.productionStore());

/** Keeps order payment statuses (and the customer's index fields) right after any customer write. */
export const onCustomerWritten = customerWrittenTrigger(deployedStore);

/** Recomputes an order's payment status when its required amount or currency is changed outside the API. */
export const onOrderWritten = orderWrittenTrigger(deployedStore);
