/** The history of changes as the API speaks it (functions/src/history/history.schema.ts). */
import type { historyEntrySchema, historyPageSchema, restoreFieldResultSchema } from '@functions/history/history.schema';
import type { Wire } from '@functions/shared/wire';
import type { ApiClient } from './client';

export { actorKinds, historyKinds, type ActorKind, type HistoryKind } from '@functions/history/history.enums';

export type HistoryEntry = Wire<typeof historyEntrySchema>;
export type HistoryChange = HistoryEntry['changes'][number];
export type HistoryPage = Wire<typeof historyPageSchema>;
export type RestoreResult = Wire<typeof restoreFieldResultSchema>;

export interface HistoryFilters {
  doc?: string;
  user?: string;
  kind?: string;
  from?: string;
  to?: string;
}

export function listHistory(api: ApiClient, filters: HistoryFilters, cursor?: string | null): Promise<HistoryPage> {
  const query = Object.fromEntries(Object.entries({ ...filters, cursor: cursor ?? undefined }).filter(([, v]) => v));
  return api.get<HistoryPage>('/crm/history', { query });
}

export function restoreField(api: ApiClient, entryId: string, field: string): Promise<RestoreResult> {
  return api.post<RestoreResult>(`/crm/history/${encodeURIComponent(entryId)}/restore-field`, { field });
}
