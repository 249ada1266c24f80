/**
 * The comms log and the customer timeline as the API sends them (functions/src/comms and
 * functions/src/timeline): dates are ISO 8601 strings.
 */

export const commsTypes = ['email', 'whatsapp', 'call', 'sms', 'note', 'in_person'] as const;
export type CommsType = (typeof commsTypes)[number];

export const commsDirections = ['inbound', 'outbound', 'internal'] as const;
export type CommsDirection = (typeof commsDirections)[number];

/** What a timeline event can be: a comms entry or one of the document events merged in. */
export const timelineKinds = [...commsTypes, 'order_event', 'transaction', 'technical_issue', 'install_support'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export function isCommsType(value: string): value is CommsType {
  return (commsTypes as readonly string[]).includes(value);
}

export interface CommsAttachment {
  filename: string;
  nextcloud_path: string;
}

/** GET /crm/comms/:id; `customer_id` is '' while the message is unassigned. */
export interface CommsEntry {
  id: string;
  customer_id: string;
  type: CommsType;
  direction: CommsDirection;
  subject: string | null;
  body: string | null;
  attachments: CommsAttachment[];
  /** Set for messages an integration logged (e-mail, WhatsApp, calls); null for manual entries. */
  ext_message_id: string | null;
  address: string | null;
  address_raw: string | null;
  logged_by: string | null;
  logged_by_uid: string | null;
  occurred_at: string;
  created_at: string;
  updated_at: string;
}

export interface CommsPage {
  entries: CommsEntry[];
  next_cursor: string | null;
}

/** The body of POST /crm/comms for a customer's manual entry, and of PATCH /crm/comms/:id. */
export interface CommsInput {
  type: CommsType;
  direction: CommsDirection;
  subject: string | null;
  body: string | null;
  occurred_at: string;
}

export type TimelineRef =
  /** `manual`: entered by staff rather than logged by an integration. */
  | { type: 'comms'; id: string; manual: boolean; call?: TimelineCall }
  | { type: 'order'; order_id: string; order_number: string | null; entry_id: string; event_type: string }
  | { type: 'transaction'; id: string; flow: string; amount: number; currency: string; order_ref: string | null }
  | { type: 'technical_issue' | 'install_support'; id: string; event: 'opened' | 'resolved'; active: boolean };

export interface TimelineEvent {
  id: string;
  kind: TimelineKind;
  occurred_at: string;
  title: string;
  body?: string;
  direction?: CommsDirection;
  by?: string;
  ref: TimelineRef;
}

export interface TimelinePage {
  events: TimelineEvent[];
  next_cursor: string | null;
}

/** POST /crm/comms/:id/assign */
export interface AssignResult {
  entry: CommsEntry;
  assigned_count: number;
}

/** How a call ended (the server's comms.schema.ts callDispositions). */
export type CallDisposition = 'answered' | 'missed' | 'busy' | 'failed' | 'voicemail';

/** A logged call's facts on its timeline event. */
export interface TimelineCall {
  disposition: CallDisposition;
  duration_seconds: number;
  address: string | null;
  answered_by: string | null;
  answered_by_name: string | null;
  extensions_rang: string[];
}
