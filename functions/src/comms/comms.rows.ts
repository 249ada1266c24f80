import type { Row } from '@libsql/client';
import type {
  Attachment,
  CallDisposition,
  CommsDirection,
  CommsEntry,
  CommsType,
  DeliveryError,
  DeliveryStatus,
  FollowUpState,
} from './comms.schema.js';

/**
 * The comms log's rows as the SQL holds them (crm_comms_log, crm_comms_fts,
 * crm_comms_address_map): shared by comms.writes.ts and comms.queries.ts, read by no one else.
 */

export interface NewCommsRow {
  id: string;
  /** The customer the caller names; '' to let the address map, then `matched_customer_id`, decide. */
  customer_id: string;
  /** The customer found by the address among customers' contacts; '' for none. */
  matched_customer_id: string;
  type: CommsType;
  direction: CommsDirection;
  subject: string | null;
  body: string | null;
  attachments: Attachment[];
  ext_message_id: string | null;
  address: string;
  address_raw: string | null;
  logged_by: string | null;
  logged_by_uid: string | null;
  occurred_at: Date;
  fts_subject: string;
  fts_body: string;
  thread_id: string | null;
  delivery_status: DeliveryStatus | null;
  delivery_error: DeliveryError | null;
  disposition: CallDisposition | null;
  duration_seconds: number | null;
  follow_up: FollowUpState | null;
  details: Record<string, unknown>;
}

export interface CommsRowChanges {
  customer_id?: string;
  type?: CommsType;
  direction?: CommsDirection;
  subject?: string | null;
  body?: string | null;
  attachments?: Attachment[];
  occurred_at?: Date;
}

/** An entry with its place in the log's order. */
export interface SequencedEntry {
  entry: CommsEntry;
  seq: number;
}

/** SQL true for an entry not marked done. */
export const NOT_DONE = "coalesce(json_extract(c.details, '$.done'), 0) = 0";

const COLUMNS = [
  'id',
  'customer_id',
  'type',
  'direction',
  'subject',
  'body',
  'attachments',
  'ext_message_id',
  'address',
  'address_raw',
  'logged_by',
  'logged_by_uid',
  'occurred_at',
  'created_at',
  'updated_at',
  'thread_id',
  'delivery_status',
  'delivery_error',
  'disposition',
  'duration_seconds',
  'follow_up',
  'follow_up_closed_at',
  'follow_up_closed_by',
  'details',
] as const;
/** The columns an insert writes after the time stamps (the follow-up is closed later, never at insert). */
const EXTRA_INSERT_COLUMNS = ['thread_id', 'delivery_status', 'delivery_error', 'disposition', 'duration_seconds', 'follow_up', 'details'] as const;
export const INSERT_COLUMNS = [...COLUMNS.slice(0, COLUMNS.indexOf('updated_at') + 1), ...EXTRA_INSERT_COLUMNS];
export const SELECT_COLUMNS = `c.rowid AS seq, ${COLUMNS.map((c) => `c.${c}`).join(', ')}`;

export function toSqlValue(value: unknown): string | number | null {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value === undefined || value === null) return null;
  return value as string | number;
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

function parseAttachments(value: unknown): Attachment[] {
  try {
    const parsed: unknown = JSON.parse(String(value ?? '[]'));
    return Array.isArray(parsed) ? (parsed as Attachment[]) : [];
  } catch {
    return [];
  }
}

function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  try {
    return JSON.parse(String(value)) as T;
  } catch {
    return fallback;
  }
}

export function toEntry(row: Row): CommsEntry {
  return {
    id: String(row.id),
    customer_id: String(row.customer_id ?? ''),
    type: row.type as CommsType,
    direction: row.direction as CommsDirection,
    subject: row.subject === null ? null : String(row.subject),
    body: row.body === null ? null : String(row.body),
    attachments: parseAttachments(row.attachments),
    ext_message_id: nullableText(row.ext_message_id),
    address: nullableText(row.address),
    address_raw: nullableText(row.address_raw),
    logged_by: nullableText(row.logged_by),
    logged_by_uid: nullableText(row.logged_by_uid),
    occurred_at: new Date(String(row.occurred_at)),
    created_at: new Date(String(row.created_at)),
    updated_at: new Date(String(row.updated_at)),
    thread_id: nullableText(row.thread_id),
    delivery_status: (nullableText(row.delivery_status) as DeliveryStatus | null) ?? null,
    delivery_error: parseJson<DeliveryError | null>(row.delivery_error, null),
    disposition: (nullableText(row.disposition) as CallDisposition | null) ?? null,
    duration_seconds: row.duration_seconds === null || row.duration_seconds === undefined ? null : Number(row.duration_seconds),
    follow_up: (nullableText(row.follow_up) as FollowUpState | null) ?? null,
    follow_up_closed_at: row.follow_up_closed_at ? new Date(String(row.follow_up_closed_at)) : null,
    follow_up_closed_by: nullableText(row.follow_up_closed_by),
    details: parseJson<Record<string, unknown>>(row.details, {}),
  };
}
