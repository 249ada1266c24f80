import type { Query } from '../store/docstore.js';
import type { ServiceDue, TodaySectionReaders } from '../shared/today-sections.js';
import { INSTALLATIONS } from './installations.schema.js';
import { readInstallation } from './installation-read.js';

/**
 * The home page's "services due this month" (shared/today-sections.ts): installations due on or
 * before `through`, the most overdue first. The stored due date is null unless the unit is
 * active with a plan (installationIndexFields), so one range on it selects them by index and
 * the store counts them; only the rows shown are read.
 */
export const servicesDue: TodaySectionReaders['servicesDue'] = async (store, through, limit) => {
  const due: Query = { collection: INSTALLATIONS, where: [{ field: 'next_service_due', op: '<=', value: through }] };
  const [count, docs] = await Promise.all([store.count(due), store.query({ ...due, orderBy: [{ field: 'next_service_due' }], limit })]);
  const rows = docs
    .map((doc) => readInstallation(doc.id, doc.data))
    .filter((installation) => installation.state === 'active' && installation.next_service_due !== null)
    .map(
      (installation): ServiceDue => ({
        installation_id: installation.id,
        customer_id: installation.customer_id,
        product: installation.product_name || installation.device_id || '',
        serial_number: installation.serial_number,
        site: installation.site.name,
        city: installation.site.city,
        due: installation.next_service_due!,
      }),
    );
  return { count, rows };
};
