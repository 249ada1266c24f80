import { api } from '../../api';
import type { CommsPage } from '../comms/comms.types';
import type {
  templatesAnswerSchema,
  templateSummarySchema,
  whatsappEntrySchema,
  whatsappMediaSchema,
  whatsappSendSchema,
  windowInfoSchema,
} from '@functions/whatsapp/whatsapp.schema';
import type { Wire } from '@functions/shared/wire';

/** The WhatsApp routes of the API, typed from their schemas (functions/src/whatsapp/whatsapp.schema.ts). */
export type { DeliveryStatus } from '@functions/comms/comms.enums';
/** A comms entry of type whatsapp, with what only WhatsApp puts in `details`. */
export type WhatsAppEntry = Wire<typeof whatsappEntrySchema>;
export type WhatsAppMedia = Wire<typeof whatsappMediaSchema>;
export type WindowInfo = Wire<typeof windowInfoSchema>;
export type TemplateSummary = Wire<typeof templateSummarySchema>;
export type TemplatesAnswer = Wire<typeof templatesAnswerSchema>;
export type WhatsAppSend = Wire<typeof whatsappSendSchema>;

/** The most messages the chat shows at once (the newest). */
export const CHAT_PAGE = 200;

const customerPath = (id: string) => `/crm/customers/${encodeURIComponent(id)}/whatsapp`;

export async function loadChat(customerId: string, signal?: AbortSignal): Promise<WhatsAppEntry[]> {
  const page = await api.get<CommsPage>('/crm/comms', { query: { customer_id: customerId, type: 'whatsapp', limit: CHAT_PAGE }, ...(signal ? { signal } : {}) });
  // The API gives newest first; a chat reads oldest first.
  return (page.entries as WhatsAppEntry[]).slice().reverse();
}

export function loadWindow(customerId: string, signal?: AbortSignal): Promise<WindowInfo> {
  return api.get<WindowInfo>(customerPath(customerId), signal ? { signal } : {});
}

export function loadTemplates(): Promise<TemplatesAnswer> {
  return api.get<TemplatesAnswer>('/crm/whatsapp/templates');
}

/** One key per message composed: a double click or a retry sends it once. */
export function sendWhatsApp(customerId: string, body: WhatsAppSend, idempotencyKey: string): Promise<WhatsAppEntry> {
  return api.post<WhatsAppEntry>(customerPath(customerId), body, { idempotencyKey });
}
