import { api } from '../../api';
import type { z } from 'zod';
import type { deadEntriesSchema, retriedSchema } from '@functions/journal/journal.schema';

export type DeadEntries = z.infer<typeof deadEntriesSchema>;
export type DeadEntry = DeadEntries['entries'][number];

export function loadDeadEntries(signal?: AbortSignal): Promise<DeadEntries> {
  return api.get<DeadEntries>('/admin/journal/dead', signal ? { signal } : {});
}

export function retryDeadEntry(id: string): Promise<z.infer<typeof retriedSchema>> {
  return api.post<z.infer<typeof retriedSchema>>(`/admin/journal/${encodeURIComponent(id)}/retry`, {});
}
