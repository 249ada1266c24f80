import type { AuthUser } from '../auth/auth.types.js';
import { indexFieldsOf } from '../customers/customer-index.js';
import type { CustomerCreate } from '../customers/customers.schema.js';
import { CustomersService } from '../customers/customers.service.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError, conflict, notFound } from '../http/errors.js';
import { normalizePhone } from '../search/phone.js';
import { actorOf, writeStamp, type Actor } from '../shared/actor.js';
import { CUSTOMERS, customerPath } from '../shared/collections.js';
import { cursorAfter, type Cursor, type DocData } from '../store/docstore.js';
import { parseStoredJson, valuesEqual } from '../store/values.js';
import { customerImportFields, suggestMapping } from './import.fields.js';
import type { ImportKind } from './import.enums.js';
import { productImportFields, suggestProductMapping } from './import.product-fields.js';
import { ProductImports } from './import.products.js';
import type { ProductPlannedRow } from './import.products.plan.js';
import { parseUpload } from './import.parse.js';
import { countsOf, emptyIndex, indexCustomer, planRows, type MatchIndex, type PlannedRow } from './import.plan.js';
import { chunkUnits, chunkWritten, jsonBytes, type ChunkUnit } from './import.chunks.js';
import { claimState, ImportRepository, type StoredImport, type Written } from './import.repository.js';
import type { ImportView } from './import.schema.js';

const PAGE = 500;
/** A run commits a chunk within seconds: one silent for this long died between chunks. */
const RUN_PRESUMED_DEAD_MS = 10 * 60 * 1000;
/** What a stored customer adds to its row's fields (stamps, index fields, an updated one's own data). */
const CUSTOMER_BYTES = 8 * 1024;
const json = (value: unknown): unknown => parseStoredJson(JSON.stringify(value ?? null));

export class ImportService {
  private readonly repo: ImportRepository;
  private readonly customers: CustomersService;
  private readonly products: ProductImports;

  constructor(private readonly deps: AppDeps) {
    this.repo = new ImportRepository(deps.sql);
    this.customers = new CustomersService(deps.store, deps.clock);
    this.products = new ProductImports(deps);
  }

  /** Every stored customer by its match keys: an import reads them all once, a page at a time. */
  private async matchIndex(): Promise<MatchIndex> {
    const index = emptyIndex();
    let startAfter: Cursor | undefined;
    for (;;) {
      const page = await this.deps.store.query({ collection: CUSTOMERS, limit: PAGE, ...(startAfter ? { startAfter } : {}) });
      for (const doc of page) indexCustomer(index, doc.id, doc.data);
      if (page.length < PAGE) return index;
      startAfter = cursorAfter(page[page.length - 1]!);
    }
  }

  private async plan(item: StoredImport): Promise<PlannedRow[]> {
    return planRows(item.headers, item.rows, item.mapping, await this.matchIndex(), item.choices);
  }

  /** What the view shows of a row, whatever the kind. */
  private preview(item: StoredImport): Promise<(PlannedRow | ProductPlannedRow)[]> {
    return item.kind === 'products' ? this.products.plan(item) : this.plan(item);
  }

  private view(item: StoredImport, planned: (PlannedRow | ProductPlannedRow)[]): ImportView {
    return {
      id: item.id,
      kind: item.kind,
      state: item.state,
      file_name: item.file_name,
      encoding: item.encoding,
      headers: item.headers,
      fields: item.kind === 'products' ? [...productImportFields] : [...customerImportFields],
      mapping: item.mapping,
      choices: item.choices,
      counts: countsOf(planned),
      rows: planned.map(({ row, action, match, duplicate_of, errors, warnings }) => ({ row, action, match, duplicate_of, errors, warnings })),
      not_undone: item.not_undone,
      progress: item.chunks_total === null ? null : { chunks: item.chunks_total, committed: item.chunks_done ?? 0 },
      failure: item.failure,
      created_at: item.created_at,
    };
  }

  private async require(id: string): Promise<StoredImport> {
    const item = await this.repo.get(id);
    if (!item) throw notFound('Import');
    return item;
  }

  async upload(file: { name: string; bytes: Buffer }, kind: ImportKind, user: AuthUser): Promise<ImportView> {
    const parsed = await parseUpload(file.bytes);
    const now = this.deps.clock.now();
    const item: StoredImport = {
      id: this.deps.store.newId(),
      kind,
      state: 'ready',
      file_name: file.name,
      encoding: parsed.encoding,
      headers: parsed.headers,
      rows: parsed.rows,
      mapping: kind === 'products' ? suggestProductMapping(parsed.headers) : suggestMapping(parsed.headers),
      choices: {},
      written: null,
      not_undone: [],
      chunks_total: null,
      chunks_done: null,
      failure: null,
      created_at: now,
      created_by_uid: user.uid,
      updated_at: now,
    };
    await this.repo.insert(item);
    return this.view(item, await this.preview(item));
  }

  async get(id: string): Promise<ImportView> {
    const item = await this.require(id);
    return this.view(item, await this.preview(item));
  }

  async setMapping(id: string, mapping: StoredImport['mapping'], choices: StoredImport['choices']): Promise<ImportView> {
    const item = await this.require(id);
    if (item.state !== 'ready') throw conflict(`This import is ${item.state}: its mapping can no longer change`);
    const unknown = Object.keys(mapping).filter((header) => !item.headers.includes(header));
    if (unknown.length > 0) {
      throw new ApiError('validation_failed', `Invalid body: mapping: no column "${unknown[0]}" in the file`, unknown.map((h) => ({ path: `mapping.${h}`, message: 'is not a column of the file' })));
    }
    const fields: readonly string[] = item.kind === 'products' ? productImportFields : customerImportFields;
    const foreign = Object.entries(mapping).filter(([, field]) => field && !fields.includes(field));
    if (foreign.length > 0) {
      throw new ApiError('validation_failed', `Invalid body: mapping: ${foreign[0]![1]} is not a field of a ${item.kind} import`, foreign.map(([h]) => ({ path: `mapping.${h}`, message: `is not a field of a ${item.kind} import` })));
    }
    // A customer row always needs a name; a product import may only update prices or stock of products it matches.
    if (item.kind === 'customers' && !Object.values(mapping).includes('name')) {
      throw new ApiError('validation_failed', 'Invalid body: mapping: must map a column to name', [{ path: 'mapping', message: 'must map a column to name' }]);
    }
    const next = { ...item, mapping: Object.fromEntries(item.headers.map((h) => [h, mapping[h] ?? null])), choices };
    await this.repo.saveMapping(id, next.mapping, choices, this.deps.clock.now());
    return this.view(next, await this.preview(next));
  }

  /**
   * Runs the import (or, as a dry run, reports what it would do and writes nothing). Rows in
   * error are left out, as the preview shows them. The batch commits all-or-nothing: as one
   * transaction, or on a bounded store (Firestore) in chunks, each recorded on the import as
   * it commits; when a chunk fails, the chunks before it are undone and the import is `failed`.
   */
  async run(id: string, dryRun: boolean, user: AuthUser): Promise<{ dry_run: boolean; counts: ImportView['counts']; import: ImportView }> {
    const item = await this.require(id);
    if (item.state !== 'ready') throw conflict(`This import is ${item.state}`);
    const productRows = item.kind === 'products' ? await this.products.plan(item) : null;
    const customerRows = productRows ? null : await this.plan(item);
    const planned = productRows ?? customerRows!;
    if (dryRun) return { dry_run: true, counts: countsOf(planned), import: this.view(item, planned) };
    if (!(await claimState(this.deps.sql, id, 'ready', 'running', this.deps.clock.now()))) throw conflict('This import is already running');
    const limits = this.deps.store.limits;
    const chunks: (() => Promise<Written[]>)[] = productRows
      ? this.products.chunks(productRows, limits).map((rows) => () => this.products.write(item, rows))
      : chunkUnits(customerUnits(customerRows!), limits).map((rows) => () => this.write(item, rows, user));
    await this.repo.startRun(id, chunks.length, this.deps.clock.now());
    const written: Written[] = [];
    for (const [index, chunk] of chunks.entries()) {
      try {
        const wrote = await chunk();
        written.push(...wrote);
        await this.repo.recordChunk(id, index + 1, wrote, this.deps.clock.now());
      } catch (error) {
        await this.failRun(item, index, chunks.length, written, error);
      }
    }
    await this.repo.markImported(id, this.deps.clock.now());
    const done = await this.require(id);
    return { dry_run: false, counts: countsOf(planned), import: this.view(done, planned) };
  }

  /**
   * A chunk failed. Before any commit the import is ready again, as if the run never started;
   * after some, they are undone (each document only if as the run left it) and the import is
   * `failed` with the reason. Either way the caller gets the error.
   */
  private async failRun(item: StoredImport, index: number, total: number, written: Written[], error: unknown): Promise<never> {
    const reason = error instanceof Error ? error.message : String(error);
    if (written.length === 0) {
      await this.repo.abandonRun(item.id, this.deps.clock.now());
      throw error;
    }
    const failure = `Chunk ${index + 1} of ${total} failed: ${reason}`;
    const notUndone = await this.undoWritten(item, written);
    await this.repo.markFailed(item.id, failure, notUndone, this.deps.clock.now());
    const left = notUndone.length ? `; ${notUndone.length} record(s) could not be undone (listed on the import)` : '';
    throw new ApiError(error instanceof ApiError ? error.code : 'internal', `The import failed and was rolled back. ${failure}${left}`);
  }

  private async write(item: StoredImport, planned: PlannedRow[], user: AuthUser): Promise<Written[]> {
    const actor = actorOf(user);
    const reason = `import:${item.id}`;
    return this.deps.store.runTransaction(async (tx) => {
      const updates = planned.filter((r) => r.action === 'update' && r.match && r.body);
      const paths = [...new Set(updates.map((r) => customerPath(r.match!.id)))];
      const docs = paths.length ? await tx.getAll(paths) : [];
      const now = this.deps.clock.now();
      // Several rows may update one customer: each applies to what the rows before it left.
      const working = new Map<string, { id: string; before: DocData; data: DocData }>();
      for (const doc of docs) if (doc) working.set(doc.path, { id: doc.id, before: doc.data, data: doc.data });
      for (const r of updates) {
        const target = working.get(customerPath(r.match!.id));
        if (!target) throw conflict(`Row ${r.row}: the matched customer was deleted meanwhile; run the import again`);
        const changes = { ...updateFields(target.data, r.body!, this.deps.store.newId.bind(this.deps.store), actor, now), ...r.extra, updated_at: now, ...writeStamp(), updated_reason: reason };
        const next = { ...target.data, ...changes };
        target.data = { ...next, ...indexFieldsOf(target.id, next) };
      }
      const written: Written[] = [];
      for (const [path, target] of working) {
        const fields = Object.fromEntries(Object.entries(target.data).filter(([key, value]) => !valuesEqual(target.before[key], value)));
        if (Object.keys(fields).length > 0) tx.update(path, fields);
        written.push({ path, before: target.before, after: target.data });
      }
      for (const r of planned) {
        if (r.action !== 'create' || !r.body) continue;
        const { customer, stored } = this.customers.newCustomer(r.body, actor);
        const data = { ...stored, ...r.extra, updated_reason: reason };
        tx.create(customerPath(customer.id), data);
        written.push({ path: customerPath(customer.id), before: null, after: data });
      }
      return written;
    });
  }

  /**
   * Undoes a run: each created customer is deleted (archived when an order now refers to
   * it), each updated one gets its previous document back, only when it is as the import left
   * it; everything else is listed with the reason. An import still `running` long after its
   * last chunk (its process died) is undone the same way, from the chunks it recorded.
   */
  async undo(id: string): Promise<ImportView> {
    const item = await this.require(id);
    const died = item.state === 'running' && this.deps.clock.now().getTime() - item.updated_at.getTime() > RUN_PRESUMED_DEAD_MS;
    if (item.state === 'running' && !died) throw conflict('This import is running: it can be undone once it ends');
    if ((item.state !== 'imported' && !died) || !item.written) throw conflict(`This import is ${item.state}: only an imported batch can be undone`);
    // Taken from the dead run first, so that were it to wake up it would stop at its next chunk.
    if (died && !(await claimState(this.deps.sql, id, 'running', 'imported', this.deps.clock.now()))) throw conflict('This import has just changed state; reload it');
    const written = died ? ((await this.require(id)).written ?? []) : item.written;
    const notUndone = await this.undoWritten(item, written);
    await this.repo.markUndone(id, notUndone, this.deps.clock.now());
    return this.get(id);
  }

  /** Puts back what a run wrote, in chunks as the store bounds them; what could not be undone. */
  private async undoWritten(item: StoredImport, written: Written[]): Promise<{ id: string; reason: string }[]> {
    const chunks = chunkWritten(written, this.deps.store.limits);
    if (item.kind === 'products') return this.products.undo(item, chunks);
    const skipped: { id: string; reason: string }[] = [];
    for (const chunk of chunks) skipped.push(...(await this.undoCustomers(item, chunk)));
    return skipped;
  }

  /** One transaction of a customer import's undo. */
  private undoCustomers(item: StoredImport, written: Written[]): Promise<{ id: string; reason: string }[]> {
    return this.deps.store.runTransaction(async (tx) => {
      const current = written.length ? await tx.getAll(written.map((w) => w.path)) : [];
      const referred = await Promise.all(
        written.map(async (w, i) => (w.before === null && current[i] ? (await tx.query({ collection: `${w.path}/orders`, limit: 1 })).length > 0 : false)),
      );
      const now = this.deps.clock.now();
      const skipped: { id: string; reason: string }[] = [];
      written.forEach((w, i) => {
        const doc = current[i];
        const docId = w.path.split('/').pop()!;
        if (!doc) return skipped.push({ id: docId, reason: 'deleted since the import' });
        if (!valuesEqual(json(doc.data), json(w.after))) return skipped.push({ id: docId, reason: 'changed since the import' });
        if (w.before !== null) return tx.set(w.path, json(w.before) as DocData);
        if (!referred[i]) return tx.delete(w.path);
        const archived = { archived_at: now, updated_at: now, ...writeStamp(), updated_reason: `import-undo:${item.id}` };
        tx.update(w.path, { ...archived, ...indexFieldsOf(docId, { ...doc.data, ...archived }) });
        skipped.push({ id: docId, reason: 'archived, not removed: an order refers to it' });
      });
      return skipped;
    });
  }
}

/**
 * A customer import's rows as chunk units: the rows updating one customer together (each
 * applies to what the rows before it left), then each created customer.
 */
function customerUnits(planned: PlannedRow[]): ChunkUnit<PlannedRow>[] {
  const updates = new Map<string, PlannedRow[]>();
  for (const r of planned) {
    if (r.action !== 'update' || !r.match || !r.body) continue;
    const rows = updates.get(r.match.id) ?? [];
    rows.push(r);
    updates.set(r.match.id, rows);
  }
  const unit = (items: PlannedRow[]): ChunkUnit<PlannedRow> => ({ items, writes: 1, bytes: CUSTOMER_BYTES + items.reduce((sum, r) => sum + 3 * jsonBytes(r.body), 0) });
  return [...[...updates.values()].map(unit), ...planned.filter((r) => r.action === 'create' && r.body).map((r) => unit([r]))];
}

/** What an update row changes on a matched customer: the fields it gives; contacts and notes are added, never replaced. */
function updateFields(data: DocData, body: CustomerCreate, newId: () => string, actor: Actor, now: Date): DocData {
  const changes: DocData = {};
  for (const key of ['name', 'title', 'organization', 'religion', 'relationship_status'] as const) {
    if (body[key] !== null && body[key] !== undefined && body[key] !== data[key]) changes[key] = body[key];
  }
  if (body.location) changes.location = { city: '', country: '', region: '', ...(data.location as object | null), ...Object.fromEntries(Object.entries(body.location).filter(([, v]) => v)) };
  const tags = Array.isArray(data.tags) ? (data.tags as string[]) : [];
  if (body.tags.some((t) => !tags.includes(t))) changes.tags = [...new Set([...tags, ...body.tags])];
  const contacts = Array.isArray(data.contacts) ? (data.contacts as DocData[]) : [];
  const key = (type: unknown, value: unknown) => `${String(type)}:${type === 'email' ? String(value).toLowerCase() : (normalizePhone(String(value)) ?? String(value))}`;
  const have = new Set(contacts.map((c) => key(c.type, c.value)));
  const added = body.contacts
    .filter((c) => !have.has(key(c.type, c.value)))
    .map((c) => ({ id: newId(), type: c.type, label: c.label, value: c.value, primary: false, e164: c.type === 'email' ? null : normalizePhone(c.value) }));
  if (added.length) changes.contacts = [...contacts, ...added];
  if (body.notes.length) {
    const notes = Array.isArray(data.notes) ? (data.notes as DocData[]) : [];
    changes.notes = [...notes, ...body.notes.map((n) => ({ id: newId(), text: n.text, by: actor.name, by_uid: actor.uid, at: now }))];
  }
  return changes;
}
