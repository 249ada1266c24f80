import { z } from 'zod';
import { journalSources } from './journal.enums.js';

/** Admin routes of the integration journal: dead entries, and bringing one back. */

export const deadEntriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const journalEntryParamsSchema = z.object({ id: z.string().uuid() });

/** A dead journal entry as admins see it: what it is and why it keeps failing, never its bytes. */
export const deadEntrySchema = z.object({
  id: z.string(),
  source: z.enum(journalSources),
  external_id: z.string(),
  received_at: z.iso.datetime(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  dead_at: z.iso.datetime(),
});
export type DeadEntry = z.infer<typeof deadEntrySchema>;

/** GET /admin/journal/dead */
export const deadEntriesSchema = z.object({ entries: z.array(deadEntrySchema), total: z.number().int() });

/** POST /admin/journal/:id/retry */
export const retriedSchema = z.object({ id: z.string(), retried: z.literal(true) });
