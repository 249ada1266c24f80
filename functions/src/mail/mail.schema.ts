import { z } from 'zod';
import { failureReasons } from './mail.enums.js';
import { singleLineText } from '../http/validate.js';
import { docIdSchema } from '../shared/ids.js';
import { commsEntrySchema } from '../comms/comms.schema.js';
import { isoDate } from '../shared/wire.js';

/** Email (issue 8): mail accounts, polling counts, sending. */

export const securities = ['tls', 'starttls', 'none'] as const;
export type Security = (typeof securities)[number];

const hostSchema = z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address');
const portSchema = z.number().int().min(1).max(65_535);
const userSchema = singleLineText().min(1).max(320);
const passwordSchema = z.string().min(1).max(1_000);
const folderSchema = singleLineText().min(1).max(255);
/** The From header's display name: one line (a line break would start a header of its own). */
const labelSchema = singleLineText().min(1).max(200);
export const emailAddressSchema = z.string().trim().max(320).pipe(z.email()).transform((value) => value.toLowerCase());

const imapFields = {
  host: hostSchema,
  port: portSchema,
  security: z.enum(securities),
  user: userSchema,
  password: passwordSchema,
  folders: z.array(folderSchema).min(1).max(20),
};
const smtpFields = {
  host: hostSchema,
  port: portSchema,
  security: z.enum(securities),
  user: userSchema,
  password: passwordSchema,
};

/** POST /crm/mail/accounts. Other tools and scripts rely on these names (issue 8). */
export const mailAccountCreateSchema = z.strictObject({
  label: labelSchema,
  address: emailAddressSchema,
  imap: z.strictObject({ ...imapFields, folders: imapFields.folders.default(['INBOX', 'Sent']) }),
  smtp: z.strictObject(smtpFields),
  sent_folder: folderSchema.default('Sent'),
});
export type MailAccountCreate = z.infer<typeof mailAccountCreateSchema>;

/** PATCH /crm/mail/accounts/:id: only the given fields change; a password left out is kept. */
export const mailAccountPatchSchema = z
  .strictObject({
    label: labelSchema.optional(),
    address: emailAddressSchema.optional(),
    imap: z.strictObject(imapFields).partial().optional(),
    smtp: z.strictObject(smtpFields).partial().optional(),
    sent_folder: folderSchema.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: 'give at least one field to change' });
export type MailAccountPatch = z.infer<typeof mailAccountPatchSchema>;

export const mailAccountParamsSchema = z.object({ id: docIdSchema });

export interface ImapSettings {
  host: string;
  port: number;
  security: Security;
  user: string;
  password: string;
  folders: string[];
}

export interface SmtpSettings {
  host: string;
  port: number;
  security: Security;
  user: string;
  password: string;
}

/** An account with its passwords in clear: only the poller and the sender hold one, never a route. */
export interface MailAccount {
  id: string;
  label: string;
  address: string;
  imap: ImapSettings;
  smtp: SmtpSettings;
  sent_folder: string;
  created_at: Date;
  updated_at: Date;
  last_poll_at: Date | null;
  last_error: string | null;
  last_counts: PollCounts | null;
}

/** One poll's counts (an account's last poll, POST /crm/mail/accounts/:id/poll). */
export const pollCountsSchema = z.object({
  /** Message bodies downloaded. */
  fetched: z.number(),
  /** New comms entries. */
  stored: z.number(),
  /** Messages already in the log (another folder or mailbox, a resync, the CRM's own sent copy). */
  duplicates: z.number(),
  /** Messages kept raw in the journal that could not be processed (listed in Settings). */
  failed: z.number(),
});
export type PollCounts = z.output<typeof pollCountsSchema>;

/** What the API shows of an account: everything but the passwords. */
export const mailAccountViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  address: z.string(),
  imap: z.object({ host: z.string(), port: z.number(), security: z.enum(securities), user: z.string(), folders: z.array(z.string()) }),
  smtp: z.object({ host: z.string(), port: z.number(), security: z.enum(securities), user: z.string() }),
  sent_folder: z.string(),
  created_at: isoDate,
  updated_at: isoDate,
  last_poll_at: isoDate.nullable(),
  last_error: z.string().nullable(),
  last_counts: pollCountsSchema.nullable(),
});
export type MailAccountView = z.output<typeof mailAccountViewSchema>;

/** POST /crm/mail/accounts/:id/poll: the counts, whether the deadline cut the poll short, and what failed, in words. */
export const pollResultSchema = pollCountsSchema.extend({ stopped_early: z.boolean(), errors: z.array(z.string()) });

const connectionCheckSchema = z.object({
  ok: z.boolean(),
  /** What failed, as a reason; null when nothing did. */
  reason: z.enum([...failureReasons, 'folders_missing']).nullable(),
  /** What failed, in our words (never the server's, which may echo a secret or be another service's banner). */
  error: z.string().nullable(),
});
export type ConnectionCheck = z.output<typeof connectionCheckSchema>;

/** POST /crm/mail/accounts/:id/test */
export const accountTestSchema = z.object({
  imap: connectionCheckSchema.extend({ folders_missing: z.array(z.string()) }),
  smtp: connectionCheckSchema,
});
export type AccountTest = z.output<typeof accountTestSchema>;

/** GET /crm/mail/senders: the accounts an editor may send from. */
export const sendersSchema = z.object({ senders: z.array(z.object({ id: z.string(), label: z.string(), address: z.string() })) });

/** GET /crm/mail/failures: messages kept raw in the journal that could not be processed. */
export const mailFailuresSchema = z.object({
  failures: z.array(
    z.object({
      id: z.string(),
      external_id: z.string(),
      received_at: isoDate,
      attempts: z.number(),
      last_error: z.string().nullable(),
      next_attempt_at: isoDate.nullable(),
      /** Where the message was read (the journal entry's meta), null when it did not say. */
      account_id: z.string().nullable(),
      folder: z.string().nullable(),
      uid: z.number().nullable(),
      message_id: z.string().nullable(),
    }),
  ),
});

export const emptyCounts = (): PollCounts => ({ fetched: 0, stored: 0, duplicates: 0, failed: 0 });

const recipientsSchema = z.array(emailAddressSchema).max(50);

/**
 * POST /crm/customers/:id/emails. Attachments are files of the customer (the SPA uploads a new
 * file to the customer's files first): they are already filed under the customer.
 */
export const sendEmailSchema = z
  .strictObject({
    account_id: docIdSchema,
    to: recipientsSchema.min(1),
    cc: recipientsSchema.optional(),
    bcc: recipientsSchema.optional(),
    subject: z.string().trim().max(1_000).optional(),
    text: z.string().max(100_000).optional(),
    html: z.string().max(500_000).optional(),
    attachments: z.array(z.strictObject({ media_id: docIdSchema })).max(20).optional(),
    /** The comms entry answered: In-Reply-To, References and the subject follow from it. */
    in_reply_to: docIdSchema.optional(),
    /** The e-mail of this customer forwarded: its files go along, after those in `attachments`. */
    forward_of: docIdSchema.optional(),
  })
  .refine((body) => body.text !== undefined || body.html !== undefined, { path: ['text'], message: 'give text or html' })
  .refine((body) => body.subject !== undefined || body.in_reply_to !== undefined, {
    path: ['subject'],
    message: 'give a subject (or in_reply_to to answer an email)',
  });
export type SendEmail = z.infer<typeof sendEmailSchema>;

export const failuresQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const threadParamsSchema = z.object({ id: docIdSchema });

/** A file of an e-mail, as `details.parts` lists it. */
export const emailPartSchema = z.object({
  filename: z.string(),
  content_type: z.string(),
  size: z.number(),
  cid: z.string().nullable(),
  inline: z.boolean(),
});

/** What only e-mail puts in a comms entry's `details` (mail.ingest.ts, mail.send.ts). */
export const emailDetailsSchema = z.looseObject({
  from: z.string().nullable().optional(),
  to: z.array(z.string()).optional(),
  cc: z.array(z.string()).optional(),
  html: z.string().nullable().optional(),
  auto: z.enum(['bounce', 'auto_reply']).nullable().optional(),
  parts: z.array(emailPartSchema).optional(),
  /** Inline images: Content-ID → the crm_media id of the filed image. */
  inline: z.record(z.string(), z.string()).optional(),
  forwarded: z.array(z.object({ subject: z.string(), from: z.string(), date: z.string().nullable(), text: z.string() })).optional(),
});

/** An e-mail comms entry (POST /crm/customers/:id/emails). */
export const emailEntrySchema = commsEntrySchema.extend({ details: emailDetailsSchema });

/** GET /crm/mail/thread/:id: the conversation, oldest first. */
export const mailThreadSchema = z.object({ thread_id: z.string().nullable(), entries: z.array(emailEntrySchema) });
