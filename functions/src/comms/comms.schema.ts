import { z } from 'zod';
import { isoDate } from '../shared/wire.js';
import { checkFilePath } from '../nextcloud/nextcloud.paths.js';
import { docIdSchema } from '../shared/ids.js';
import { seqCursorSchema } from './comms.seq.js';
import { callDispositions, commsDirections, commsTypes, deliveryStatuses, followUpStates } from './comms.enums.js';
export { commsTypes, type CommsType, commsDirections, type CommsDirection, deliveryStatuses, type DeliveryStatus, callDispositions, type CallDisposition, followUpStates, type FollowUpState } from './comms.enums.js';

/** The comms log (spec 001, crm_comms_log), kept in libSQL. */

export const MAX_SUBJECT = 1_000;
export const MAX_BODY = 100_000;
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

export const commsAttachmentSchema = z.object({ filename: z.string(), nextcloud_path: z.string() });
export type Attachment = z.output<typeof commsAttachmentSchema>;

/** Why a message was not delivered, as the channel gave it (Meta's error code and title). */
export const deliveryErrorSchema = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  title: z.string().optional(),
  message: z.string().optional(),
});
export type DeliveryError = z.output<typeof deliveryErrorSchema>;

/** A comms entry as the API returns it. `customer_id` is '' while the message is unassigned. */
export const commsEntrySchema = z.object({
  id: z.string(),
  customer_id: z.string(),
  type: z.enum(commsTypes),
  direction: z.enum(commsDirections),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  attachments: z.array(commsAttachmentSchema),
  ext_message_id: z.string().nullable(),
  /** The matching key: e-mail in lower case or phone in E.164; null when there is none. */
  address: z.string().nullable(),
  /** The address as the message gave it (e.g. `"Στέλιος" <s@x.gr>`). */
  address_raw: z.string().nullable(),
  logged_by: z.string().nullable(),
  logged_by_uid: z.string().nullable(),
  occurred_at: isoDate,
  created_at: isoDate,
  updated_at: isoDate,
  /** Email: the conversation it belongs to (References / In-Reply-To / Message-ID). */
  thread_id: z.string().nullable(),
  /** WhatsApp (outbound): the furthest delivery tick seen. */
  delivery_status: z.enum(deliveryStatuses).nullable(),
  delivery_error: deliveryErrorSchema.nullable(),
  /** Calls. */
  disposition: z.enum(callDispositions).nullable(),
  duration_seconds: z.number().nullable(),
  /** A missed call waiting for someone to call back. */
  follow_up: z.enum(followUpStates).nullable(),
  follow_up_closed_at: isoDate.nullable(),
  follow_up_closed_by: z.string().nullable(),
  /** What only this channel has: email recipients and HTML, WhatsApp message type, media, quoted message and reactions, a call's legs. */
  details: z.record(z.string(), z.unknown()),
});
export type CommsEntry = z.output<typeof commsEntrySchema>;

export const commsPageSchema = z.object({ entries: z.array(commsEntrySchema), next_cursor: z.string().nullable() });
export type CommsPage = z.output<typeof commsPageSchema>;

/** POST /crm/comms/:id/assign: the entry, and how many of the sender's unassigned messages went with it. */
export const assignResultSchema = z.object({ entry: commsEntrySchema, assigned_count: z.number() });

export const unassignedCountSchema = z.object({ count: z.number() });

export const attachmentSchema = z.strictObject({
  filename: z.string().trim().min(1).max(255),
  nextcloud_path: z
    .string()
    .max(1_000)
    .transform((path, ctx) => {
      try {
        return checkFilePath(path);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
});

const dateTimeSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const subjectSchema = z.string().max(MAX_SUBJECT).nullable();
const bodySchema = z.string().max(MAX_BODY).nullable();
const addressInputSchema = z.string().trim().min(1).max(320);

/** POST /crm/comms: a manual entry; with no customer_id it is matched by its address. */
export const commsCreateSchema = z
  .strictObject({
    customer_id: docIdSchema.optional(),
    type: z.enum(commsTypes),
    direction: z.enum(commsDirections),
    subject: subjectSchema.optional(),
    body: bodySchema.optional(),
    attachments: z.array(attachmentSchema).max(50).optional(),
    address: addressInputSchema.optional(),
    occurred_at: dateTimeSchema.optional(),
  })
  .refine((body) => body.customer_id !== undefined || body.address !== undefined, {
    path: ['customer_id'],
    message: 'give customer_id, or address to match the customer by',
  });
export type CommsCreate = z.infer<typeof commsCreateSchema>;

/** PATCH /crm/comms/:id: only the given fields change. */
export const commsPatchSchema = z
  .strictObject({
    customer_id: docIdSchema.optional(),
    type: z.enum(commsTypes).optional(),
    direction: z.enum(commsDirections).optional(),
    subject: subjectSchema.optional(),
    body: bodySchema.optional(),
    attachments: z.array(attachmentSchema).max(50).optional(),
    occurred_at: dateTimeSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });
export type CommsPatch = z.infer<typeof commsPatchSchema>;

export const commsAssignSchema = z.strictObject({ customer_id: docIdSchema });

export const commsParamsSchema = z.object({ id: docIdSchema });

/** POST /crm/comms/:id/done: a message that needs no customer leaves the inbox (or comes back). */
export const commsDoneSchema = z.strictObject({ done: z.boolean() });

/** `?type=call,sms` or `?type=call&type=sms`. */
const typeListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter((v) => v !== ''))
  .pipe(z.array(z.enum(commsTypes)).min(1));

/** A date (a whole day) or a date-time. `to` of a date includes that day. */
const rangeStartSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
  .transform((value) => new Date(value));
const rangeEndSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
  .transform((value) => {
    const end = new Date(value);
    // Exclusive end: the next day for a date, the next millisecond for a date-time.
    return z.iso.date().safeParse(value).success ? new Date(end.getTime() + 86_400_000) : new Date(end.getTime() + 1);
  });

export const pageSchema = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: seqCursorSchema.optional(),
};

export const commsListQuerySchema = z
  .object({
    customer_id: docIdSchema.optional(),
    type: typeListSchema.optional(),
    direction: z.enum(commsDirections).optional(),
    from: rangeStartSchema.optional(),
    to: rangeEndSchema.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    ...pageSchema,
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must not be before from' });
export type CommsListQuery = z.infer<typeof commsListQuerySchema>;

export const unassignedQuerySchema = z.object(pageSchema);

/** What an integration (mail, WhatsApp, calls) hands to logMessage. */
export const logMessageSchema = z.object({
  type: z.enum(commsTypes),
  direction: z.enum(commsDirections),
  /** IMAP Message-ID / uid, WhatsApp message id, AMI call id: the message is logged once. */
  ext_message_id: z.string().trim().min(1).max(500).nullish(),
  /** The other side's address or number as the message gives it. */
  address: z.string().trim().max(320).nullish(),
  /** Known customer, when the integration knows it; otherwise matched by address. */
  customer_id: docIdSchema.nullish(),
  subject: subjectSchema.optional(),
  body: bodySchema.optional(),
  attachments: z.array(attachmentSchema).max(200).optional(),
  occurred_at: z.date(),
  logged_by: z.string().max(200).nullish(),
  logged_by_uid: z.string().max(200).nullish(),
  thread_id: z.string().trim().min(1).max(1_000).nullish(),
  delivery_status: z.enum(deliveryStatuses).nullish(),
  delivery_error: z.object({ code: z.union([z.number(), z.string()]).optional(), title: z.string().optional(), message: z.string().optional() }).nullish(),
  disposition: z.enum(callDispositions).nullish(),
  duration_seconds: z.number().int().min(0).nullish(),
  follow_up: z.enum(followUpStates).nullish(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type LogMessageInput = z.input<typeof logMessageSchema>;
