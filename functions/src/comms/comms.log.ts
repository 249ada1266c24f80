import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app/deps.js';
import { readContact } from '../customers/customer-read.js';
import { parseOrThrow } from '../http/validate.js';
import { CUSTOMERS } from '../shared/collections.js';
import type { DocStore } from '../store/docstore.js';
import { parseAddress, searchKeyOf, type Address } from './comms.address.js';
import { CommsQueries, type CommsFilter } from './comms.queries.js';
import type { CommsRowChanges, SequencedEntry } from './comms.rows.js';
import {
  logMessageSchema,
  type Attachment,
  type CommsEntry,
  type CommsType,
  type DeliveryError,
  type DeliveryStatus,
  type FollowUpState,
  type LogMessageInput,
} from './comms.schema.js';
import type { SeqCursor } from './comms.seq.js';
import { ftsText } from './comms.text.js';
import { CommsWrites } from './comms.writes.js';

export type CommsDeps = Pick<AppDeps, 'sql' | 'store' | 'clock'>;

export type { CommsFilter, SequencedEntry };

export interface LoggedMessage {
  entry: CommsEntry;
  /** false when (type, ext_message_id) was logged before: nothing was written. */
  created: boolean;
}

/**
 * Which conversation a message belongs to, settled when it is logged. Thread ids are channel
 * message ids (e-mail Message-ID keys): a reply logged before its parent starts a thread under
 * the parent's id, and the parent gathers it when it arrives.
 */
export interface ThreadLink {
  /** Ids of the messages it answers (same type), oldest first: it joins the thread of the first one logged. */
  answers: string[];
  /** Else the thread it opens; null for a message that joins a conversation but never opens one. */
  opens: string | null;
  /** Before opening: the latest thread with this address whose `details[key]` is `value`. */
  resumes?: { address: string; key: string; value: string };
  /** Threads opened under these ids before (by its replies) move to its thread. */
  gathers: string[];
}

/** How many customers holding an address key are checked for the exact contact. */
const MAX_ADDRESS_CANDIDATES = 50;

/**
 * The comms log's one owner: every domain logs, reads and changes entries through these
 * channel-neutral verbs, and only comms/ knows the tables behind them.
 */
export class CommsLog {
  private readonly queries: CommsQueries;
  private readonly writes: CommsWrites;

  constructor(private readonly deps: CommsDeps) {
    this.queries = new CommsQueries(deps.sql);
    this.writes = new CommsWrites(deps.sql);
  }

  /**
   * Logs one message from an integration (mail, WhatsApp, calls) or a manual entry.
   * Idempotent on (type, ext_message_id): a retry or a replay returns the entry logged first.
   * With no (existing) customer_id the message goes to the customer staff assigned its address
   * to, else to the one customer whose contacts hold the address, else to the Unassigned inbox.
   */
  async log(input: LogMessageInput, thread?: ThreadLink): Promise<LoggedMessage> {
    const data = parseOrThrow(logMessageSchema, input, 'body');
    if (thread && data.ext_message_id) {
      const existing = await this.queries.findByExtId(data.type, data.ext_message_id);
      if (existing) return { entry: existing, created: false };
    }
    const threadId = thread ? await this.threadOf(data.type, thread) : (data.thread_id ?? null);
    const address = data.address ? parseAddress(data.address) : null;
    const key = address?.key ?? '';
    const explicit = data.customer_id && (await customerExists(this.deps.store, data.customer_id)) ? data.customer_id : '';
    const matched =
      explicit === '' && address && (await this.queries.mappedCustomer(key)) === null
        ? ((await findCustomerByAddress(this.deps.store, address)) ?? '')
        : '';
    const logged = await this.writes.insert(
      {
        id: randomUUID(),
        customer_id: explicit,
        matched_customer_id: matched,
        type: data.type,
        direction: data.direction,
        subject: data.subject ?? null,
        body: data.body ?? null,
        attachments: data.attachments ?? [],
        ext_message_id: data.ext_message_id ?? null,
        address: key,
        address_raw: data.address || null,
        logged_by: data.logged_by ?? null,
        logged_by_uid: data.logged_by_uid ?? null,
        occurred_at: data.occurred_at,
        fts_subject: ftsText(data.subject),
        fts_body: ftsText(data.body),
        thread_id: threadId,
        delivery_status: data.delivery_status ?? null,
        delivery_error: data.delivery_error ?? null,
        disposition: data.disposition ?? null,
        duration_seconds: data.duration_seconds ?? null,
        follow_up: data.follow_up ?? null,
        details: data.details ?? {},
      },
      this.deps.clock.now(),
    );
    if (thread && threadId) await this.writes.relinkThreads(thread.gathers, threadId, this.deps.clock.now());
    return logged;
  }

  private async threadOf(type: CommsType, thread: ThreadLink): Promise<string | null> {
    for (const id of thread.answers) {
      const found = await this.queries.findByExtId(type, id);
      if (found?.thread_id) return found.thread_id;
    }
    if (thread.opens === null) return null;
    const { resumes } = thread;
    const resumed = resumes ? await this.queries.latestThreadWith(type, resumes.address, resumes.key, resumes.value) : null;
    return resumed ?? thread.opens;
  }

  get(id: string): Promise<CommsEntry | null> {
    return this.queries.get(id);
  }

  /** The entry a channel logged under its own id (wamid, Message-ID key, PBX call id). */
  findByExtId(type: CommsType, extMessageId: string): Promise<CommsEntry | null> {
    return this.queries.findByExtId(type, extMessageId);
  }

  /** Newest first, strictly after `after`; at most `limit` entries. */
  list(filter: CommsFilter, limit: number, after?: SeqCursor): Promise<SequencedEntry[]> {
    return this.queries.list(filter, limit, after);
  }

  countOpenUnassigned(): Promise<number> {
    return this.queries.countOpenUnassigned();
  }

  /** The customer of each of these entries that has one. */
  customersOf(ids: string[]): Promise<Map<string, string>> {
    return this.queries.customersOf(ids);
  }

  /** A thread's entries, oldest first. */
  threadEntries(threadId: string, limit: number): Promise<CommsEntry[]> {
    return this.queries.threadEntries(threadId, limit);
  }

  /** Assigned e-mails whose parts wait to be filed (comms.queries.ts). */
  assignedEmailsAwaitingFiles(customerId: string | undefined, limit: number): Promise<CommsEntry[]> {
    return this.queries.assignedEmailsAwaitingFiles(customerId, limit);
  }

  /** Changes what staff may change of an entry; `reindex` gives the new searchable text when it changed. */
  update(id: string, changes: CommsRowChanges, reindex: (merged: CommsEntry) => { subject: string; body: string } | null): Promise<CommsEntry | null> {
    return this.writes.update(id, changes, reindex, this.deps.clock.now());
  }

  remove(id: string): Promise<boolean> {
    return this.writes.delete(id);
  }

  /** Assigns an entry, and every unassigned one from its address, to a customer (comms.writes.ts). How many changed. */
  assign(id: string, customerId: string, address: string, assignedBy: string): Promise<number> {
    return this.writes.assign(id, customerId, address, assignedBy, this.deps.clock.now());
  }

  /** Sets an entry's files and merges what the channel records of them into its details, in one write. */
  attachFiles(id: string, attachments: Attachment[], detailsPatch: Record<string, unknown> = {}): Promise<boolean> {
    return this.writes.attachFiles(id, attachments, detailsPatch, this.deps.clock.now());
  }

  /** Moves a delivery status forward, never back. Whether the entry exists and whether it moved. */
  recordDeliveryStatus(type: CommsType, extMessageId: string, status: DeliveryStatus, error: DeliveryError | null): Promise<{ found: boolean; moved: boolean }> {
    return this.writes.advanceDeliveryStatus(type, extMessageId, status, error, this.deps.clock.now());
  }

  /** Merges `patch` into an entry's details (a null removes a key), atomically. False when it does not exist. */
  mergeDetails(id: string, patch: Record<string, unknown>): Promise<boolean> {
    return this.writes.mergeDetails(id, patch, this.deps.clock.now());
  }

  /** Opens, or closes (with who), one entry's follow-up. False when the entry does not exist. */
  setFollowUp(id: string, state: FollowUpState, by: string | null): Promise<boolean> {
    return this.writes.setFollowUp(id, state, by, this.deps.clock.now());
  }

  /** Closes every open follow-up for `address` that happened before `before`. How many closed. */
  closeFollowUpsFor(address: string, before: Date, by: string): Promise<number> {
    return this.writes.closeFollowUpsFor(address, before, by, this.deps.clock.now());
  }

  /** Open follow-ups, newest first, optionally of one customer. */
  openFollowUps(limit: number, after?: SeqCursor, customerId?: string): Promise<SequencedEntry[]> {
    return this.queries.openFollowUps(limit, after, customerId);
  }

  /** How many entries a customer has. */
  countOfCustomer(customerId: string): Promise<number> {
    return this.queries.countOfCustomer(customerId);
  }

  /** Removes a customer's entries and address assignments. How many entries. */
  purgeCustomer(customerId: string): Promise<number> {
    return this.writes.purgeCustomer(customerId);
  }
}

export async function customerExists(store: DocStore, id: string): Promise<boolean> {
  return (await store.get(`${CUSTOMERS}/${id}`)) !== null;
}

/** The one customer with a contact at `address`; null for none or several. */
async function findCustomerByAddress(store: DocStore, address: Address): Promise<string | null> {
  const candidates = await store.query({
    collection: CUSTOMERS,
    where: [{ field: 'search_keys', op: 'array-contains', value: searchKeyOf(address) }],
    limit: MAX_ADDRESS_CANDIDATES,
  });
  const owners = candidates.filter((doc) => {
    const contacts = Array.isArray(doc.data.contacts) ? (doc.data.contacts as Record<string, unknown>[]) : [];
    return contacts.some((raw, index) => {
      const contact = readContact(raw, index);
      return (contact.e164 ?? parseAddress(contact.value)?.key) === address.key;
    });
  });
  return owners.length === 1 ? owners[0]!.id : null;
}
