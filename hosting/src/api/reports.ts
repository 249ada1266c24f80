/** The reports (functions/src/reports), typed by the API's response schemas. */
import type {
  activityReportSchema,
  pipelineReportSchema,
  quotesReportSchema,
  receivablesReportSchema,
  salesReportSchema,
} from '@functions/reports/reports.schema';
import type { Wire } from '@functions/shared/wire';
import { api } from './index';

export type PipelineReport = Wire<typeof pipelineReportSchema>;
export type ReceivablesReport = Wire<typeof receivablesReportSchema>;
export type SalesReport = Wire<typeof salesReportSchema>;
export type QuotesReport = Wire<typeof quotesReportSchema>;
export type ActivityReport = Wire<typeof activityReportSchema>;

export interface Reports {
  pipeline: PipelineReport;
  receivables: ReceivablesReport;
  sales: SalesReport;
  quotes: QuotesReport;
  activity: ActivityReport;
}
export type ReportName = keyof Reports;
export const reportNames: ReportName[] = ['pipeline', 'receivables', 'sales', 'quotes', 'activity'];

export interface ReportRange {
  from?: string;
  to?: string;
  as_of?: string;
}

const clean = (range: ReportRange) => Object.fromEntries(Object.entries(range).filter(([, value]) => value));

export const reportsApi = {
  get: <N extends ReportName>(name: N, range: ReportRange, signal?: AbortSignal) =>
    api.get<Reports[N]>(`/crm/reports/${name}`, { query: clean(range), ...(signal ? { signal } : {}) }),
  csv: (name: ReportName, range: ReportRange) => api.download(`/crm/reports/${name}`, { query: { ...clean(range), format: 'csv' } }),
};
