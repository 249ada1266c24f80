import type { AuthUser } from '../auth/auth.types.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import { actorOf } from '../shared/actor.js';
import { CommsLog, customerExists, type CommsDeps, type CommsFilter, type LoggedMessage, type SequencedEntry } from './comms.log.js';
import type { CommsRowChanges } from './comms.rows.js';
import type { CommsCreate, CommsEntry, CommsListQuery, CommsPage, CommsPatch, LogMessageInput } from './comms.schema.js';
import { encodeSeqCursor, type SeqCursor } from './comms.seq.js';
import { ftsQuery, ftsText, ftsWords } from './comms.text.js';

/**
 * Logs one message (CommsLog.log): the intake every channel, script and test calls with its deps.
 * Idempotent on (type, ext_message_id).
 */
export function logMessage(deps: CommsDeps, input: LogMessageInput): Promise<LoggedMessage> {
  return new CommsLog(deps).log(input);
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
  constructor(
    private readonly deps: CommsDeps,
    private readonly hooks: CommsHooks = {},
    private readonly log: CommsLog = new CommsLog(deps),
  ) {}

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
    return commsPage(await this.log.list(filter, query.limit + 1, query.cursor), query.limit);
  }

  /** The inbox of messages no customer was found for. */
  async unassigned(limit: number, cursor?: SeqCursor): Promise<CommsPage> {
    return commsPage(await this.log.list({ customer_id: '', open_only: true }, limit + 1, cursor), limit);
  }

  /** How many messages wait in the inbox (the navigation's count). */
  async unassignedCount(): Promise<{ count: number }> {
    return { count: await this.log.countOpenUnassigned() };
  }

  /**
   * Marks a message as needing no customer (`done`), which takes it out of the inbox, or
   * back. The entry keeps everything else; `details.done` records the choice.
   */
  async setDone(id: string, done: boolean): Promise<CommsEntry> {
    if (!(await this.log.mergeDetails(id, { done: done ? true : null }))) throw notFound(`Comms entry ${id}`);
    return this.get(id);
  }

  async get(id: string): Promise<CommsEntry> {
    const entry = await this.log.get(id);
    if (!entry) throw notFound(`Comms entry ${id}`);
    return entry;
  }

  async create(body: CommsCreate, user: AuthUser): Promise<CommsEntry> {
    if (body.customer_id !== undefined) await this.requireCustomer(body.customer_id);
    const actor = actorOf(user);
    const { entry } = await this.log.log({
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
    const updated = await this.log.update(id, changes, (merged) =>
      textChanged ? { subject: ftsText(merged.subject), body: ftsText(merged.body) } : null,
    );
    if (!updated) throw notFound(`Comms entry ${id}`);
    return updated;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.log.remove(id))) throw notFound(`Comms entry ${id}`);
  }

  /**
   * Assigns an entry to a customer, with every unassigned entry from the same address or
   * number, and sends later messages from that address to the same customer; their files
   * follow before it answers, so the customer's page shows them.
   */
  async assign(id: string, customerId: string, user: AuthUser): Promise<{ entry: CommsEntry; assigned_count: number }> {
    const entry = await this.get(id);
    await this.requireCustomer(customerId);
    const assigned = await this.log.assign(id, customerId, entry.address ?? '', actorOf(user).name);
    await this.hooks.afterAssign?.(customerId);
    return { entry: await this.get(id), assigned_count: assigned };
  }

  private async requireCustomer(id: string): Promise<void> {
    if (!(await customerExists(this.deps.store, id))) {
      throw unprocessable(`Customer ${id} does not exist`, [{ path: 'customer_id', message: 'no such customer' }]);
    }
  }
}
