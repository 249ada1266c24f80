import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api';

/** How many messages wait in the Inbox: the count on its navigation item. */
export const useInboxStore = defineStore('inbox', () => {
  const count = ref<number | null>(null);
  let pending: AbortController | null = null;

  /** Asks the server again; a failure keeps the last count rather than showing an error in the menu. */
  async function refresh(): Promise<void> {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    try {
      const body = await api.get<{ count: number }>('/crm/comms/unassigned/count', { signal: controller.signal });
      if (!controller.signal.aborted) count.value = body.count;
    } catch {
      // Offline or no role: the navigation simply shows no count.
    } finally {
      if (pending === controller) pending = null;
    }
  }

  /** Messages left the inbox here (assigned, marked done): the count follows at once. */
  function removed(n: number): void {
    if (count.value !== null) count.value = Math.max(0, count.value - n);
  }

  return { count, refresh, removed };
});
