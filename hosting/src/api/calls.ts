/** Phone calls (functions/src/calls): missed-call follow-ups, click-to-call, extensions, bridge health. */
import { api } from './index';
import type { bridgesSchema, callEntrySchema, callPageSchema, extensionAnswerSchema, originateRequestSchema } from '@functions/calls/calls.schema';
import type { Wire } from '@functions/shared/wire';

/** A call entry: a comms entry with what only a call puts in `details` (functions/src/calls/calls.schema.ts). */
export type CallEntry = Wire<typeof callEntrySchema>;
export type CallPage = Wire<typeof callPageSchema>;
export type BridgeHealth = Wire<typeof bridgesSchema>['bridges'][number];
export type OriginateRequest = Wire<typeof originateRequestSchema>;
type ExtensionAnswer = Wire<typeof extensionAnswerSchema>;

export const callsApi = {
  followUps: (query: { customer_id?: string; cursor?: string; limit?: number }, signal?: AbortSignal) =>
    api.get<CallPage>('/crm/calls/follow-ups', { query: { limit: 50, ...query }, ...(signal ? { signal } : {}) }),
  markDone: (id: string) => api.post<CallEntry>(`/crm/calls/follow-ups/${encodeURIComponent(id)}/done`),
  extension: () => api.get<ExtensionAnswer>('/me/extension'),
  setExtension: (extension: string | null) => api.put<ExtensionAnswer>('/me/extension', { extension }),
  call: (customerId: string, contactId: string) => api.post<OriginateRequest>(`/crm/customers/${encodeURIComponent(customerId)}/call`, { contact_id: contactId }),
  bridges: () => api.get<Wire<typeof bridgesSchema>>('/crm/calls/bridge'),
};
