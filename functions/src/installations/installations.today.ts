import type { ServiceDue, TodaySectionReaders } from '../shared/today-sections.js';
import { INSTALLATIONS } from './installations.schema.js';
import { readInstallation } from './installation-read.js';

/**
 * The home page's "services due this month" (shared/today-sections.ts): active installations
 * due on or before `through`, the most overdue first. The stored due date picks the candidates
 * by index; the date computed on read (as the installation page shows it) decides.
 */
export const servicesDue: TodaySectionReaders['servicesDue'] = async (store, through, limit) => {
  const docs = await store.query({
    collection: INSTALLATIONS,
    where: [{ field: 'next_service_due', op: '<=', value: through }],
    orderBy: [{ field: 'next_service_due' }],
  });
  const due = docs
    .map((doc) => readInstallation(doc.id, doc.data))
    .filter((installation) => installation.state === 'active' && installation.next_service_due !== null && installation.next_service_due <= through)
    .sort((a, b) => (a.next_service_due! < b.next_service_due! ? -1 : a.next_service_due! > b.next_service_due! ? 1 : 0));
  return {
    count: due.length,
    rows: due.slice(0, limit).map(
      (installation): ServiceDue => ({
        installation_id: installation.id,
        customer_id: installation.customer_id,
        product: installation.product_name || installation.device_id || '',
        serial_number: installation.serial_number,
        site: installation.site.name,
        city: installation.site.city,
        due: installation.next_service_due!,
      }),
    ),
  };
};
