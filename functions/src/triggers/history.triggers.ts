/**
 * The deployed history triggers: every write to a top-level document or a document one level
 * below one (`crm_customers/{id}/orders/{id}`, `…/quotes/{id}`) is a change event; the handler
 * keeps the tracked ones (history.record.ts). They run with `retry: true` and no age limit
 * inside Eventarc's 7 days: a failed append is delivered again, and the event id makes the
 * redelivery a no-op once it succeeded, so no entry is lost or doubled. A delete made through
 * the API is credited to its user by the deletion intent the API committed with it
 * (history/history.deletions.ts); the intents' own writes are untracked, so no entry.
 */
import { onDocumentWritten, type Change, type DocumentSnapshot } from 'firebase-functions/v2/firestore';
import { REGION, tursoAuthToken } from '../config/params.js';
import { integrationsInUse } from '../config/integrations.js';
import { nextcloudAppPassword } from '../nextcloud/nextcloud.config.js';

/** What the production deps read (Nextcloud's only when it is in use). */
const secrets = [tursoAuthToken, ...(integrationsInUse().has('nextcloud') ? [nextcloudAppPassword] : [])];

type Event = { id: string; time: string; data?: Change<DocumentSnapshot> };

async function handle(event: Event): Promise<void> {
  if (!event.data) return;
  const [{ productionDepsFromParams }, { toDocChange }, { recordHistoryEvent }] = await Promise.all([
    import('../config/production-deps.js'),
    import('../triggers/firestore-change.js'),
    import('../history/history.wiring.js'),
  ]);
  const deps = await productionDepsFromParams();
  await recordHistoryEvent(deps.sql, toDocChange(event.data), event.id, new Date(event.time), deps.store);
}

export const onHistoryTopWritten = onDocumentWritten(
  { document: '{collection}/{docId}', region: REGION, retry: true, secrets },
  handle,
);

export const onHistoryNestedWritten = onDocumentWritten(
  { document: '{collection}/{parentId}/{subcollection}/{docId}', region: REGION, retry: true, secrets },
  handle,
);
