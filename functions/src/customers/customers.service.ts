import type { Clock } from '../http/deps.js';
import { ApiError, conflict, notFound, type ErrorDetail } from '../http/errors.js';
import { writeStamp, type Actor } from '../shared/actor.js';
import { CUSTOMERS, customerPath } from '../shared/collections.js';
import { listByKeys } from '../search/keyed-list.js';
import { normalizePhone } from '../search/phone.js';
import type { DocData, DocStore } from '../store/docstore.js';
import { assertVersion, docVersion, type Precondition } from '../http/versions.js';
import { customerFilterKey, customerIndexFields } from './customer-index.js';
import { readCustomer } from './customer-read.js';
import {
  phoneContactTypes,
  type Contact,
  type ContactInput,
  type Customer,
  type CustomerCreate,
  type CustomerListQuery,
  type CustomerPage,
  type CustomerUpdate,
  type Location,
  type LocationInput,
  type Note,
  type NoteInput,
  type OwnedItem,
  type RelationshipStatus,
  type Ticket,
  type TicketKind,
  type TicketOpen,
} from './customers.schema.js';

const ticketNames: Record<TicketKind, string> = {
  technical_issues: 'Technical issue',
  install_support: 'Install support entry',
};

const emptyLocation: Location = { city: '', country: '', region: '' };

function mergeLocation(current: Location | null, input: LocationInput | null): Location | null {
  if (input === null) return null;
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  return { ...emptyLocation, ...current, ...given };
}

function toContact(input: ContactInput, id: string): Contact {
  return {
    id,
    type: input.type,
    label: input.label,
    value: input.value,
    primary: input.primary,
    e164: phoneContactTypes.has(input.type) ? normalizePhone(input.value) : null,
  };
}

/** What the store holds for a customer: the API view without its id and version, plus the index fields. */
function storedForm(customer: Customer): DocData {
  const { id: _id, version: _version, ...fields } = customer;
  return { ...fields, ...customerIndexFields(customer) };
}

function withActiveFlags(customer: Customer): Customer {
  return {
    ...customer,
    has_active_issue: customer.technical_issues.some((t) => t.active),
    has_active_support: customer.install_support.some((t) => t.active),
  };
}

export class CustomersService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  /** One page of customers: index lookups reading a bounded number of documents (keyed-list.ts). */
  async list(query: CustomerListQuery): Promise<CustomerPage> {
    const direction = query.dir ?? (query.sort === 'name' ? 'asc' : 'desc');
    const page = await listByKeys(this.store, {
      collection: CUSTOMERS,
      orderBy: [{ field: query.sort === 'name' ? 'name_sort' : query.sort, direction }],
      search: query.search,
      filterKey: customerFilterKey(query),
      archived: query.archived,
      limit: query.limit,
      cursor: query.cursor,
    });
    return {
      customers: page.docs.map((doc) => readCustomer(doc.id, doc.data)),
      total: page.total,
      next_cursor: page.next_cursor,
    };
  }

  async get(id: string): Promise<Customer> {
    const doc = await this.store.get(customerPath(id));
    if (!doc) throw notFound('Customer');
    return readCustomer(doc.id, doc.data);
  }

  /**
   * A new customer and the document that stores it, not written: for writers that create
   * customers in a transaction of their own (an import's batch).
   */
  newCustomer(body: CustomerCreate, actor: Actor): { customer: Customer; stored: DocData } {
    const now = this.clock.now();
    const id = this.store.newId();
    const customer = withActiveFlags({
      id,
      name: body.name,
      title: body.title,
      organization: body.organization,
      religion: body.religion,
      contacts: body.contacts.map((contact) => toContact(contact, this.store.newId())),
      notes: body.notes.map((note) => this.newNote(note, actor, now)),
      location: body.location ? mergeLocation(null, body.location) : null,
      language: body.language,
      tags: body.tags,
      owned_items: body.owned_items.map((item) => ({ ...item, id: this.store.newId() })),
      linked_user_ids: body.linked_user_ids,
      nextcloud_folder: null,
      relationship_status: body.relationship_status,
      technical_issues: [],
      install_support: [],
      transaction_history: [],
      has_active_issue: false,
      has_active_support: false,
      archived_at: null,
      created_at: now,
      updated_at: now,
      version: '',
    });
    return { customer, stored: { ...storedForm(customer), ...writeStamp() } };
  }

  async create(body: CustomerCreate, actor: Actor): Promise<Customer> {
    const { customer, stored } = this.newCustomer(body, actor);
    await this.store.create(customerPath(customer.id), stored);
    return { ...customer, version: docVersion(stored) };
  }

  async update(id: string, body: CustomerUpdate, actor: Actor, precondition?: Precondition): Promise<Customer> {
    return this.mutate(id, (current, now) => {
      const details: ErrorDetail[] = [];
      const changes: Partial<Customer> = {};
      for (const field of [
        'name',
        'title',
        'organization',
        'religion',
        'language',
        'tags',
        'linked_user_ids',
        'relationship_status',
      ] as const) {
        if (body[field] !== undefined) Object.assign(changes, { [field]: body[field] });
      }
      if (body.location !== undefined) changes.location = mergeLocation(current.location, body.location);
      if (body.contacts) {
        changes.contacts = this.reconcile(body.contacts, current.contacts, 'contacts', details, (input, id) =>
          toContact(input, id ?? this.store.newId()),
        );
      }
      if (body.notes) {
        changes.notes = this.reconcile(body.notes, current.notes, 'notes', details, (input, id, existing) =>
          existing ? { ...existing, text: input.text } : this.newNote(input, actor, now),
        );
      }
      if (body.owned_items) {
        changes.owned_items = this.reconcile(body.owned_items, current.owned_items, 'owned_items', details, (input, id) =>
          ({ ...input, id: id ?? this.store.newId() }) as OwnedItem,
        );
      }
      if (details.length > 0) {
        throw new ApiError('validation_failed', `Invalid body: ${details[0]!.path}: ${details[0]!.message}`, details);
      }
      return changes;
    }, precondition);
  }

  /** Adds a note to the notes as stored now: a concurrent append or edit is never lost. */
  async appendNote(id: string, input: NoteInput, actor: Actor): Promise<Customer> {
    return this.mutate(id, (current, now) => ({ notes: [...current.notes, this.newNote(input, actor, now)] }));
  }

  /** Adds a contact; one marked primary takes over from the primary contact of its type. */
  async appendContact(id: string, input: ContactInput): Promise<Customer> {
    return this.mutate(id, (current) => {
      const contact = toContact(input, this.store.newId());
      const others = current.contacts.map((c) => (contact.primary && c.type === contact.type && c.primary ? { ...c, primary: false } : c));
      return { contacts: [...others, contact] };
    });
  }

  /** Adds a tag (a tag it already has is left as it is). */
  async addTag(id: string, tag: string): Promise<Customer> {
    return this.mutate(id, (current) => (current.tags.includes(tag) ? {} : { tags: [...current.tags, tag] }));
  }

  /** Removes one tag, leaving any added meanwhile. */
  async removeTag(id: string, tag: string): Promise<Customer> {
    return this.mutate(id, (current) => ({ tags: current.tags.filter((t) => t !== tag) }));
  }

  /**
   * Archives the customer (what an editor's delete does): hidden from the list and search,
   * still read by id with its orders, payments, comms and files, and restorable. Only an
   * admin's purge (customer-purge.ts) removes a customer. Archiving an archived customer
   * keeps its first archived_at.
   */
  async archive(id: string, precondition?: Precondition): Promise<Customer> {
    return this.mutate(id, (current, now) => (current.archived_at ? {} : { archived_at: now }), precondition);
  }

  /** Brings an archived customer back into the list and search. */
  async restore(id: string, precondition?: Precondition): Promise<Customer> {
    return this.mutate(id, (current) => (current.archived_at ? { archived_at: null } : {}), precondition);
  }

  async setRelationshipStatus(id: string, status: RelationshipStatus, precondition?: Precondition): Promise<Customer> {
    return this.mutate(id, () => ({ relationship_status: status }), precondition);
  }

  async openTicket(id: string, kind: TicketKind, body: TicketOpen, actor: Actor): Promise<Customer> {
    return this.mutate(id, (current, now) => {
      const ticket: Ticket = {
        id: this.store.newId(),
        active: true,
        opened_date: body.date ?? now,
        resolved_date: null,
        note: body.note,
        opened_by: actor.name,
        opened_by_uid: actor.uid,
        resolved_by: null,
        resolved_by_uid: null,
      };
      return { [kind]: [...current[kind], ticket] };
    });
  }

  /** `indexOrId`: the entry's position in the stored array (oldest first) or its id. */
  async resolveTicket(id: string, kind: TicketKind, indexOrId: string, actor: Actor, precondition?: Precondition): Promise<Customer> {
    return this.mutate(id, (current, now) => {
      const tickets = current[kind];
      const index = /^\d+$/.test(indexOrId) ? Number(indexOrId) : tickets.findIndex((t) => t.id === indexOrId);
      const ticket = tickets[index];
      if (!ticket) throw notFound(ticketNames[kind]);
      if (!ticket.active) throw conflict(`${ticketNames[kind]} ${ticket.id} is already resolved`);
      const resolved: Ticket = {
        ...ticket,
        active: false,
        resolved_date: now,
        resolved_by: actor.name,
        resolved_by_uid: actor.uid,
      };
      return { [kind]: tickets.map((t, i) => (i === index ? resolved : t)) };
    }, precondition);
  }

  /**
   * Reads the customer, checks the client's If-Match against it, applies `change` and writes
   * the changed fields with fresh index fields, in one transaction; returns the customer as
   * stored, with the version of what was written.
   */
  private async mutate(
    id: string,
    change: (current: Customer, now: Date) => Partial<Customer>,
    precondition?: Precondition,
  ): Promise<Customer> {
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(customerPath(id));
      if (!doc) throw notFound('Customer');
      const current = readCustomer(doc.id, doc.data);
      assertVersion(precondition, doc.data, () => current);
      const now = this.clock.now();
      const changes = change(current, now);
      const next = withActiveFlags({ ...current, ...changes, updated_at: now });
      const written: DocData = { ...changes, updated_at: now, ...writeStamp(), ...customerIndexFields(next) };
      tx.update(doc.path, written);
      return { ...next, version: docVersion({ ...doc.data, ...written }) };
    });
  }

  /**
   * The array a PUT sends, matched to the stored one by id: entries with an id update that
   * entry, entries without one are new; an id the customer does not hold is a 400.
   */
  private reconcile<I extends { id?: string | undefined }, T extends { id: string }>(
    inputs: I[],
    existing: T[],
    field: string,
    details: ErrorDetail[],
    build: (input: I, id: string | undefined, existing: T | undefined) => T,
  ): T[] {
    const byId = new Map(existing.map((entry) => [entry.id, entry]));
    return inputs.map((input, index) => {
      if (input.id === undefined) return build(input, undefined, undefined);
      const found = byId.get(input.id);
      if (!found) {
        details.push({ path: `${field}.${index}.id`, message: 'is not an entry of this customer; leave it out for a new one' });
      }
      return build(input, input.id, found);
    });
  }

  private newNote(input: NoteInput, actor: Actor, now: Date): Note {
    return { id: this.store.newId(), text: input.text, by: actor.name, by_uid: actor.uid, at: now };
  }
}
