import { z } from 'zod';
import { docIdSchema } from '../shared/ids.js';
import { parseAddress } from '../comms/comms.address.js';
import { commsEntrySchema } from '../comms/comms.schema.js';

/** What the CRM's WhatsApp routes take and give. */

/** Meta's limits: a text message of 4096 characters, a caption of 1024. */
export const MAX_TEXT = 4_096;
export const MAX_CAPTION = 1_024;
/** The customer-service window: free-form messages only this long after the customer's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** A number as staff may type it; E.164 after parsing. */
const phoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((value, ctx) => {
    const address = parseAddress(value);
    if (address?.kind !== 'phone') {
      ctx.addIssue({ code: 'custom', message: 'must be a phone number' });
      return z.NEVER;
    }
    return address.key;
  });

const common = {
  /** The customer's number to send to; by default the one they last wrote from, else their WhatsApp or phone contact. */
  to: phoneSchema.optional(),
};
/** Quotes a message of the conversation (its wamid). */
const replyTo = z.string().trim().min(1).max(200).optional();

export const whatsappSendSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string().trim().min(1).max(MAX_TEXT), reply_to: replyTo, ...common }),
  z.strictObject({
    type: z.literal('media'),
    /** One of the customer's files (crm_media id). */
    media_id: docIdSchema,
    caption: z.string().trim().max(MAX_CAPTION).optional(),
    reply_to: replyTo,
    ...common,
  }),
  z.strictObject({
    type: z.literal('template'),
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a template name (lower case, digits, _)'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'must be a language code such as el or en_US'),
    /** The body's {{…}} values, in order. */
    parameters: z.array(z.string().trim().min(1).max(1_024)).max(20).default([]),
    ...common,
  }),
]);
export type WhatsAppSend = z.infer<typeof whatsappSendSchema>;

export const templatesQuerySchema = z.object({
  refresh: z
    .enum(['1', 'true', '0', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .default(false),
});

/** An approved template as the composer's picker shows it. */
export const templateSummarySchema = z.object({
  name: z.string(),
  language: z.string(),
  category: z.string().nullable(),
  header: z.string().nullable(),
  body: z.string(),
  footer: z.string().nullable(),
  /** The body's placeholders in order: "1", "2"… or names. */
  parameters: z.array(z.string()),
});
export type TemplateSummary = z.output<typeof templateSummarySchema>;

/** GET /crm/whatsapp/templates */
export const templatesAnswerSchema = z.object({
  configured: z.boolean(),
  templates: z.array(templateSummarySchema),
  fetched_at: z.string().nullable(),
  /** Meta could not be reached: these are the last ones read. */
  stale: z.boolean(),
});
export type TemplatesAnswer = z.output<typeof templatesAnswerSchema>;

/** GET /crm/customers/:id/whatsapp: whether, and until when, the customer may get a free-form message. */
export const windowInfoSchema = z.object({
  /** WhatsApp is set up on this server (sending possible). */
  configured: z.boolean(),
  /** The number a message goes to by default; null when the customer has none. */
  to: z.string().nullable(),
  last_inbound_at: z.string().nullable(),
  window_open: z.boolean(),
  window_ends_at: z.string().nullable(),
});
export type WindowInfo = z.output<typeof windowInfoSchema>;

/** A message's media as `details.media` holds it: pending until it is filed on Nextcloud. */
export const whatsappMediaSchema = z.looseObject({
  status: z.enum(['pending', 'stored', 'failed']),
  crm_media_id: z.string().optional(),
  filename: z.string().optional(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  voice: z.boolean().optional(),
});

/** What only WhatsApp puts in a comms entry's `details` (whatsapp.process.ts, whatsapp.service.ts). */
export const whatsappDetailsSchema = z.looseObject({
  wa_type: z.string().optional(),
  profile_name: z.string().optional(),
  media: whatsappMediaSchema.optional(),
  /** The message it quotes (a wamid). */
  context: z.looseObject({ id: z.string().optional() }).optional(),
  /** By the reacting number; null once the reaction was taken back. */
  reactions: z.record(z.string(), z.object({ emoji: z.string(), at: z.string() }).nullable()).optional(),
  template: z.looseObject({ name: z.string(), language: z.string() }).optional(),
  location: z
    .looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() })
    .optional(),
});

/** A WhatsApp comms entry (POST /crm/customers/:id/whatsapp). */
export const whatsappEntrySchema = commsEntrySchema.extend({ details: whatsappDetailsSchema });
