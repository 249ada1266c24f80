/** Imports on the wire (issue 23, items 4-6). */
import { z } from 'zod';
import { isoDate } from '../shared/wire.js';
import { customerImportFields } from './import.fields.js';
import { productImportFields } from './import.product-fields.js';
import { ApiError } from '../http/errors.js';
import { importActions, importKinds, importStates, matchChoices, type ImportKind } from './import.enums.js';

/** Every kind's fields: which of them a kind takes is checked against the import (import.service.ts). */
const importFieldSchema = z.enum([...new Set([...customerImportFields, ...productImportFields])] as [string, ...string[]]);

const issueSchema = z.object({ field: z.string(), message: z.string() });

export const importRowSchema = z.object({
  row: z.number().int(),
  action: z.enum(importActions),
  match: z.object({ id: z.string(), by: z.enum(['external_id', 'tax_id', 'email', 'phone', 'sku']) }).nullable(),
  duplicate_of: z.number().int().nullable(),
  errors: z.array(issueSchema),
  warnings: z.array(issueSchema),
});

const countsSchema = z.object({ rows: z.number(), create: z.number(), update: z.number(), skip: z.number(), error: z.number() });

export const importSchema = z.object({
  id: z.string(),
  kind: z.enum(importKinds),
  state: z.enum(importStates),
  file_name: z.string(),
  encoding: z.string(),
  headers: z.array(z.string()),
  fields: z.array(z.string()),
  mapping: z.record(z.string(), importFieldSchema.nullable()),
  choices: z.record(z.string(), z.enum(matchChoices)),
  counts: countsSchema,
  rows: z.array(importRowSchema),
  /** After an undo: what could not be undone, and why. */
  not_undone: z.array(z.object({ id: z.string(), reason: z.string() })),
  /** A run's chunks (one on the embedded store; Firestore bounds a transaction) and how many committed. */
  progress: z.object({ chunks: z.number().int(), committed: z.number().int() }).nullable(),
  /** Why a `failed` run failed; it was rolled back, except what `not_undone` lists. */
  failure: z.string().nullable(),
  created_at: isoDate,
});
export type ImportView = z.output<typeof importSchema>;

/** A dry run's or a run's answer: the import, and what the run did (or would do). */
export const importRunResultSchema = z.object({ dry_run: z.boolean(), counts: countsSchema, import: importSchema });

export const importParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,40}$/, { error: 'is not an import id' }) });

export const importMappingBodySchema = z
  .strictObject({
    /** Header → field (or null to leave the column out). */
    mapping: z.record(z.string().max(200), importFieldSchema.nullable()),
    /** Row number → what a matched or repeated row does. */
    choices: z.record(z.string().regex(/^\d{1,6}$/), z.enum(matchChoices)).default({}),
  })
  .superRefine((body, ctx) => {
    const seen = new Map<string, string>();
    for (const [header, field] of Object.entries(body.mapping)) {
      if (!field) continue;
      const other = seen.get(field);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['mapping', header], message: `maps to ${field}, as "${other}" already does` });
      seen.set(field, header);
    }
  });

export const importRunBodySchema = z.strictObject({ dry_run: z.boolean().default(false) });

export const importUploadQuerySchema = z.object({ kind: z.enum(importKinds).default('customers') });

/** The `kind` multipart field of an upload. */
export function parseUploadKind(value: string): ImportKind {
  const parsed = z.enum(importKinds).safeParse(value);
  if (!parsed.success) throw new ApiError('validation_failed', `Invalid body: kind: must be one of ${importKinds.join(', ')}`, [{ path: 'kind', message: `must be one of ${importKinds.join(', ')}` }]);
  return parsed.data;
}
