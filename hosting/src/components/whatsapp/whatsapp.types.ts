/** The WhatsApp routes of the API (functions/src/whatsapp) and the fields a WhatsApp entry carries. */
import type { CommsEntry } from '../comms/comms.types';

export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface WhatsAppMedia {
  status: 'pending' | 'stored' | 'failed';
  crm_media_id?: string;
  filename?: string;
  mime_type?: string;
  caption?: string;
  voice?: boolean;
}

export interface WhatsAppDetails {
  wa_type?: string;
  profile_name?: string;
  media?: WhatsAppMedia;
  context?: { id?: string };
  reactions?: Record<string, { emoji: string; at: string } | null>;
  template?: { name: string; language: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
}

/** A comms entry of type whatsapp, with the fields the foundation added. */
export type WhatsAppEntry = Omit<CommsEntry, 'details'> & { details: WhatsAppDetails };

export interface WindowInfo {
  configured: boolean;
  to: string | null;
  last_inbound_at: string | null;
  window_open: boolean;
  window_ends_at: string | null;
}

export interface TemplateSummary {
  name: string;
  language: string;
  category: string | null;
  header: string | null;
  body: string;
  footer: string | null;
  parameters: string[];
}

export interface TemplatesAnswer {
  configured: boolean;
  templates: TemplateSummary[];
  fetched_at: string | null;
  stale: boolean;
}

export type WhatsAppSend =
  | { type: 'text'; text: string; reply_to?: string }
  | { type: 'media'; media_id: string; caption?: string }
  | { type: 'template'; name: string; language: string; parameters: string[] };
