import { z } from 'zod';

/**
 * Meta's webhook delivery for the `messages` field (WhatsApp Cloud API, "Webhooks →
 * messages"): entry[] → changes[] → value with contacts, messages, statuses and errors. Every
 * object is loose: a field Meta adds later is kept in the journal and ignored here, and a
 * message type we do not know is still logged (as Meta's `unsupported`).
 */

const metaError = z.looseObject({
  code: z.union([z.number(), z.string()]).optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});
export type MetaError = z.infer<typeof metaError>;

const media = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});
export type MediaObject = z.infer<typeof media>;

export const messageSchema = z.looseObject({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]),
  type: z.string().default('unsupported'),
  context: z
    .looseObject({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
      referred_product: z.looseObject({ catalog_id: z.string().optional(), product_retailer_id: z.string().optional() }).optional(),
    })
    .optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z.array(z.looseObject({ name: z.looseObject({ formatted_name: z.string().optional() }).optional(), phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional() })).optional() })).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  order: z
    .looseObject({
      catalog_id: z.string().optional(),
      text: z.string().optional(),
      product_items: z
        .array(
          z.looseObject({
            product_retailer_id: z.string(),
            quantity: z.union([z.number(), z.string()]),
            item_price: z.union([z.number(), z.string()]).optional(),
            currency: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  referral: z
    .looseObject({
      source_url: z.string().optional(),
      source_type: z.string().optional(),
      source_id: z.string().optional(),
      headline: z.string().optional(),
      body: z.string().optional(),
    })
    .optional(),
  system: z.looseObject({ body: z.string().optional(), type: z.string().optional(), wa_id: z.string().optional(), new_wa_id: z.string().optional() }).optional(),
  errors: z.array(metaError).optional(),
});
export type WhatsAppMessage = z.infer<typeof messageSchema>;

export const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.union([z.string(), z.number()]),
  recipient_id: z.string().optional(),
  errors: z.array(metaError).optional(),
});
export type WhatsAppStatus = z.infer<typeof statusSchema>;

const valueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ display_phone_number: z.string().optional(), phone_number_id: z.string().optional() }).optional(),
  contacts: z.array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  /** Kept raw: one malformed message must not hide the others of the delivery. */
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(metaError).optional(),
});
export type ChangeValue = z.infer<typeof valueSchema>;

export const deliverySchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string().optional(), value: z.unknown() })).default([]),
    }),
  ),
});

export function parseChangeValue(value: unknown): ChangeValue | null {
  const parsed = valueSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Meta's Unix seconds (as a string) as a Date; the receipt time when it is missing or nonsense. */
export function metaTime(timestamp: string | number, fallback: Date): Date {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : fallback;
}

/** An error as the comms entry keeps it: code, title and the most specific message. */
export function deliveryErrorOf(error: MetaError | undefined): { code?: number | string; title?: string; message?: string } | null {
  if (!error) return null;
  return {
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.title !== undefined ? { title: error.title } : {}),
    ...((error.error_data?.details ?? error.message) !== undefined ? { message: error.error_data?.details ?? error.message } : {}),
  };
}
