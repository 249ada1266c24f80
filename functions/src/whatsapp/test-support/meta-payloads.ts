/**
 * Webhook deliveries as Meta sends them (WhatsApp Cloud API, "Webhooks → messages"), made
 * for tests: every message type and status, serialised the way Meta does it (non-ASCII as
 * \uXXXX, slashes as \/) and signed over those exact bytes.
 */
import { signWhatsApp } from '../whatsapp.signature.js';

export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';

/** JSON as Meta writes it: the bytes differ from JSON.stringify of the same value. */
export function metaJson(value: unknown): Buffer {
  const text = JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
  return Buffer.from(text, 'ascii');
}

export function signed(value: unknown, appSecret: string): { raw: Buffer; signature: string } {
  const raw = metaJson(value);
  return { raw, signature: signWhatsApp(raw, appSecret) };
}

export interface Change {
  contacts?: { wa_id: string; profile: { name: string } }[];
  messages?: Record<string, unknown>[];
  statuses?: Record<string, unknown>[];
  errors?: Record<string, unknown>[];
}

/** One delivery: entries, each with changes of the `messages` field. */
export function delivery(...entries: Change[][]): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: entries.map((changes) => ({
      id: WABA_ID,
      changes: changes.map((value) => ({
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '302101234567', phone_number_id: PHONE_NUMBER_ID },
          ...value,
        },
        field: 'messages',
      })),
    })),
  };
}

export const ts = (date: Date): string => String(Math.floor(date.getTime() / 1000));

export function message(from: string, id: string, at: Date, type: string, content: Record<string, unknown>): Record<string, unknown> {
  return { from, id, timestamp: ts(at), type, ...content };
}

export function status(id: string, name: string, at: Date, recipient: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    status: name,
    timestamp: ts(at),
    recipient_id: recipient,
    ...(name === 'failed'
      ? {}
      : {
          conversation: { id: 'CONVERSATION_ID', origin: { type: 'service' } },
          pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
        }),
    ...extra,
  };
}
