import { z } from 'zod';

/** A document id as it may appear in a path segment. */
export const docIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a document id');

/** The `:id` of every route under `/crm/customers/:id`. */
export const customerParamsSchema = z.object({ id: docIdSchema });
