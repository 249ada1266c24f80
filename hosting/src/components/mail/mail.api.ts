import { api } from '../../api';
import type { CommsPage } from '../comms/comms.types';
import type {
  accountTestSchema,
  emailEntrySchema,
  emailPartSchema,
  mailAccountCreateSchema,
  mailAccountViewSchema,
  mailFailuresSchema,
  mailThreadSchema,
  pollCountsSchema,
  pollResultSchema,
  sendEmailSchema,
  sendersSchema,
} from '@functions/mail/mail.schema';
import type { Wire } from '@functions/shared/wire';

/** E-mail as the API speaks it, typed from its schemas (functions/src/mail/mail.schema.ts): dates are ISO 8601 strings. */
export type { Security } from '@functions/mail/mail.schema';
export type MailAccount = Wire<typeof mailAccountViewSchema>;
export type MailAccountInput = Wire<typeof mailAccountCreateSchema>;
export type AccountTest = Wire<typeof accountTestSchema>;
export type PollCounts = Wire<typeof pollCountsSchema>;
export type PollResult = Wire<typeof pollResultSchema>;
export type Sender = Wire<typeof sendersSchema>['senders'][number];
/** An e-mail comms entry, with what only e-mail puts in `details`. */
export type EmailEntry = Wire<typeof emailEntrySchema>;
export type EmailPart = Wire<typeof emailPartSchema>;
export type MailFailure = Wire<typeof mailFailuresSchema>['failures'][number];
export type SendEmail = Wire<typeof sendEmailSchema>;

/** The most emails of one customer the panel groups into threads. */
export const EMAIL_PAGE = 200;

export async function loadEmails(customerId: string, signal?: AbortSignal): Promise<EmailEntry[]> {
  const page = await api.get<CommsPage>('/crm/comms', { query: { customer_id: customerId, type: 'email', limit: EMAIL_PAGE }, ...(signal ? { signal } : {}) });
  return page.entries as EmailEntry[];
}

export async function loadThread(entryId: string, signal?: AbortSignal): Promise<EmailEntry[]> {
  const answer = await api.get<Wire<typeof mailThreadSchema>>(`/crm/mail/thread/${encodeURIComponent(entryId)}`, signal ? { signal } : {});
  return answer.entries;
}

export async function loadSenders(signal?: AbortSignal): Promise<Sender[]> {
  return (await api.get<Wire<typeof sendersSchema>>('/crm/mail/senders', signal ? { signal } : {})).senders;
}

/** One key per email composed: a double click or a retry sends it once. */
export function sendEmail(customerId: string, body: SendEmail, idempotencyKey: string): Promise<EmailEntry> {
  return api.post<EmailEntry>(`/crm/customers/${encodeURIComponent(customerId)}/emails`, body, { idempotencyKey });
}

export async function uploadCustomerFile(customerId: string, file: File): Promise<{ id: string; filename: string }> {
  return api.upload<{ id: string; filename: string }>(`/crm/customers/${encodeURIComponent(customerId)}/files`, file, {
    query: { filename: file.name, direction: 'sent' },
  });
}

/** An inline image as a data: URL, so the sandboxed message frame can show it without the API token. */
export async function inlineImage(mediaId: string): Promise<string> {
  const { blob } = await api.download(`/crm/media/${encodeURIComponent(mediaId)}/download`);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(blob);
  });
}

export async function loadAccounts(signal?: AbortSignal): Promise<MailAccount[]> {
  return api.get<MailAccount[]>('/crm/mail/accounts', signal ? { signal } : {});
}

export const createAccount = (body: MailAccountInput) => api.post<MailAccount>('/crm/mail/accounts', body);
export const deleteAccount = (id: string) => api.delete(`/crm/mail/accounts/${encodeURIComponent(id)}`);
export const testAccount = (id: string) => api.post<AccountTest>(`/crm/mail/accounts/${encodeURIComponent(id)}/test`, {});
export const pollAccountNow = (id: string) => api.post<PollResult>(`/crm/mail/accounts/${encodeURIComponent(id)}/poll`, {});

export async function loadFailures(signal?: AbortSignal): Promise<MailFailure[]> {
  return (await api.get<Wire<typeof mailFailuresSchema>>('/crm/mail/failures', signal ? { signal } : {})).failures;
}
