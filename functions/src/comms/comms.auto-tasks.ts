import { addWorkingDays, athensDay } from '../shared/athens-time.js';
import type { AutoTaskSource, AutoTaskSpec } from '../shared/auto-tasks.js';
import { CommsAwaiting, type AwaitingEntry } from './comms.awaiting.js';

/** How far back a message may still wait for its reply task; older silence is history, not a task. */
const WINDOW_DAYS = 30;
const MAX_SCANNED = 20_000;
const CHUNK = 500;
const KEY_PREFIX = 'message:';

/**
 * A customer's e-mail or WhatsApp message that no reply followed within `workingDays` working
 * days (a setting) becomes "reply to …". One task per customer: the first message still
 * waiting, since the later ones are answered by the same reply. Any e-mail or WhatsApp message
 * to the customer after it completes the task.
 */
export function unansweredMessageTasks(workingDays: number): AutoTaskSource {
  return {
    name: 'unanswered_message',
    async due({ sql }, now) {
      const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
      const waiting = await new CommsAwaiting(sql).unansweredSince(since, MAX_SCANNED);
      const firstByCustomer = new Map<string, AwaitingEntry>();
      for (const entry of waiting) if (!firstByCustomer.has(entry.customer_id)) firstByCustomer.set(entry.customer_id, entry);
      const specs: AutoTaskSpec[] = [];
      for (const entry of firstByCustomer.values()) {
        const deadline = addWorkingDays(entry.occurred_at, workingDays);
        if (deadline > now) continue;
        specs.push({
          source: 'unanswered_message',
          key: `${KEY_PREFIX}${entry.id}`,
          customer_id: entry.customer_id,
          title: `Απάντηση σε ${entry.type === 'email' ? 'e-mail' : 'WhatsApp'} από ${entry.address}`,
          reason: { type: 'unanswered_message', props: { channel: entry.type, address: entry.address, received_at: entry.occurred_at.toISOString() } },
          due_date: athensDay(deadline),
          links: { comms_id: entry.id },
        });
      }
      return specs;
    },
    async resolved({ sql }, openKeys) {
      const awaiting = new CommsAwaiting(sql);
      const ids = openKeys.filter((key) => key.startsWith(KEY_PREFIX)).map((key) => key.slice(KEY_PREFIX.length));
      const answered: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) answered.push(...(await awaiting.answeredOrGone(ids.slice(i, i + CHUNK))));
      return answered.map((id) => `${KEY_PREFIX}${id}`);
    },
  };
}
