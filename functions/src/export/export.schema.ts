/** The export routes' queries: each list's own filters, plus the separator. */
import { z } from 'zod';
import { customerListQuerySchema } from '../customers/customers.schema.js';
import { installationListQuerySchema } from '../installations/installations.schema.js';
import { ordersQuerySchema } from '../orders/orders.schema.js';
import { productListQuerySchema } from '../products/products.schema.js';
import { dateInputSchema } from '../shared/dates.js';
import { docIdSchema } from '../shared/ids.js';

/** `;` for Excel set to a Greek (or any comma-decimal) locale; `,` otherwise. */
const separator = { separator: z.enum([',', ';']).default(',') };

export const exportKinds = ['customers', 'contacts', 'orders', 'ledger', 'products', 'installations', 'tasks'] as const;
export type ExportKind = (typeof exportKinds)[number];

export const separatorQuerySchema = z.object(separator);

export const customersExportQuerySchema = customerListQuerySchema.omit({ limit: true, cursor: true }).extend(separator);
export type CustomersExportQuery = z.output<typeof customersExportQuerySchema>;

/** The ledger: the customers' filters (or one customer, its Financials tab), and entries dated in [from, to). */
export const ledgerExportQuerySchema = customersExportQuerySchema
  .extend({ customer_id: docIdSchema.optional(), from: dateInputSchema.optional(), to: dateInputSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });

const ordersFilters = ordersQuerySchema.shape;
export const ordersExportQuerySchema = z
  .object({ status: ordersFilters.status, from: ordersFilters.from, to: ordersFilters.to, ...separator })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });

export const productsExportQuerySchema = productListQuerySchema.omit({ limit: true, cursor: true }).extend(separator);

/** The Service page's planning filters; none: every installation. */
export const installationsExportQuerySchema = installationListQuerySchema.omit({ limit: true }).extend(separator);
