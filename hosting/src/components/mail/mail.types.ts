import type { CommsEntry } from '../comms/comms.types';

/** Email as the API sends it (functions/src/mail): dates are ISO 8601 strings. */

export type Security = 'tls' | 'starttls' | 'none';

export interface PollCounts {
  fetched: number;
  stored: number;
  duplicates: number;
  failed: number;
}

export interface MailAccount {
  id: string;
  label: string;
  address: string;
  imap: { host: string; port: number; security: Security; user: string; folders: string[] };
  smtp: { host: string; port: number; security: Security; user: string };
  sent_folder: string;
  last_poll_at: string | null;
  last_error: string | null;
  last_counts: PollCounts | null;
}

export interface MailAccountInput {
  label: string;
  address: string;
  imap: { host: string; port: number; security: Security; user: string; password: string; folders: string[] };
  smtp: { host: string; port: number; security: Security; user: string; password: string };
  sent_folder: string;
}

export interface AccountTest {
  imap: { ok: boolean; error: string | null; folders_missing: string[] };
  smtp: { ok: boolean; error: string | null };
}

export interface Sender {
  id: string;
  label: string;
  address: string;
}

export interface EmailPart {
  filename: string;
  content_type: string;
  size: number;
  cid: string | null;
  inline: boolean;
}

/** An email entry: a comms entry with what only email has in `details`. */
export interface EmailEntry extends CommsEntry {
  thread_id: string | null;
  details: {
    from?: string | null;
    to?: string[];
    cc?: string[];
    html?: string | null;
    auto?: 'bounce' | 'auto_reply' | null;
    parts?: EmailPart[];
    inline?: Record<string, string>;
    forwarded?: { subject: string; from: string; date: string | null; text: string }[];
    [key: string]: unknown;
  };
}

export interface MailFailure {
  id: string;
  external_id: string;
  received_at: string;
  attempts: number;
  last_error: string | null;
  account_id: string | null;
  folder: string | null;
}

export interface SendEmail {
  account_id: string;
  to: string[];
  cc?: string[];
  subject?: string;
  text: string;
  attachments?: { media_id: string }[];
  in_reply_to?: string;
  /** The email forwarded: its files go along. */
  forward_of?: string;
}
