import type { Response } from 'express';
import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { csvChunks, type Separator } from './export.csv.js';
import {
  customersExportQuerySchema,
  installationsExportQuerySchema,
  ledgerExportQuerySchema,
  ordersExportQuerySchema,
  productsExportQuerySchema,
  separatorQuerySchema,
} from './export.schema.js';
import { INSTALLATIONS } from '../installations/installations.schema.js';
import { collectionCsv, contactsCsv, customersCsv, installationsCsv, ledgerCsv, ordersCsv, productsCsv, type CsvSource } from './export.sources.js';
import { writeChunk, ZipWriter } from './export.zip.js';

/** The tasks domain's collection (tasks/tasks.docs.ts), named here because no domain imports tasks/. */
const TASKS = 'crm_tasks';

/**
 * Streams a source as a CSV download. A failure after the first bytes cannot become an error
 * answer any more: the connection is cut, so the client sees a broken download, never a short file
 * that looks whole.
 */
async function sendCsv(res: Response, name: string, source: CsvSource | Promise<CsvSource>, separator: Separator): Promise<undefined> {
  const { header, rows } = await source;
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    for await (const chunk of csvChunks(header, rows, separator)) await writeChunk(res, chunk);
    res.end();
  } catch (error) {
    res.destroy(error as Error);
  }
  return undefined;
}

/** Every list of the CRM as CSV (issue 23, item 3); the archive of all of them is an admin's. */
export function exportRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/crm/export/customers.csv',
      role: 'editor',
      query: customersExportQuerySchema,
      handler: ({ query: { separator, ...filters }, res }) => sendCsv(res, 'customers.csv', customersCsv(deps, filters), separator),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/export/contacts.csv',
      role: 'editor',
      query: customersExportQuerySchema,
      handler: ({ query: { separator, ...filters }, res }) => sendCsv(res, 'contacts.csv', contactsCsv(deps, filters), separator),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/export/ledger.csv',
      role: 'editor',
      query: ledgerExportQuerySchema,
      handler: ({ query: { separator, from, to, customer_id, ...filters }, res }) =>
        sendCsv(res, 'ledger.csv', ledgerCsv(deps, customer_id ? { customerId: customer_id } : filters, { from, to }), separator),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/export/orders.csv',
      role: 'editor',
      query: ordersExportQuerySchema,
      handler: ({ query: { separator, ...filters }, res }) => sendCsv(res, 'orders.csv', ordersCsv(deps, filters), separator),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/export/products.csv',
      role: 'editor',
      query: productsExportQuerySchema,
      handler: ({ query: { separator, ...filters }, res }) => sendCsv(res, 'products.csv', productsCsv(deps, filters), separator),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/export/installations.csv',
      role: 'editor',
      query: installationsExportQuerySchema,
      handler: ({ query: { separator, ...filters }, res }) => sendCsv(res, 'installations.csv', installationsCsv(deps, filters), separator),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/export/tasks.csv',
      role: 'editor',
      query: separatorQuerySchema,
      handler: ({ query, res }) => sendCsv(res, 'tasks.csv', collectionCsv(deps, TASKS), query.separator),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/export/archive.zip',
      role: 'admin',
      query: separatorQuerySchema,
      handler: async ({ query, res }) => {
        const at = deps.clock.now();
        res.status(200);
        res.setHeader('Content-Type', 'application/zip');
        res.setHeader('Content-Disposition', `attachment; filename="bellsystems-crm-${at.toISOString().slice(0, 10)}.zip"`);
        res.setHeader('Cache-Control', 'no-store');
        const zip = new ZipWriter(res, at);
        const everything = { sort: 'name' as const };
        const sources: [string, () => CsvSource | Promise<CsvSource>][] = [
          ['customers.csv', () => customersCsv(deps, everything)],
          ['contacts.csv', () => contactsCsv(deps, everything)],
          ['orders.csv', () => ordersCsv(deps, {})],
          ['ledger.csv', () => ledgerCsv(deps, everything, {})],
          ['products.csv', () => productsCsv(deps, {})],
          ['installations.csv', () => collectionCsv(deps, INSTALLATIONS)],
          ['tasks.csv', () => collectionCsv(deps, TASKS)],
        ];
        try {
          for (const [name, open] of sources) {
            const { header, rows } = await open();
            await zip.addFile(name, csvChunks(header, rows, query.separator));
          }
          await zip.finish();
          res.end();
        } catch (error) {
          res.destroy(error as Error);
        }
        return undefined;
      },
    }),
  ];
}
