import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { reportQuerySchema, type ReportName, type ReportQuery } from './reports.schema.js';
import { ReportsService } from './reports.service.js';

export interface ReportsOptions {
  /** Days after an invoice its payment is due (app/auto-tasks.ts). */
  paymentTermsDays: number;
}

type Table = Record<string, unknown>[];

/** The rows a report's CSV holds: its main table (sales: per month, then per product). */
function tablesOf(name: ReportName, report: Record<string, unknown>): Table {
  if (name === 'sales') {
    const sales = report as { by_month: Table; by_product: Table };
    return [...sales.by_month.map((row) => ({ table: 'month', ...row })), ...sales.by_product.map((row) => ({ table: 'product', ...row }))];
  }
  if (name === 'quotes') {
    const { from, to, ...counts } = report;
    return [{ from, to, ...counts }];
  }
  if (name === 'receivables') {
    const receivables = report as { rows: Table; totals: Table; as_of: string };
    return [...receivables.rows, ...receivables.totals.map((row) => ({ customer_id: '', customer_name: 'TOTAL', ...row }))].map((row) => ({ as_of: receivables.as_of, ...row }));
  }
  return (report as { rows: Table }).rows;
}

/** A CSV download: UTF-8 with a BOM, so spreadsheet programs read Greek correctly. */
function sendCsv(res: Response, name: ReportName, report: Record<string, unknown>, query: ReportQuery): void {
  const rows = tablesOf(name, report);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const body = `\ufeff${stringify(rows, { header: true, columns: columns.length > 0 ? columns : ['empty'] })}`;
  const stamp = query.as_of ?? query.to ?? String(report.to ?? report.as_of ?? '');
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}-${stamp}.csv"`);
  res.status(200).send(body);
}

/** GET /crm/reports/{pipeline,receivables,sales,quotes,activity}: JSON, or `?format=csv`. Anyone signed in reads them. */
export function reportsRoutes(deps: AppDeps, options: ReportsOptions): RouteDef[] {
  const reports = new ReportsService(deps, options.paymentTermsDays);
  const build: Record<ReportName, (query: ReportQuery) => Promise<object>> = {
    pipeline: (query) => reports.pipeline(query),
    receivables: (query) => reports.receivables(query),
    sales: (query) => reports.sales(query),
    quotes: (query) => reports.quotes(query),
    activity: (query) => reports.activity(query),
  };
  return (Object.keys(build) as ReportName[]).map((name) =>
    defineRoute({
      method: 'get',
      path: `/crm/reports/${name}`,
      role: 'viewer',
      query: reportQuerySchema,
      async handler({ query, res }) {
        const report = await build[name](query);
        if (query.format !== 'csv') return report;
        sendCsv(res, name, report as Record<string, unknown>, query);
        return undefined;
      },
    }),
  );
}
