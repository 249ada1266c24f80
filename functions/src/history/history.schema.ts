/** The history of changes on the wire (issue 23, item 6). */
import { z } from 'zod';
import { cursorSchema } from '../shared/cursor.js';
import { dateInputSchema } from '../shared/dates.js';
import { isoDate } from '../shared/wire.js';
import { actorKinds, historyActions, historyKinds } from './history.enums.js';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

const diffOpSchema = z.tuple([z.union([z.literal(-1), z.literal(0), z.literal(1)]), z.string()]);

/** One field's change; a long text also carries the word diff the SPA shows. */
export const historyChangeSchema = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  diff: z.array(diffOpSchema).optional(),
});

export const historyActorSchema = z.object({
  kind: z.enum(actorKinds),
  uid: z.string().nullable(),
  name: z.string().nullable(),
});

export const historyEntrySchema = z.object({
  id: z.string(),
  doc: z.string(),
  at: isoDate,
  actor: historyActorSchema,
  action: z.enum(historyActions),
  changes: z.array(historyChangeSchema),
  reason: z.string().nullable(),
});
export type HistoryEntry = z.output<typeof historyEntrySchema>;

export const historyPageSchema = z.object({ entries: z.array(historyEntrySchema), next_cursor: z.string().nullable() });
export type HistoryPage = z.output<typeof historyPageSchema>;

/** `customers/<id>`, `customers/<id>/orders/<id>`, …: collection and id pairs. */
const docSchema = z
  .string()
  .max(400)
  .regex(/^[a-z_]+\/[A-Za-z0-9_-]+(\/[a-z_]+\/[A-Za-z0-9_-]+)*$/, { error: 'must be a document such as customers/<id>' });

export const historyListQuerySchema = z.object({
  doc: docSchema.optional(),
  user: z.string().min(1).max(200).optional(),
  kind: z.enum(historyKinds).optional(),
  from: dateInputSchema.optional(),
  to: dateInputSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  /** The seq of the last entry of the previous page. */
  cursor: cursorSchema(z.number().int().positive()).optional(),
});
export type HistoryListQuery = z.output<typeof historyListQuerySchema>;

export const historyParamsSchema = z.object({ id: z.string().regex(/^[1-9][0-9]{0,15}$/, { error: 'is not a history entry id' }) });

export const restoreFieldBodySchema = z.object({ field: z.string().min(1).max(500) });
export type RestoreFieldBody = z.output<typeof restoreFieldBodySchema>;

/** What a restore answers: the field, the value it held and the value it holds now (the write is recorded as any other). */
export const restoreFieldResultSchema = z.object({ doc: z.string(), field: z.string(), before: z.unknown(), after: z.unknown() });

export const historySettingsSchema = z.object({ retention_days: z.number().int().nullable() });
export const historySettingsBodySchema = z.object({
  /** null keeps everything; otherwise entries older than this many days are purged daily. */
  retention_days: z.number().int().min(30).max(36_500).nullable(),
});
export type HistorySettings = z.output<typeof historySettingsSchema>;
