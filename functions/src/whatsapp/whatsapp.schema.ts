import { z } from 'zod';
import { docIdSchema } from '../shared/ids.js';
import { parseAddress } from '../comms/comms.address.js';

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
export interface TemplateSummary {
  name: string;
  language: string;
  category: string | null;
  header: string | null;
  body: string;
  footer: string | null;
  /** The body's placeholders in order: "1", "2"… or names. */
  parameters: string[];
}

export interface TemplatesAnswer {
  configured: boolean;
  templates: TemplateSummary[];
  fetched_at: string | null;
  /** Meta could not be reached: these are the last ones read. */
  stale: boolean;
}

/** Whether, and until when, the customer may get a free-form message. */
export interface WindowInfo {
  /** WhatsApp is set up on this server (sending possible). */
  configured: boolean;
  /** The number a message goes to by default; null when the customer has none. */
  to: string | null;
  last_inbound_at: string | null;
  window_open: boolean;
  window_ends_at: string | null;
}
