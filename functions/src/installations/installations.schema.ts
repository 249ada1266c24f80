import { z } from 'zod';
import { isoDate } from '../shared/wire.js';
import { docIdSchema } from '../shared/ids.js';
import { singleLineText } from '../http/validate.js';
import { installationStates, visitKinds, visitOutcomes } from './installations.enums.js';
import { isCalendarDay } from './service-dates.js';
export { installationStates, visitKinds, visitOutcomes } from './installations.enums.js';

/**
 * The installed base (issue 21): one `crm_installations/{id}` document per installed unit,
 * its service visits in `crm_installation_visits/{id}` beside them, and one
 * `crm_installation_serials/{key}` reservation per (product, serial) written in the
 * installation's transaction, so a serial is unique per product across all customers.
 * Days (`installed_on`, `warranty_until`, visit `date`…) are `YYYY-MM-DD`, days in Athens.
 */

export const INSTALLATIONS = 'crm_installations';
export const VISITS = 'crm_installation_visits';
export const SERIALS = 'crm_installation_serials';

export const installationPath = (id: string): string => `${INSTALLATIONS}/${id}`;
export const visitPath = (id: string): string => `${VISITS}/${id}`;

export const daySchema = z
  .string()
  .refine(isCalendarDay, 'must be a calendar date written YYYY-MM-DD');

/**
 * A serial as printed on the unit's plate: letters (Greek too), digits and the separators
 * staff meet on plates; control and bidi characters are refused (parseOrThrow names them).
 */
export const serialSchema = singleLineText()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, 'must be letters, digits, spaces, ".", "_", "/" or "-", starting with a letter or digit');

const shortText = (max = 200) => singleLineText().max(max, `must be at most ${max} characters`);

/** A plan of 1 to 120 months; null for no plan. */
export const intervalSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be between 1 and 120 months')
  .max(120, 'must be between 1 and 120 months')
  .nullable();

export const siteInputSchema = z.strictObject({
  name: shortText().min(1, 'must not be empty'),
  address: shortText(300).default(''),
  city: shortText(100).default(''),
  region: shortText(100).default(''),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
});
export type SiteInput = z.infer<typeof siteInputSchema>;

const installationFields = {
  serial_number: serialSchema.nullable(),
  site: siteInputSchema,
  installed_on: daySchema,
  installed_by: shortText(),
  order_id: docIdSchema.nullable(),
  warranty_until: daySchema.nullable(),
  firmware_version: shortText(64).nullable(),
  service_interval_months: intervalSchema,
  notes: z.string().trim().max(5000),
};

export const installationCreateSchema = z
  .strictObject({
    product_id: docIdSchema.nullable().default(null),
    device_id: shortText(128).min(1, 'must not be empty').nullable().default(null),
    serial_number: installationFields.serial_number.default(null),
    site: installationFields.site,
    installed_on: installationFields.installed_on,
    installed_by: installationFields.installed_by.default(''),
    order_id: installationFields.order_id.default(null),
    /** Left out: install date + the product's warranty months. */
    warranty_until: installationFields.warranty_until.optional(),
    firmware_version: installationFields.firmware_version.default(null),
    /** Left out: 12 months for a catalogue product, no plan for a console device. */
    service_interval_months: installationFields.service_interval_months.optional(),
    notes: installationFields.notes.default(''),
  })
  .refine((body) => body.product_id !== null || body.device_id !== null, {
    path: ['product_id'],
    message: 'give a catalogue product_id or a console device_id',
  });
export type InstallationCreate = z.infer<typeof installationCreateSchema>;

/** PUT: only the fields given change. `replaced_by` goes with state `replaced`. */
export const installationUpdateSchema = z
  .strictObject({
    ...installationFields,
    site: siteInputSchema.partial().extend({ name: installationFields.site.shape.name.optional() }),
    state: z.enum(installationStates),
    replaced_by: docIdSchema.nullable(),
  })
  .partial()
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'give at least one field to change')
  .refine((body) => body.state !== 'replaced' || typeof body.replaced_by === 'string', {
    path: ['replaced_by'],
    message: 'name the installation that replaced this one',
  });
export type InstallationUpdate = z.infer<typeof installationUpdateSchema>;

const booleanParam = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

export const installationListQuerySchema = z.object({
  due_before: daySchema.optional(),
  overdue: booleanParam.optional(),
  warranty_before: daySchema.optional(),
  never_serviced: booleanParam.optional(),
  region: shortText(100).min(1).optional(),
  city: shortText(100).min(1).optional(),
  /** The full serial or its last 4 or more characters. */
  serial: shortText(64).min(4, 'give at least the last 4 characters').optional(),
  state: z.enum(installationStates).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export type InstallationListQuery = z.infer<typeof installationListQuerySchema>;

export const installationParamsSchema = z.object({ id: docIdSchema });

export const partInputSchema = z.strictObject({
  product_id: docIdSchema,
  quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000),
});

const visitFields = {
  date: daySchema,
  technician_uid: z.string().trim().min(1).max(128),
  kind: z.enum(visitKinds),
  work_done: z.string().trim().max(10_000),
  parts: z.array(partInputSchema).max(100),
  minutes_on_site: z.number().int('must be a whole number').min(0).max(24 * 60 * 7),
  outcome: z.enum(visitOutcomes),
  issue_id: docIdSchema.nullable(),
  firmware_version: shortText(64).min(1, 'must not be empty').nullable(),
};

const firmwareGiven = (body: { kind?: string | undefined; firmware_version?: string | null | undefined }): boolean =>
  body.kind !== 'firmware_update' || typeof body.firmware_version === 'string';

export const visitCreateSchema = z
  .strictObject({
    date: visitFields.date,
    /** Left out: the signed-in user. */
    technician_uid: visitFields.technician_uid.optional(),
    kind: visitFields.kind,
    work_done: visitFields.work_done.default(''),
    parts: visitFields.parts.default([]),
    minutes_on_site: visitFields.minutes_on_site.nullable().default(null),
    outcome: visitFields.outcome.default('ok'),
    issue_id: visitFields.issue_id.default(null),
    firmware_version: visitFields.firmware_version.default(null),
  })
  .refine(firmwareGiven, { path: ['firmware_version'], message: 'a firmware update records the version installed' });
export type VisitCreate = z.infer<typeof visitCreateSchema>;

export const visitUpdateSchema = z
  .strictObject({ ...visitFields, minutes_on_site: visitFields.minutes_on_site.nullable() })
  .partial()
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'give at least one field to change');
export type VisitUpdate = z.infer<typeof visitUpdateSchema>;

export const siteSchema = z.object({
  name: z.string(),
  address: z.string(),
  city: z.string(),
  region: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
});
export type Site = z.output<typeof siteSchema>;

export const firmwareChangeSchema = z.object({
  version: z.string(),
  previous: z.string().nullable(),
  at: isoDate,
  by: z.string(),
  by_uid: z.string(),
  /** The firmware-update visit that installed it, when one did. */
  visit_id: z.string().nullable(),
});
export type FirmwareChange = z.output<typeof firmwareChangeSchema>;

export const installationSchema = z.object({
  id: z.string(),
  customer_id: z.string(),
  product_id: z.string().nullable(),
  /** The catalogue name, or the old system's name of an uncatalogued product. */
  product_name: z.string(),
  device_id: z.string().nullable(),
  serial_number: z.string().nullable(),
  site: siteSchema,
  installed_on: z.string().nullable(),
  installed_by: z.string(),
  order_id: z.string().nullable(),
  warranty_until: z.string().nullable(),
  firmware_version: z.string().nullable(),
  firmware_history: z.array(firmwareChangeSchema),
  state: z.enum(installationStates),
  replaced_by: z.string().nullable(),
  service_interval_months: z.number().nullable(),
  last_service_on: z.string().nullable(),
  /** null without a plan, and for a unit no longer active. */
  next_service_due: z.string().nullable(),
  notes: z.string(),
  /** The Nextcloud folder of its photos, under the customer's folder. */
  photos_folder: z.string().nullable(),
  created_at: isoDate,
  updated_at: isoDate,
  updated_by: z.string(),
  version: z.string(),
});
export type Installation = z.output<typeof installationSchema>;

/** What a visit sheet shows of an installation's customer. */
export const siteCustomerSchema = z.object({
  name: z.string(),
  /** The primary phone (or the first one), as staff entered it. */
  phone: z.string().nullable(),
  /** The notes of the customer's active technical issues. */
  open_issues: z.array(z.object({ id: z.string(), note: z.string() })),
});
export type SiteCustomer = z.output<typeof siteCustomerSchema>;

export const installationListSchema = z.object({
  installations: z.array(installationSchema),
  /** The customers of the listed installations, by id: what a printed visit sheet needs. */
  customers: z.record(z.string(), siteCustomerSchema),
  /** More matched than `limit`: narrow the filters. */
  truncated: z.boolean(),
});
export type InstallationList = z.output<typeof installationListSchema>;

export const partSchema = z.object({ product_id: z.string(), quantity: z.number() });

export const visitSchema = z.object({
  id: z.string(),
  installation_id: z.string(),
  customer_id: z.string(),
  date: z.string(),
  technician_uid: z.string(),
  technician_name: z.string(),
  kind: z.enum(visitKinds),
  work_done: z.string(),
  parts: z.array(partSchema),
  minutes_on_site: z.number().nullable(),
  outcome: z.enum(visitOutcomes),
  issue_id: z.string().nullable(),
  firmware_version: z.string().nullable(),
  created_at: isoDate,
  updated_at: isoDate,
  updated_by: z.string(),
  version: z.string(),
});
export type Visit = z.output<typeof visitSchema>;

export const visitListSchema = z.object({ visits: z.array(visitSchema) });

/** A warning the write did not block on, e.g. parts beyond the recorded stock. */
export const warningSchema = z.object({ path: z.string(), message: z.string() });
export type Warning = z.output<typeof warningSchema>;

export const visitWriteResultSchema = z.object({
  visit: visitSchema,
  installation: installationSchema,
  warnings: z.array(warningSchema),
});
export type VisitWriteResult = z.output<typeof visitWriteResultSchema>;
