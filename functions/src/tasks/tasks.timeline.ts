import type { DocStore } from '../store/docstore.js';
import type { TimelineEvent } from '../timeline/timeline.schema.js';
import type { TimelineSource } from '../timeline/timeline-source.js';
import { TASKS, type TaskDoc } from './tasks.docs.js';

/**
 * A customer's tasks on their timeline: each change a task records (created, updated,
 * completed, cancelled, reopened) as `activity.task_<event>`, with the task's title and source.
 */
export const tasksTimelineSource: TimelineSource = async (store: DocStore, customerId: string) => {
  const docs = await store.query({ collection: TASKS, where: [{ field: 'customer_id', op: '==', value: customerId }] });
  const events: TimelineEvent[] = [];
  for (const doc of docs) {
    const task = doc.data as unknown as TaskDoc;
    (task.history ?? []).forEach((entry, index) => {
      const event = `task_${entry.event}`;
      events.push({
        id: `task:${doc.id}:${index}`,
        kind: 'activity',
        occurred_at: new Date(entry.at),
        title: event,
        by: entry.by,
        ref: { type: 'activity', event, doc: doc.path, props: { task_id: doc.id, title: task.title, source: task.source } },
      });
    });
  }
  return events;
};
