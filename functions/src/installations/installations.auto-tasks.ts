import type { AutoTaskSource, AutoTaskSpec } from '../shared/auto-tasks.js';
import { INSTALLATIONS, installationPath } from './installations.schema.js';
import { readInstallation } from './installation-read.js';
import { addDays, athensDate } from './service-dates.js';

/** How far ahead a service comes due before it becomes a task. */
export const SERVICE_DUE_WINDOW_DAYS = 30;

/** `installation:<id>:<due day>`: a new due date (after a maintenance visit) is a new task. */
const keyOf = (installationId: string, due: string): string => `installation:${installationId}:${due}`;
const keyPattern = /^installation:([A-Za-z0-9_-]{1,128}):(\d{4}-\d{2}-\d{2})$/;

/**
 * `service_due`: an active installation whose next service falls within 30 days (or is
 * overdue) gets one task per due date; it resolves itself when a maintenance visit moves the
 * due date, the plan is dropped, or the unit is retired.
 */
export const serviceDueTaskSource: AutoTaskSource = {
  name: 'service_due',
  async due({ store }, now) {
    const horizon = addDays(athensDate(now), SERVICE_DUE_WINDOW_DAYS);
    const docs = await store.query({
      collection: INSTALLATIONS,
      where: [{ field: 'next_service_due', op: '<=', value: horizon }],
      orderBy: [{ field: 'next_service_due' }],
    });
    return docs
      .map((doc) => readInstallation(doc.id, doc.data))
      .filter((installation) => installation.state === 'active' && installation.next_service_due !== null)
      .map(
        (installation): AutoTaskSpec => ({
          source: 'service_due',
          key: keyOf(installation.id, installation.next_service_due!),
          customer_id: installation.customer_id,
          title: `Service ${installation.product_name || installation.device_id || ''} ${installation.serial_number ?? ''} — ${installation.site.name}`.replace(/\s+/g, ' ').trim(),
          reason: {
            type: 'service_due',
            props: {
              installation_id: installation.id,
              serial_number: installation.serial_number,
              site: installation.site.name,
              city: installation.site.city,
              due: installation.next_service_due,
            },
          },
          due_date: installation.next_service_due!,
          links: { installation_id: installation.id },
        }),
      );
  },
  async resolved({ store }, openKeys) {
    const parsed = openKeys.map((key) => ({ key, match: keyPattern.exec(key) }));
    const ids = [...new Set(parsed.flatMap(({ match }) => (match ? [match[1]!] : [])))];
    const docs = ids.length > 0 ? await store.getAll(ids.map(installationPath)) : [];
    const dueOf = new Map(docs.flatMap((doc) => (doc ? [[doc.id, readInstallation(doc.id, doc.data).next_service_due] as const] : [])));
    return parsed.filter(({ match }) => !match || dueOf.get(match[1]!) !== match[2]).map(({ key }) => key);
  },
};
