/** Phone calls (functions/src/calls): missed-call follow-ups, click-to-call, extensions, bridge health. */
import { api } from './index';
import type { CommsEntry, CommsPage } from '../components/comms/comms.types';

/** A call entry: a comms entry with the call's fields (functions/src/comms/comms.schema.ts). */
export type CallEntry = Omit<CommsEntry, 'details'> & {
  details: {
    answered_by?: string | null;
    extensions_rang?: string[];
    did?: string | null;
    staff?: Record<string, { uid: string; name: string | null }>;
  };
};

export interface CallPage extends Omit<CommsPage, 'entries'> {
  entries: CallEntry[];
}

export interface BridgeHealth {
  pbx: string;
  seen_at: string;
  connected: boolean;
  last_event_at: string | null;
  outbox_depth: number;
}

export interface OriginateRequest {
  id: string;
  extension: string;
  number: string;
}

export const callsApi = {
  followUps: (query: { customer_id?: string; cursor?: string; limit?: number }, signal?: AbortSignal) =>
    api.get<CallPage>('/crm/calls/follow-ups', { query: { limit: 50, ...query }, ...(signal ? { signal } : {}) }),
  markDone: (id: string) => api.post<CallEntry>(`/crm/calls/follow-ups/${encodeURIComponent(id)}/done`),
  extension: () => api.get<{ extension: string | null }>('/me/extension'),
  setExtension: (extension: string | null) => api.put<{ extension: string | null }>('/me/extension', { extension }),
  call: (customerId: string, contactId: string) => api.post<OriginateRequest>(`/crm/customers/${encodeURIComponent(customerId)}/call`, { contact_id: contactId }),
  bridges: () => api.get<{ bridges: BridgeHealth[] }>('/crm/calls/bridge'),
};
