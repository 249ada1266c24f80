import { defineStore } from 'pinia';
import { ref } from 'vue';
import { tasksApi } from '../api/tasks';

/** How often the badge asks again, so it follows without a reload. */
export const BADGE_POLL_MS = 60_000;

/** My open tasks due today or overdue: the count on the "Today" navigation item. */
export const useTasksStore = defineStore('tasks', () => {
  const dueCount = ref<number | null>(null);
  let pending: AbortController | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  /** Asks the server again; a failure keeps the last count rather than showing an error in the menu. */
  async function refresh(): Promise<void> {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    try {
      const page = await tasksApi.mineDue(controller.signal);
      if (!controller.signal.aborted) dueCount.value = page.tasks.length;
    } catch {
      // Offline or no role: the navigation simply shows no count.
    } finally {
      if (pending === controller) pending = null;
    }
  }

  /** Polls while the signed-in frame is shown; the returned function stops it. */
  function poll(): () => void {
    timer ??= setInterval(() => void refresh(), BADGE_POLL_MS);
    return () => {
      if (timer) clearInterval(timer);
      timer = null;
    };
  }

  return { dueCount, refresh, poll };
});
