import { z } from 'zod';
import { transactionSchema } from '../ledger/ledger.schema.js';
import { dateInputSchema } from '../shared/dates.js';
import { isoDate } from '../shared/wire.js';
import { docIdSchema } from '../shared/ids.js';
import { checkFolderPath } from '../nextcloud/nextcloud.paths.js';
import { normalizePhone } from '../search/phone.js';
import { serverOwned, singleLineText, withoutServerOwned } from '../http/validate.js';
import { relationshipStatuses, type RelationshipStatus, contactTypes, type ContactType } from './customers.enums.js';
export { relationshipStatuses, type RelationshipStatus, contactTypes, type ContactType, ticketKinds, type TicketKind } from './customers.enums.js';

/**
 * Customers (`crm_customers`, spec 000 and 001) with the status system of spec 002:
 * relationship status, technical issues and install support. Bodies are strict: an unknown
 * field is a 400 naming it. Array entries carry stable ids; the server assigns them.
 */

export const DEFAULT_RELATIONSHIP_STATUS: RelationshipStatus = 'lead';

export const customerSorts = ['name', 'created_at', 'updated_at'] as const;
export type CustomerSort = (typeof customerSorts)[number];

const shortText = singleLineText().max(300);
const optionalText = shortText.nullable();
export const tagSchema = singleLineText().min(1, 'must not be empty').max(60);
const unique = <T>(values: T[]): T[] => [...new Set(values)];

export const languageCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as "el" or "en"');

/**
 * The languages a customer speaks, most used first. A single code (what the old system and
 * older clients send) is read as a list of one.
 */
export const languagesSchema = z
  .union([languageCodeSchema.transform((code) => [code]), z.array(languageCodeSchema).min(1, 'choose at least one language').max(20)])
  .transform(unique);

/** Phone-like contact types, stored with their E.164 form for matching. */
export const phoneContactTypes: ReadonlySet<ContactType> = new Set(['phone', 'whatsapp']);

export const contactInputSchema = z
  .strictObject({
    id: docIdSchema.optional(),
    type: z.enum(contactTypes),
    label: shortText.default(''),
    value: singleLineText().min(1, 'must not be empty').max(320),
    primary: z.boolean().default(false),
  })
  .superRefine((contact, ctx) => {
    if (contact.type === 'email' && !z.email().safeParse(contact.value).success) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be an e-mail address' });
    }
    if (phoneContactTypes.has(contact.type) && !normalizePhone(contact.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'must be a phone number: 10 digits for Greece, or + and the country code',
      });
    }
  });
export type ContactInput = z.infer<typeof contactInputSchema>;

/** `by` and `at` (spec 001) are who wrote the note and when: taken from the token and the clock. */
export const noteInputSchema = z
  .strictObject({
    id: docIdSchema.optional(),
    text: z.string().trim().min(1, 'must not be empty').max(10_000),
    by: serverOwned(),
    at: serverOwned(),
  })
  .transform(withoutServerOwned(['by', 'at']));
export type NoteInput = z.infer<typeof noteInputSchema>;

/** Owned items come in three tiers (spec 000): a console device, a catalogue product, free text. */
export const ownedItemInputSchema = z.discriminatedUnion('type', [
  z.strictObject({
    id: docIdSchema.optional(),
    type: z.literal('console_device'),
    device_id: z.string().trim().max(128).default(''),
    label: shortText.default(''),
  }),
  z.strictObject({
    id: docIdSchema.optional(),
    type: z.literal('product'),
    product_id: z.string().trim().max(128).default(''),
    product_name: shortText.default(''),
    quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000).default(1),
    serial_numbers: z.array(z.string().trim().min(1).max(200)).max(1000).default([]),
  }),
  z.strictObject({
    id: docIdSchema.optional(),
    type: z.literal('freetext'),
    description: z.string().trim().max(2000).default(''),
    serial_number: shortText.default(''),
    notes: z.string().max(5000).default(''),
  }),
]);
export type OwnedItemInput = z.infer<typeof ownedItemInputSchema>;

/** Location fields given are set; fields left out keep their value (empty on create). */
export const locationInputSchema = z.strictObject({
  city: shortText.optional(),
  country: shortText.optional(),
  region: shortText.optional(),
});
export type LocationInput = z.infer<typeof locationInputSchema>;

/**
 * A folder below the Nextcloud storage root, e.g. `05_Customers/Enoria_Ag_Paraskevis`,
 * checked by the same rule the file storage applies before every use.
 */
export const nextcloudFolderSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(500)
  .transform((path, ctx) => {
    try {
      return checkFolderPath(path);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'is not a folder path' });
      return z.NEVER;
    }
  });

/** Stable ids must be unique within one array. */
function uniqueIds<T extends { id?: string | undefined }>(entries: T[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (entry.id === undefined) return;
    if (seen.has(entry.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'appears twice' });
    seen.add(entry.id);
  });
}

const contactsSchema = z
  .array(contactInputSchema)
  .max(100)
  .superRefine((contacts, ctx) => {
    uniqueIds(contacts, ctx);
    const primaryOf = new Set<ContactType>();
    contacts.forEach((contact, index) => {
      if (!contact.primary) return;
      if (primaryOf.has(contact.type)) {
        ctx.addIssue({ code: 'custom', path: [index, 'primary'], message: `only one ${contact.type} contact can be primary` });
      }
      primaryOf.add(contact.type);
    });
  });

const notesSchema = z.array(noteInputSchema).max(2000).superRefine(uniqueIds);
const ownedItemsSchema = z.array(ownedItemInputSchema).max(2000).superRefine(uniqueIds);

/** Fields kept by their own routes, so a form can never overwrite a ticket or a payment. */
const managedElsewhere = {
  technical_issues: z.never({ error: 'is managed through POST /crm/customers/:id/technical-issues' }).optional(),
  install_support: z.never({ error: 'is managed through POST /crm/customers/:id/install-support' }).optional(),
  transaction_history: z.never({ error: 'is managed through POST /crm/customers/:id/transactions' }).optional(),
};

const customerFields = {
  name: singleLineText().min(1, 'must not be empty').max(200),
  /** Form of address shown before the name ("π.", "Δήμαρχος"); spec 002 page header. */
  title: optionalText,
  organization: optionalText,
  religion: optionalText,
  contacts: contactsSchema,
  notes: notesSchema,
  location: locationInputSchema.nullable(),
  language: languagesSchema,
  tags: z.array(tagSchema).max(50).transform(unique),
  owned_items: ownedItemsSchema,
  linked_user_ids: z.array(z.string().trim().min(1).max(128)).max(100).transform(unique),
  relationship_status: z.enum(relationshipStatuses),
};

/**
 * `nextcloud_folder` is the server's: made under `05_Customers/` on the first upload
 * (media.service.ts), so no one can point a customer at another's folder. The spec's model
 * has it, so a body may carry it; its value is ignored.
 */
const customerServerOwned = ['nextcloud_folder'] as const;
const someFieldGiven = (body: object): boolean =>
  Object.entries(body).some(([key, value]) => value !== undefined && !(customerServerOwned as readonly string[]).includes(key));

export const customerCreateSchema = z
  .strictObject({
    ...managedElsewhere,
    nextcloud_folder: serverOwned(),
    name: customerFields.name,
    title: customerFields.title.default(null),
    organization: customerFields.organization.default(null),
    religion: customerFields.religion.default(null),
    contacts: customerFields.contacts.default([]),
    notes: customerFields.notes.default([]),
    location: customerFields.location.default(null),
    language: customerFields.language.default(['el']),
    tags: customerFields.tags.default([]),
    owned_items: customerFields.owned_items.default([]),
    linked_user_ids: customerFields.linked_user_ids.default([]),
    relationship_status: customerFields.relationship_status.default(DEFAULT_RELATIONSHIP_STATUS),
  })
  .transform(withoutServerOwned(customerServerOwned));
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

/** PUT: only the fields given change; arrays given replace the stored array. */
export const customerUpdateSchema = z
  .strictObject({ ...managedElsewhere, ...customerFields, nextcloud_folder: serverOwned() })
  .partial()
  .refine(someFieldGiven, 'give at least one field to change')
  .transform(withoutServerOwned(customerServerOwned));
export type CustomerUpdate = z.infer<typeof customerUpdateSchema>;

const booleanParam = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

export const customerListQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  tag: tagSchema.optional(),
  relationship_status: z.enum(relationshipStatuses).optional(),
  has_active_issue: booleanParam.optional(),
  has_active_support: booleanParam.optional(),
  /** true: the archived customers (the restore view) instead of the live ones. */
  archived: booleanParam.optional(),
  sort: z.enum(customerSorts).default('name'),
  /** Names read A→Z, dates newest first, unless asked otherwise. */
  dir: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(2000).optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

/** `indexOrId`: a position in the stored array (oldest first) or an entry id. */
export const ticketParamsSchema = z.object({ id: docIdSchema, indexOrId: docIdSchema });

/** `opened_by` (spec 002, 2B) comes from the token, whatever the body says. */
export const ticketOpenSchema = z
  .strictObject({
    note: z.string().trim().min(1, 'must not be empty').max(5000),
    date: dateInputSchema.optional(),
    opened_by: serverOwned(),
  })
  .transform(withoutServerOwned(['opened_by']));
export type TicketOpen = z.infer<typeof ticketOpenSchema>;

/** Resolving takes no fields: who and when come from the token and the clock (`resolved_by` is ignored). */
export const ticketResolveSchema = z.strictObject({ resolved_by: serverOwned() }).transform(withoutServerOwned(['resolved_by']));

export const relationshipStatusSchema = z.strictObject({ status: z.enum(relationshipStatuses) });

/**
 * The append routes (POST …/notes, …/contacts, …/tags): each adds one entry to the array as
 * stored at that moment, inside a transaction, so concurrent appends never lose one another.
 */
export const noteAppendSchema = z
  .strictObject({ text: z.string().trim().min(1, 'must not be empty').max(10_000), by: serverOwned(), at: serverOwned() })
  .transform(withoutServerOwned(['by', 'at']));
export const contactAppendSchema = contactInputSchema.refine((contact) => contact.id === undefined, {
  path: ['id'],
  message: 'is given by the server',
});
export const tagAppendSchema = z.strictObject({ tag: tagSchema });
export const tagParamsSchema = z.object({ id: docIdSchema, tag: tagSchema });

/**
 * What a customer looks like in the API (and, with its index fields, in the store): the response
 * schemas, whose `z.output` the server works with and whose `z.input` (dates as ISO strings) the
 * SPA receives.
 */

export const contactSchema = z.object({
  id: z.string(),
  type: z.enum(contactTypes),
  label: z.string(),
  value: z.string(),
  primary: z.boolean(),
  /** The number in E.164 for phone and WhatsApp contacts, computed by the server. */
  e164: z.string().nullable(),
});
export type Contact = z.output<typeof contactSchema>;

export const noteSchema = z.object({
  id: z.string(),
  text: z.string(),
  by: z.string(),
  by_uid: z.string().nullable(),
  at: isoDate,
});
export type Note = z.output<typeof noteSchema>;

export const ownedItemSchema = z.discriminatedUnion('type', [
  z.object({ id: z.string(), type: z.literal('console_device'), device_id: z.string(), label: z.string() }),
  z.object({
    id: z.string(),
    type: z.literal('product'),
    product_id: z.string(),
    product_name: z.string(),
    quantity: z.number(),
    serial_numbers: z.array(z.string()),
  }),
  z.object({ id: z.string(), type: z.literal('freetext'), description: z.string(), serial_number: z.string(), notes: z.string() }),
]);
export type OwnedItem = z.output<typeof ownedItemSchema>;

export const locationSchema = z.object({ city: z.string(), country: z.string(), region: z.string() });
export type Location = z.output<typeof locationSchema>;

/** An entry of technical_issues or install_support (spec 002, 1A). */
export const ticketSchema = z.object({
  id: z.string(),
  active: z.boolean(),
  opened_date: isoDate,
  resolved_date: isoDate.nullable(),
  note: z.string(),
  opened_by: z.string(),
  opened_by_uid: z.string().nullable(),
  resolved_by: z.string().nullable(),
  resolved_by_uid: z.string().nullable(),
});
export type Ticket = z.output<typeof ticketSchema>;

export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  organization: z.string().nullable(),
  religion: z.string().nullable(),
  contacts: z.array(contactSchema),
  notes: z.array(noteSchema),
  location: locationSchema.nullable(),
  /** Language codes, most used first; never empty. */
  language: z.array(z.string()),
  tags: z.array(z.string()),
  owned_items: z.array(ownedItemSchema),
  linked_user_ids: z.array(z.string()),
  nextcloud_folder: z.string().nullable(),
  relationship_status: z.enum(relationshipStatuses),
  technical_issues: z.array(ticketSchema),
  install_support: z.array(ticketSchema),
  transaction_history: z.array(transactionSchema),
  /** Derived from the ticket arrays; the list filters on them. */
  has_active_issue: z.boolean(),
  has_active_support: z.boolean(),
  /** When an editor archived the customer: hidden from lists and search, restorable; null when live. */
  archived_at: isoDate.nullable(),
  created_at: isoDate,
  updated_at: isoDate,
  /** The stored document's version (http/versions.ts), also sent as the ETag. */
  version: z.string(),
});
export type Customer = z.output<typeof customerSchema>;

export const customerPageSchema = z.object({
  customers: z.array(customerSchema),
  /** How many customers match; null when the search filters candidates in memory. */
  total: z.number().nullable(),
  next_cursor: z.string().nullable(),
});
export type CustomerPage = z.output<typeof customerPageSchema>;

/** POST /crm/customers/:id/purge: what went with the customer; `folder_removed` is the Nextcloud folder, when there was one. */
export const purgeResultSchema = z.object({ comms_removed: z.number(), media_removed: z.number(), folder_removed: z.string().nullable() });
export type PurgeResult = z.output<typeof purgeResultSchema>;
