import { z } from 'zod';
import { isoDate } from '../shared/wire.js';
import { checkFileName } from '../nextcloud/nextcloud.paths.js';
import { docIdSchema } from '../shared/ids.js';
import { cursorSchema } from '../shared/cursor.js';
import { mediaDirections } from './media.enums.js';
export { mediaDirections, type MediaDirection } from './media.enums.js';

/** Files about a customer or a product (spec 001, crm_media): the index of what is on Nextcloud. */

/** A file in crm_media as the API returns it. */
export const mediaRecordSchema = z.object({
  id: z.string(),
  customer_id: z.string().nullable(),
  order_id: z.string().nullable(),
  product_id: z.string().nullable(),
  filename: z.string(),
  nextcloud_path: z.string(),
  mime_type: z.string().nullable(),
  direction: z.enum(mediaDirections).nullable(),
  tags: z.array(z.string()),
  size: z.number().nullable(),
  uploaded_by: z.string().nullable(),
  uploaded_by_uid: z.string().nullable(),
  created_at: isoDate,
  updated_at: isoDate,
});
export type MediaRecord = z.output<typeof mediaRecordSchema>;

export const mediaPageSchema = z.object({ files: z.array(mediaRecordSchema), next_cursor: z.string().nullable() });
export type MediaPage = z.output<typeof mediaPageSchema>;

const fileNameSchema = z
  .string()
  .max(1_000)
  .transform((name, ctx) => {
    try {
      return checkFileName(name);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

const tagSchema = z.string().trim().min(1).max(50);
const tagsSchema = z
  .array(tagSchema)
  .max(30)
  .transform((tags) => [...new Set(tags)]);
/** `?tags=a,b` or `?tags=a&tags=b`. */
const tagsQuerySchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  )
  .pipe(tagsSchema);

export const ownerParamsSchema = z.object({ id: docIdSchema });
export const mediaParamsSchema = z.object({ id: docIdSchema });

export const productUploadQuerySchema = z.object({
  filename: fileNameSchema,
  tags: tagsQuerySchema.optional(),
  direction: z.enum(mediaDirections).default('internal'),
});
export const customerUploadQuerySchema = productUploadQuerySchema.extend({
  order_id: docIdSchema.optional(),
  /** A photo of one of the customer's installations: filed under its `photos_folder` (issue 21). */
  installation_id: docIdSchema.optional(),
});
export type UploadQuery = z.infer<typeof customerUploadQuerySchema>;

/** Where a page of files ends: the last file's created_at and id. */
export interface MediaCursor {
  at: string;
  id: string;
}

export const mediaListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: cursorSchema(z.tuple([z.iso.datetime(), z.string().min(1).max(200)]))
    .transform(([at, id]): MediaCursor => ({ at, id }))
    .optional(),
});

export const downloadQuerySchema = z.object({
  inline: z
    .enum(['1', 'true', '0', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .default(false),
});

export const mediaPatchSchema = z
  .strictObject({
    filename: fileNameSchema.optional(),
    tags: tagsSchema.optional(),
    direction: z.enum(mediaDirections).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });
export type MediaPatch = z.infer<typeof mediaPatchSchema>;
