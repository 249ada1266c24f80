import type { DocStore } from '../store/docstore.js';
import type { TimelineEvent } from './timeline.schema.js';

/**
 * A domain's events on a customer's timeline (quotes, tasks, installations…), derived from its
 * own documents as tickets' are. Each domain exports one; `app/routes.ts` lists them, so the
 * timeline never imports a domain that plugs into it. Events are data: `kind: 'activity'` with
 * `ref.event` and `ref.props`, rendered in the reader's language by the SPA.
 */
export type TimelineSource = (store: DocStore, customerId: string) => Promise<TimelineEvent[]>;
