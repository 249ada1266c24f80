/**
 * The installed base as the API speaks it (functions/src/installations/installations.schema.ts):
 * installations, their service visits, and the planning lists.
 */
import type { Wire } from '@functions/shared/wire';
import type {
  installationListSchema,
  installationSchema,
  visitListSchema,
  visitSchema,
  visitWriteResultSchema,
} from '@functions/installations/installations.schema';
import type { VisitKind, VisitOutcome } from '@functions/installations/installations.enums';
import { api } from './index';

export { installationStates, visitKinds, visitOutcomes, type InstallationState, type VisitKind, type VisitOutcome } from '@functions/installations/installations.enums';

export type Installation = Wire<typeof installationSchema>;
export type InstallationList = Wire<typeof installationListSchema>;
export type Visit = Wire<typeof visitSchema>;
export type VisitWriteResult = Wire<typeof visitWriteResultSchema>;

/** POST /crm/installations/:id/visits. */
export interface VisitInput {
  date: string;
  kind: VisitKind;
  work_done: string;
  parts: { product_id: string; quantity: number }[];
  minutes_on_site: number | null;
  outcome: VisitOutcome;
  issue_id: string | null;
  firmware_version: string | null;
}

export interface PlanningFilters {
  due_before?: string;
  overdue?: boolean;
  warranty_before?: string;
  never_serviced?: boolean;
  region?: string;
  city?: string;
}

const enc = encodeURIComponent;

export const customerInstallations = (customerId: string): Promise<InstallationList> =>
  api.get<InstallationList>(`/crm/customers/${enc(customerId)}/installations`);

export const getInstallation = (id: string): Promise<Installation> => api.get<Installation>(`/crm/installations/${enc(id)}`);

export const listVisits = async (id: string): Promise<Visit[]> =>
  (await api.get<Wire<typeof visitListSchema>>(`/crm/installations/${enc(id)}/visits`)).visits;

export const createVisit = (id: string, body: VisitInput): Promise<VisitWriteResult> =>
  api.post<VisitWriteResult>(`/crm/installations/${enc(id)}/visits`, body);

export function planningList(filters: PlanningFilters): Promise<InstallationList> {
  const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')) as Record<
    string,
    string | boolean
  >;
  return api.get<InstallationList>('/crm/installations', { query });
}

/** `YYYY-MM-DD` → 28/02/2025, the numeric style staff read in both languages. */
export function formatDay(day: string | null): string {
  if (!day) return '—';
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** Today, `YYYY-MM-DD` in Athens, and a day `days` later. */
export function athensDay(offsetDays = 0): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + offsetDays);
  return at.toISOString().slice(0, 10);
}
