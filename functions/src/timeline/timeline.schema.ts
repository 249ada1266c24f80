import { z } from 'zod';
import type { CallDisposition, CommsDirection, CommsType } from '../comms/comms.schema.js';
import { DEFAULT_PAGE, MAX_PAGE } from '../comms/comms.schema.js';
import { docIdSchema } from '../shared/ids.js';
import { seqCursorSchema } from '../comms/comms.seq.js';

/** What a customer's unified timeline merges (issue 5, "Unified timeline"). */
export type TimelineKind = CommsType | 'order_event' | 'transaction' | 'technical_issue' | 'install_support';

export type TimelineRef =
  /** `manual`: entered by staff, not logged by an integration (no ext_message_id); only those are edited. */
  | { type: 'comms'; id: string; manual: boolean; call?: TimelineCall }
  | { type: 'order'; order_id: string; order_number: string | null; entry_id: string; event_type: string }
  | { type: 'transaction'; id: string; flow: string; amount: number; currency: string; order_ref: string | null }
  | { type: 'technical_issue' | 'install_support'; id: string; event: 'opened' | 'resolved'; active: boolean };

/** What the SPA's call row shows of a call the PBX logged (issue 10); absent on manual call notes. */
export interface TimelineCall {
  disposition: CallDisposition;
  duration_seconds: number;
  /** The external number in E.164; null when withheld. */
  address: string | null;
  answered_by: string | null;
  answered_by_name: string | null;
  /** Extensions that rang, in order. */
  extensions_rang: string[];
}

export interface TimelineEvent {
  /** Unique across kinds. */
  id: string;
  kind: TimelineKind;
  occurred_at: Date;
  title: string;
  body?: string;
  direction?: CommsDirection;
  /** Who logged, recorded, opened or resolved it, when known. */
  by?: string;
  ref: TimelineRef;
}

export interface TimelinePage {
  events: TimelineEvent[];
  next_cursor: string | null;
}

export const timelineParamsSchema = z.object({ id: docIdSchema });

export const timelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: seqCursorSchema.optional(),
});
