import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth.types.js';
import { readContact } from '../customers/customer-read.js';
import { CUSTOMERS } from '../shared/collections.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import { parseOrThrow } from '../http/validate.js';
import { actorOf } from '../shared/actor.js';
import type { DocStore } from '../store/docstore.js';
import { parseAddress, searchKeyOf, type Address } from './comms.address.js';
import { CommsRepository, type CommsFilter, type CommsRowChanges, type SequencedEntry } from './comms.repository.js';
import {
  type CommsPage,
  logMessageSchema,
  type CommsCreate,
  type CommsEntry,
  type CommsListQuery,
  type CommsPatch,
  type LogMessageInput,
} from './comms.schema.js';
import { encodeSeqCursor, type SeqCursor } from './comms.seq.js';
import { ftsQuery, ftsText, ftsWords } from './comms.text.js';

export type CommsDeps = Pick<AppDeps, 'sql' | 'store' | 'clock'>;


export interface LoggedMessage {
  entry: CommsEntry;
  /** false when (type, ext_message_id) was logged before: nothing was written. */
  created: boolean;
}

/** How many customers holding an address key are checked for the exact contact. */
const MAX_ADDRESS_CANDIDATES = 50;

/**
 * Logs one message from an integration (mail, WhatsApp, calls) or a manual entry.
 * Idempotent on (type, ext_message_id): a retry or a replay returns the entry logged first.
 * With no (existing) customer_id the message goes to the customer staff assigned its address
 * to, else to the one customer whose contacts hold the address, else to the Unassigned inbox.
 */
export async function logMessage(deps: CommsDeps, input: LogMessageInput): Promise<LoggedMessage> {
  const data = parseOrThrow(logMessageSchema, input, 'body');
  const repo = new CommsRepository(deps.sql);
  const address = data.address ? parseAddress(data.address) : null;
  const key = address?.key ?? '';
  const explicit = data.customer_id && (await customerExists(deps.store, data.customer_id)) ? data.customer_id : '';
  const matched =
    explicit === '' && address && (await repo.mappedCustomer(key)) === null
      ? ((await findCustomerByAddress(deps.store, address)) ?? '')
      : '';
  return repo.insert(
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
      thread_id: data.thread_id ?? null,
      delivery_status: data.delivery_status ?? null,
      delivery_error: data.delivery_error ?? null,
      disposition: data.disposition ?? null,
      duration_seconds: data.duration_seconds ?? null,
      follow_up: data.follow_up ?? null,
      details: data.details ?? {},
    },
    deps.clock.now(),
  );
}

async function customerExists(store: DocStore, id: string): Promise<boolean> {
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

export function commsPage(rows: SequencedEntry[], limit: number): CommsPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map((row) => row.entry),
    next_cursor: rows.length > limit && last ? encodeSeqCursor({ seq: last.seq, tiebreak: '' }) : null,
  };
}

/** What other domains do when the comms log changes; the app wires them (app/routes.ts). */
export interface CommsHooks {
  /** After messages were assigned to a customer: their waiting files follow (app/files-follow.ts). */
  afterAssign?(customerId: string): Promise<void>;
}

export class CommsService {
  private readonly repo: CommsRepository;

  constructor(
    private readonly deps: CommsDeps,
    private readonly hooks: CommsHooks = {},
  ) {
    this.repo = new CommsRepository(deps.sql);
  }

  async list(query: CommsListQuery): Promise<CommsPage> {
    let match: string | undefined;
    let words: string[][] | undefined;
    if (query.q !== undefined) {
      match = ftsQuery(query.q) ?? undefined;
      words = ftsWords(query.q) ?? undefined;
      if (match === undefined || words === undefined) {
        throw new ApiError('validation_failed', 'Invalid query: q: has no word to search for', [
          { path: 'q', message: 'has no word to search for' },
        ]);
      }
    }
    const filter: CommsFilter = {
      ...(query.customer_id !== undefined ? { customer_id: query.customer_id } : {}),
      ...(query.type ? { types: query.type } : {}),
      ...(query.direction ? { direction: query.direction } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(match !== undefined && words !== undefined ? { match, words } : {}),
    };
    return commsPage(await this.repo.list(filter, query.limit + 1, query.cursor), query.limit);
  }

  /** The inbox of messages no customer was found for. */
  async unassigned(limit: number, cursor?: SeqCursor): Promise<CommsPage> {
    return commsPage(await this.repo.list({ customer_id: '', open_only: true }, limit + 1, cursor), limit);
  }

  /** How many messages wait in the inbox (the navigation's count). */
  async unassignedCount(): Promise<{ count: number }> {
    return { count: await this.repo.countOpenUnassigned() };
  }

  /**
   * Marks a message as needing no customer (`done`), which takes it out of the inbox, or
   * back. The entry keeps everything else; `details.done` records the choice.
   */
  async setDone(id: string, done: boolean): Promise<CommsEntry> {
    if (!(await this.repo.mergeDetails(id, { done: done ? true : null }, this.deps.clock.now()))) throw notFound(`Comms entry ${id}`);
    return this.get(id);
  }

  /** A customer's entries, newest first, for the unified timeline. */
  listForCustomer(customerId: string, limit: number, after?: SeqCursor): Promise<SequencedEntry[]> {
    return this.repo.list({ customer_id: customerId }, limit, after);
  }

  async get(id: string): Promise<CommsEntry> {
    const entry = await this.repo.get(id);
    if (!entry) throw notFound(`Comms entry ${id}`);
    return entry;
  }

  async create(body: CommsCreate, user: AuthUser): Promise<CommsEntry> {
    if (body.customer_id !== undefined) await this.requireCustomer(body.customer_id);
    const actor = actorOf(user);
    const { entry } = await logMessage(this.deps, {
      type: body.type,
      direction: body.direction,
      customer_id: body.customer_id ?? null,
      address: body.address ?? null,
      subject: body.subject ?? null,
      body: body.body ?? null,
      attachments: body.attachments ?? [],
      occurred_at: body.occurred_at ?? this.deps.clock.now(),
      logged_by: actor.name,
      logged_by_uid: actor.uid,
    });
    return entry;
  }

  async update(id: string, patch: CommsPatch): Promise<CommsEntry> {
    if (patch.customer_id !== undefined) await this.requireCustomer(patch.customer_id);
    const changes: CommsRowChanges = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ) as CommsRowChanges;
    const textChanged = patch.subject !== undefined || patch.body !== undefined;
    const updated = await this.repo.update(
      id,
      changes,
      (merged) => (textChanged ? { subject: ftsText(merged.subject), body: ftsText(merged.body) } : null),
      this.deps.clock.now(),
    );
    if (!updated) throw notFound(`Comms entry ${id}`);
    return updated;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw notFound(`Comms entry ${id}`);
  }

  /**
   * Assigns an entry to a customer, with every unassigned entry from the same address or
   * number, and sends later messages from that address to the same customer; their files
   * follow before it answers, so the customer's page shows them.
   */
  async assign(id: string, customerId: string, user: AuthUser): Promise<{ entry: CommsEntry; assigned_count: number }> {
    const entry = await this.get(id);
    await this.requireCustomer(customerId);
    const assigned = await this.repo.assign(id, customerId, entry.address ?? '', actorOf(user).name, this.deps.clock.now());
    await this.hooks.afterAssign?.(customerId);
    return { entry: await this.get(id), assigned_count: assigned };
  }

  private async requireCustomer(id: string): Promise<void> {
    if (!(await customerExists(this.deps.store, id))) {
      throw unprocessable(`Customer ${id} does not exist`, [{ path: 'customer_id', message: 'no such customer' }]);
    }
  }
}
