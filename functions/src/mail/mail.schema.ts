import { z } from 'zod';
import { singleLineText } from '../http/validate.js';
import { docIdSchema } from '../shared/ids.js';

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

/** What the API shows of an account: everything but the passwords. */
export interface MailAccountView {
  id: string;
  label: string;
  address: string;
  imap: Omit<ImapSettings, 'password'>;
  smtp: Omit<SmtpSettings, 'password'>;
  sent_folder: string;
  created_at: Date;
  updated_at: Date;
  last_poll_at: Date | null;
  last_error: string | null;
  last_counts: PollCounts | null;
}

/** One poll's outcome (POST /crm/mail/accounts/:id/poll). */
export interface PollCounts {
  /** Message bodies downloaded. */
  fetched: number;
  /** New comms entries. */
  stored: number;
  /** Messages already in the log (another folder or mailbox, a resync, the CRM's own sent copy). */
  duplicates: number;
  /** Messages kept raw in the journal that could not be processed (listed in Settings). */
  failed: number;
}

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
