/**
 * The comms log and the customer timeline as the API sends them, from its response schemas
 * (functions/src/comms and functions/src/timeline): dates are ISO 8601 strings.
 */

import type { assignResultSchema, commsEntrySchema, commsPageSchema } from '@functions/comms/comms.schema';
import { commsTypes, type CommsDirection, type CommsType } from '@functions/comms/comms.enums';
import type { timelineCallSchema, timelineEventSchema, timelinePageSchema, TimelineKind } from '@functions/timeline/timeline.schema';
import type { Wire } from '@functions/shared/wire';

export { commsDirections, commsTypes, type CallDisposition, type CommsDirection, type CommsType } from '@functions/comms/comms.enums';
export type { TimelineKind };

export function isCommsType(value: string): value is CommsType {
  return (commsTypes as readonly string[]).includes(value);
}

/** GET /crm/comms/:id; `customer_id` is '' while the message is unassigned. */
export type CommsEntry = Wire<typeof commsEntrySchema>;
export type CommsAttachment = CommsEntry['attachments'][number];
export type CommsPage = Wire<typeof commsPageSchema>;

/** The body of POST /crm/comms for a customer's manual entry, and of PATCH /crm/comms/:id. */
export interface CommsInput {
  type: CommsType;
  direction: CommsDirection;
  subject: string | null;
  body: string | null;
  occurred_at: string;
}

export type TimelineEvent = Wire<typeof timelineEventSchema>;
export type TimelineRef = TimelineEvent['ref'];
export type TimelinePage = Wire<typeof timelinePageSchema>;

/** POST /crm/comms/:id/assign */
export type AssignResult = Wire<typeof assignResultSchema>;

/** A logged call's facts on its timeline event. */
export type TimelineCall = Wire<typeof timelineCallSchema>;
