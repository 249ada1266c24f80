import { z } from 'zod';
import { isoDate } from '../shared/wire.js';
import { DEFAULT_CURRENCY, currencySchema, hasAtMostTwoDecimals, nonNegativeAmountSchema } from '../shared/money.js';
import { docIdSchema } from '../shared/ids.js';
import { serverOwned, singleLineText, withoutServerOwned } from '../http/validate.js';
import { productCategories } from './products.enums.js';
export { productCategories, type ProductCategory } from './products.enums.js';

/**
 * Products (`crm_products`, spec 001). `costs.total` and `stock.available` are computed by
 * the server from the other fields; a body may send them (the spec's model has them), and
 * their values are ignored. SKUs are unique:
 * each is reserved by a `crm_product_skus/{SKU}` document written in the product's transaction.
 */

export const PRODUCT_SKUS = 'crm_product_skus';

/** Upper-cased, so "vsp-001" and "VSP-001" are the same SKU; also a valid document id. */
export const skuSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');

const hoursSchema = z
  .number()
  .min(0, 'must be 0 or more')
  .max(100_000)
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals');
const countSchema = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(10_000_000);

/** Cost fields given are set; fields left out keep their value (0 on create). */
export const costsInputSchema = z
  .strictObject({
    pcb: nonNegativeAmountSchema.optional(),
    components: nonNegativeAmountSchema.optional(),
    enclosure: nonNegativeAmountSchema.optional(),
    labor_hours: hoursSchema.optional(),
    labor_rate: nonNegativeAmountSchema.optional(),
    shipping_in: nonNegativeAmountSchema.optional(),
    /** Computed from the other costs. */
    total: serverOwned(),
  })
  .transform(withoutServerOwned(['total']));
export type CostsInput = z.infer<typeof costsInputSchema>;

export const stockInputSchema = z
  .strictObject({
    on_hand: countSchema.optional(),
    reserved: countSchema.optional(),
    /** Computed: on_hand − reserved. */
    available: serverOwned(),
  })
  .transform(withoutServerOwned(['available']));
export type StockInput = z.infer<typeof stockInputSchema>;

const productFields = {
  name: singleLineText().min(1, 'must not be empty').max(200),
  sku: skuSchema.nullable(),
  category: z.enum(productCategories),
  description: z.string().max(10_000),
  price: nonNegativeAmountSchema,
  currency: currencySchema,
  costs: costsInputSchema,
  stock: stockInputSchema,
  /** The server's: made under `02_Products/` on the first upload; a value sent is ignored. */
  nextcloud_folder: serverOwned(),
  linked_device_type: z.string().trim().max(100),
  /** How long the warranty of an installed unit runs (issue 21); null when the product gives none. */
  warranty_months: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(240, 'must be at most 240').nullable(),
  active: z.boolean(),
};
const someFieldGiven = (body: object): boolean =>
  Object.entries(body).some(([key, value]) => value !== undefined && key !== 'nextcloud_folder');

export const productCreateSchema = z.strictObject({
  name: productFields.name,
  sku: productFields.sku.default(null),
  category: productFields.category,
  description: productFields.description.default(''),
  price: productFields.price.default(0),
  currency: productFields.currency.default(DEFAULT_CURRENCY),
  costs: productFields.costs.default({}),
  stock: productFields.stock.default({}),
  nextcloud_folder: productFields.nextcloud_folder,
  linked_device_type: productFields.linked_device_type.default(''),
  warranty_months: productFields.warranty_months.default(null),
  active: productFields.active.default(true),
}).transform(withoutServerOwned(['nextcloud_folder']));
export type ProductCreate = z.infer<typeof productCreateSchema>;

/** PUT: only the fields given change; within costs and stock, only the numbers given. */
export const productUpdateSchema = z
  .strictObject(productFields)
  .partial()
  .refine(someFieldGiven, 'give at least one field to change')
  .transform(withoutServerOwned(['nextcloud_folder']));
export type ProductUpdate = z.infer<typeof productUpdateSchema>;

const booleanParam = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

export const productListQuerySchema = z.object({
  category: z.enum(productCategories).optional(),
  active: booleanParam.optional(),
  /** true: the archived products (the restore view) instead of the live ones. */
  archived: booleanParam.optional(),
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: z.string().min(1).max(2000).optional(),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

export const productParamsSchema = z.object({ id: docIdSchema });

export const costsSchema = z.object({
  pcb: z.number(),
  components: z.number(),
  enclosure: z.number(),
  labor_hours: z.number(),
  labor_rate: z.number(),
  shipping_in: z.number(),
  total: z.number(),
});
export type Costs = z.output<typeof costsSchema>;

export const stockSchema = z.object({
  on_hand: z.number(),
  reserved: z.number(),
  /** on_hand − reserved; negative when more is promised than is on the shelf. */
  available: z.number(),
});
export type Stock = z.output<typeof stockSchema>;

/** A product as the API returns it (`z.input`: as the SPA receives it). */
export const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  sku: z.string().nullable(),
  category: z.enum(productCategories),
  description: z.string(),
  price: z.number(),
  currency: z.string(),
  costs: costsSchema,
  stock: stockSchema,
  nextcloud_folder: z.string().nullable(),
  linked_device_type: z.string(),
  warranty_months: z.number().nullable(),
  active: z.boolean(),
  /** When an editor archived it: no longer listed or offered for orders, restorable; null when live. */
  archived_at: isoDate.nullable(),
  created_at: isoDate,
  updated_at: isoDate,
  /** The stored document's version (http/versions.ts), also sent as the ETag. */
  version: z.string(),
});
export type Product = z.output<typeof productSchema>;

export const productPageSchema = z.object({
  products: z.array(productSchema),
  /** How many products match; null when the search filters candidates in memory. */
  total: z.number().nullable(),
  next_cursor: z.string().nullable(),
});
export type ProductPage = z.output<typeof productPageSchema>;

/** POST /crm/products/:id/purge: what went with the product; `folder_removed` is the Nextcloud folder, when there was one. */
export const productPurgeResultSchema = z.object({ media_removed: z.number(), folder_removed: z.string().nullable() });
export type ProductPurgeResult = z.output<typeof productPurgeResultSchema>;
