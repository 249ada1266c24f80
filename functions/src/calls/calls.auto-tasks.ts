import { CommsAwaiting } from '../comms/comms.awaiting.js';
import { athensDay } from '../shared/athens-time.js';
import type { AutoTaskSource } from '../shared/auto-tasks.js';

/** How many open follow-ups one run turns into tasks (the oldest first; the next run takes the rest). */
const MAX_PER_RUN = 2_000;
/** Ids per statement when checking which follow-ups closed. */
const CHUNK = 500;

const KEY_PREFIX = 'call:';

/**
 * A missed inbound call not returned becomes a task "call back …". The call's follow-up is the
 * source of truth (calls.service.ts): a call back or a later answered call from that number
 * closes it, or someone marks it done, and then its task completes by itself; completing the
 * task marks the follow-up done.
 */
export const missedCallTasks: AutoTaskSource = {
  name: 'missed_call',
  async due({ sql }) {
    const calls = await new CommsAwaiting(sql).openCallFollowUps(MAX_PER_RUN);
    return calls.map((call) => ({
      source: 'missed_call',
      key: `${KEY_PREFIX}${call.id}`,
      customer_id: call.customer_id,
      title: `Επιστροφή κλήσης ${call.address}`,
      reason: { type: 'missed_call', props: { address: call.address, occurred_at: call.occurred_at.toISOString() } },
      due_date: athensDay(call.occurred_at),
      links: { comms_id: call.id },
    }));
  },
  async resolved({ sql }, openKeys) {
    const awaiting = new CommsAwaiting(sql);
    const ids = openKeys.filter((key) => key.startsWith(KEY_PREFIX)).map((key) => key.slice(KEY_PREFIX.length));
    const closed: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) closed.push(...(await awaiting.followUpsClosedOrGone(ids.slice(i, i + CHUNK))));
    return closed.map((id) => `${KEY_PREFIX}${id}`);
  },
  async completed({ sql }, key, by, now) {
    if (!key.startsWith(KEY_PREFIX)) return;
    await new CommsAwaiting(sql).closeOpenFollowUp(key.slice(KEY_PREFIX.length), by.name, now);
  },
};
