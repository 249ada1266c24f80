import type { AppDeps } from '../app/deps.js';
import { notFound } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import type { JournalRepository } from './journal.repository.js';
import { deadEntriesQuerySchema, journalEntryParamsSchema, type DeadEntry } from './journal.schema.js';

/**
 * Settings → Integrations (admin): journal entries that failed DEAD_AFTER times in a row for the
 * same reason and are no longer retried, and a retry by hand once the cause is fixed.
 */
export function journalRoutes(deps: AppDeps, journal: JournalRepository): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/journal/dead',
      role: 'admin',
      query: deadEntriesQuerySchema,
      async handler({ query }) {
        const [records, total] = await Promise.all([journal.dead(query.limit), journal.deadCount()]);
        const entries: DeadEntry[] = records.map((record) => ({
          id: record.id,
          source: record.source,
          external_id: record.external_id,
          received_at: record.received_at.toISOString(),
          attempts: record.attempts,
          last_error: record.last_error,
          dead_at: (record.dead_at ?? record.received_at).toISOString(),
        }));
        return { entries, total };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/journal/:id/retry',
      role: 'admin',
      params: journalEntryParamsSchema,
      async handler({ params }) {
        // Due at once: the next drain (every minute embedded, `drainJournals` in production) takes it.
        if (!(await journal.revive(params.id, deps.clock.now()))) throw notFound(`Dead journal entry ${params.id}`);
        return { id: params.id, retried: true as const };
      },
    }),
  ];
}
