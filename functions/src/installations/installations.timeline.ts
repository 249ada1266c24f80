import type { DocStore } from '../store/docstore.js';
import type { TimelineSource } from '../timeline/timeline-source.js';
import type { TimelineEvent } from '../timeline/timeline.schema.js';
import { INSTALLATIONS, VISITS, installationPath, visitPath, type Installation, type Visit } from './installations.schema.js';
import { readInstallation, readVisit } from './installation-read.js';

/**
 * The installed base on the customer's timeline, as data (`activity.<event>` in the SPA):
 * `installation_installed` on its install day, `installation_firmware` for each later firmware
 * change, `installation_visit` for each service visit on its day. A day is placed at noon UTC,
 * which is the same day in Athens.
 */

const onDay = (day: string): Date => new Date(`${day}T12:00:00.000Z`);

function installationEvents(installation: Installation): TimelineEvent[] {
  const doc = installationPath(installation.id);
  const common = {
    installation_id: installation.id,
    product_name: installation.product_name || installation.device_id || '',
    serial_number: installation.serial_number,
    site: installation.site.name,
  };
  const events: TimelineEvent[] = [];
  if (installation.installed_on) {
    events.push({
      id: `installation:${installation.id}`,
      kind: 'activity',
      occurred_at: onDay(installation.installed_on),
      title: 'installation_installed',
      ...(installation.installed_by ? { by: installation.installed_by } : {}),
      ref: { type: 'activity', event: 'installation_installed', doc, props: common },
    });
  }
  installation.firmware_history.forEach((change, index) => {
    // The version it was installed with is part of the installation event.
    if (change.visit_id === null && change.at.getTime() === installation.created_at.getTime()) return;
    events.push({
      id: `installation:${installation.id}:firmware:${index}`,
      kind: 'activity',
      occurred_at: change.at,
      title: 'installation_firmware',
      by: change.by,
      ref: { type: 'activity', event: 'installation_firmware', doc, props: { ...common, version: change.version, previous: change.previous } },
    });
  });
  return events;
}

function visitEvent(visit: Visit, installation: Installation | undefined): TimelineEvent {
  return {
    id: `visit:${visit.id}`,
    kind: 'activity',
    occurred_at: onDay(visit.date),
    title: 'installation_visit',
    by: visit.technician_name,
    ...(visit.work_done ? { body: visit.work_done } : {}),
    ref: {
      type: 'activity',
      event: 'installation_visit',
      doc: visitPath(visit.id),
      props: {
        installation_id: visit.installation_id,
        kind: visit.kind,
        outcome: visit.outcome,
        serial_number: installation?.serial_number ?? null,
        site: installation?.site.name ?? '',
      },
    },
  };
}

export const installationsTimelineSource: TimelineSource = async (store: DocStore, customerId: string) => {
  const byCustomer = [{ field: 'customer_id', op: '==' as const, value: customerId }];
  const [installationDocs, visitDocs] = await Promise.all([
    store.query({ collection: INSTALLATIONS, where: byCustomer }),
    store.query({ collection: VISITS, where: byCustomer }),
  ]);
  const installations = new Map(installationDocs.map((doc) => [doc.id, readInstallation(doc.id, doc.data)]));
  return [
    ...[...installations.values()].flatMap(installationEvents),
    ...visitDocs.map((doc) => readVisit(doc.id, doc.data)).map((visit) => visitEvent(visit, installations.get(visit.installation_id))),
  ];
};
