import { api } from '../../api';
import type { CommsPage } from '../comms/comms.types';
import type { TemplatesAnswer, WhatsAppEntry, WhatsAppSend, WindowInfo } from './whatsapp.types';

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
