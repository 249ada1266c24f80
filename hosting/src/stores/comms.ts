import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { api } from '../api';
import type { AssignResult, CommsEntry, CommsInput } from '../components/comms/comms.types';

/**
 * Writes to the comms log, in one place so every view of it learns of a change: the
 * Communication tab and the Overview's latest communications watch `revision(id)` and reload
 * when it moves.
 */
export const useCommsStore = defineStore('comms', () => {
  const revisions = reactive(new Map<string, number>());

  /** A counter that moves whenever one of the customer's entries is written through this store. */
  function revision(customerId: string): number {
    return revisions.get(customerId) ?? 0;
  }

  function changed(customerId: string): void {
    if (customerId) revisions.set(customerId, revision(customerId) + 1);
  }

  async function create(customerId: string, input: CommsInput): Promise<CommsEntry> {
    const entry = await api.post<CommsEntry>('/crm/comms', { customer_id: customerId, ...input });
    changed(customerId);
    return entry;
  }

  /** Only the fields given change. */
  async function update(entry: Pick<CommsEntry, 'id' | 'customer_id'>, patch: Partial<CommsInput>): Promise<CommsEntry> {
    const updated = await api.patch<CommsEntry>(`/crm/comms/${encodeURIComponent(entry.id)}`, patch);
    changed(entry.customer_id);
    changed(updated.customer_id);
    return updated;
  }

  async function remove(entry: Pick<CommsEntry, 'id' | 'customer_id'>): Promise<void> {
    await api.delete(`/crm/comms/${encodeURIComponent(entry.id)}`);
    changed(entry.customer_id);
  }

  /** Assigns the message, and every unassigned one from the same address, to the customer. */
  async function assign(entryId: string, customerId: string): Promise<AssignResult> {
    const result = await api.post<AssignResult>(`/crm/comms/${encodeURIComponent(entryId)}/assign`, { customer_id: customerId });
    changed(customerId);
    return result;
  }

  return { revision, create, update, remove, assign };
});
