/**
 * The DocStore on Cloud Firestore (firebase-admin). Converts at the port: Date ↔ Timestamp
 * (ISO date-time strings read back as Dates too, like the libSQL adapter), FieldOps →
 * FieldValue, gRPC errors → StoreError. Queries and writes are checked by the same shared
 * rules as the libSQL adapter, so both accept and refuse the same things.
 */
import {
  FieldPath,
  FieldValue,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query as FirestoreQuery,
  type Transaction as FirestoreTransaction,
  type WriteBatch as FirestoreWriteBatch,
} from 'firebase-admin/firestore';
import {
  isFieldTransform,
  StoreError,
  type Doc,
  type DocData,
  type DocStore,
  type FieldTransform,
  type Query,
  type SetOptions,
  type StoreErrorCode,
  type Transaction,
  type TransactionLimits,
  type WriteBatch,
} from '../docstore.js';
import { assertIndexed, type IndexConfig } from '../indexes.js';
import { newDocId, parseDocPath } from '../paths.js';
import { normalizeQuery } from '../query.js';
import { isPlainMap, parseIsoDate } from '../values.js';
import { checkWrite, READS_BEFORE_WRITES, WriteRecorder, type WriteOp } from '../writes.js';

export interface FirestoreStoreOptions {
  /**
   * Declared indexes to check queries against before sending them, as the libSQL adapter
   * does (Firestore itself enforces the deployed ones; emulators enforce none).
   */
  indexes?: IndexConfig;
  /** Attempts for a contended transaction (firebase-admin's default is 5). */
  maxTransactionAttempts?: number;
}

/** gRPC status codes firebase-admin reports, and what they mean at the port. */
const GRPC_CODES: Record<number, StoreErrorCode> = {
  3: 'invalid-argument',
  5: 'not-found',
  6: 'already-exists',
  9: 'failed-precondition',
  10: 'aborted',
};

function mapError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'number' ? GRPC_CODES[code] : undefined;
  if (mapped) return new StoreError(mapped, (error as Error).message);
  return error;
}

async function mapped<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw mapError(error);
  }
}

function transformToFieldValue(t: FieldTransform): FieldValue {
  switch (t.__transform) {
    case 'serverTimestamp':
      return FieldValue.serverTimestamp();
    case 'increment':
      return FieldValue.increment(t.by);
    case 'arrayUnion':
      return FieldValue.arrayUnion(...t.values.map(toFirestore));
    case 'arrayRemove':
      return FieldValue.arrayRemove(...t.values.map(toFirestore));
    case 'delete':
      return FieldValue.delete();
  }
}

/**
 * A port value as Firestore stores it. ISO date-time strings become Timestamps too: they read
 * back as Dates anyway, and the libSQL adapter compares them as timestamps, so queries agree.
 */
function toFirestore(value: unknown): unknown {
  if (value instanceof Date) return Timestamp.fromDate(value);
  if (typeof value === 'string') {
    const date = parseIsoDate(value);
    return date ? Timestamp.fromDate(date) : value;
  }
  if (isFieldTransform(value)) return transformToFieldValue(value);
  if (Array.isArray(value)) return value.map(toFirestore);
  if (isPlainMap(value)) {
    const out: DocData = {};
    for (const [k, v] of Object.entries(value)) out[k] = toFirestore(v);
    return out;
  }
  return value;
}

/** A stored value as the port gives it: Timestamps and ISO date-time strings become Dates. */
function fromFirestore(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate();
  if (typeof value === 'string') return parseIsoDate(value) ?? value;
  if (Array.isArray(value)) return value.map(fromFirestore);
  if (isPlainMap(value)) {
    const out: DocData = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromFirestore(v);
    return out;
  }
  return value;
}

function toDoc(snap: DocumentSnapshot): Doc | null {
  if (!snap.exists) return null;
  return { id: snap.id, path: snap.ref.path, data: fromFirestore(snap.data()) as DocData };
}

/** The writes a Firestore transaction and batch have in common. */
interface RefWriter {
  create(ref: DocumentReference, data: DocData): unknown;
  set(ref: DocumentReference, data: DocData, options: { merge: boolean }): unknown;
  update(ref: DocumentReference, data: DocData): unknown;
  delete(ref: DocumentReference): unknown;
}

function txWriter(ftx: FirestoreTransaction): RefWriter {
  return {
    create: (ref, data) => ftx.create(ref, data),
    set: (ref, data, options) => ftx.set(ref, data, options),
    update: (ref, data) => ftx.update(ref, data),
    delete: (ref) => ftx.delete(ref),
  };
}

function batchWriter(batch: FirestoreWriteBatch): RefWriter {
  return {
    create: (ref, data) => batch.create(ref, data),
    set: (ref, data, options) => batch.set(ref, data, options),
    update: (ref, data) => batch.update(ref, data),
    delete: (ref) => batch.delete(ref),
  };
}

/** Applies recorded writes to a Firestore transaction or batch. */
function applyOps(db: Firestore, target: RefWriter, ops: WriteOp[]): void {
  for (const op of ops) {
    const ref = db.doc(op.path);
    if (op.type === 'create') target.create(ref, toFirestore(op.data) as DocData);
    else if (op.type === 'set') target.set(ref, toFirestore(op.data) as DocData, { merge: op.merge });
    else if (op.type === 'update') target.update(ref, toFirestore(op.data) as DocData);
    else target.delete(ref);
  }
}

/**
 * Writes another module wants committed with each commit's own writes (in the same batch or
 * transaction, so they stand or fall together): given a commit's writes, what to add, at most
 * one write for each given write (the store's `limits` count on it).
 */
export type WriteHook = (ops: WriteOp[]) => WriteOp[];

/** Firestore's classic bound on one commit's writes, and its request size. */
export const FIRESTORE_MAX_WRITES = 500;
export const FIRESTORE_MAX_BYTES = 10 * 2 ** 20;

/** A write's size as JSON: close to what the request carries, and what the limit checks count. */
export function writeBytes(op: WriteOp): number {
  return Buffer.byteLength(op.path, 'utf8') + (op.type === 'delete' ? 0 : Buffer.byteLength(JSON.stringify(op.data), 'utf8'));
}

/**
 * Refuses a commit beyond Firestore's bounds before sending it, so that emulators (which take
 * any size) fail where production would.
 */
function checkCommitSize(ops: WriteOp[]): void {
  if (ops.length > FIRESTORE_MAX_WRITES) {
    throw new StoreError('invalid-argument', `A Firestore commit takes at most ${FIRESTORE_MAX_WRITES} writes; this one has ${ops.length}`);
  }
  const bytes = ops.reduce((sum, op) => sum + writeBytes(op), 0);
  if (bytes > FIRESTORE_MAX_BYTES) throw new StoreError('invalid-argument', `A Firestore commit takes at most 10 MiB; this one has ${bytes} bytes`);
}

export class FirestoreDocStore implements DocStore {
  private readonly indexes: IndexConfig | undefined;
  private readonly maxAttempts: number;
  private readonly writeHooks = new Set<WriteHook>();

  constructor(
    private readonly db: Firestore,
    options: FirestoreStoreOptions = {},
  ) {
    this.indexes = options.indexes;
    this.maxAttempts = options.maxTransactionAttempts ?? 5;
  }

  private ref(path: string): DocumentReference {
    parseDocPath(path);
    return this.db.doc(path);
  }

  /**
   * Adds writes to every commit of this store (the deletion intents the history triggers read
   * to credit a delete to the user who made it); returns what removes the hook. The hook runs
   * in the writer's async context.
   */
  addWriteHook(hook: WriteHook): () => void {
    this.writeHooks.add(hook);
    return () => this.writeHooks.delete(hook);
  }

  get limits(): TransactionLimits {
    return { maxWrites: FIRESTORE_MAX_WRITES, maxBytes: FIRESTORE_MAX_BYTES, sideWritesPerWrite: this.writeHooks.size };
  }

  /** A commit's writes with what the hooks add, checked like the writer's own and against Firestore's bounds. */
  private withHooks(ops: WriteOp[]): WriteOp[] {
    const extra = [...this.writeHooks].flatMap((hook) => hook(ops));
    extra.forEach(checkWrite);
    const all = extra.length ? [...ops, ...extra] : ops;
    checkCommitSize(all);
    return all;
  }

  async get(path: string): Promise<Doc | null> {
    return toDoc(await mapped(this.ref(path).get()));
  }

  async getAll(paths: string[]): Promise<(Doc | null)[]> {
    if (paths.length === 0) return [];
    const snaps = await mapped(this.db.getAll(...paths.map((p) => this.ref(p))));
    return snaps.map(toDoc);
  }

  private async writeOne(op: WriteOp): Promise<void> {
    checkWrite(op);
    const batch = this.db.batch();
    applyOps(this.db, batchWriter(batch), this.withHooks([op]));
    await mapped(batch.commit());
  }

  create(path: string, data: DocData): Promise<void> {
    return this.writeOne({ type: 'create', path, data });
  }

  set(path: string, data: DocData, options?: SetOptions): Promise<void> {
    return this.writeOne({ type: 'set', path, data, merge: options?.merge === true });
  }

  update(path: string, data: DocData): Promise<void> {
    return this.writeOne({ type: 'update', path, data });
  }

  delete(path: string): Promise<void> {
    return this.writeOne({ type: 'delete', path });
  }

  /** The firebase-admin query for a port query (checked, with Firestore's full order spelled out). */
  toQuery(query: Query): FirestoreQuery {
    const q = normalizeQuery(query);
    if (this.indexes) assertIndexed(q, this.indexes);
    let fq: FirestoreQuery = q.scope === 'collection' ? this.db.collection(q.collection) : this.db.collectionGroup(q.collection);
    for (const w of q.where) {
      const value = Array.isArray(w.value) ? w.value.map(toFirestore) : toFirestore(w.value);
      fq = fq.where(w.field, w.op, value);
    }
    for (const o of q.order) fq = fq.orderBy(o.field, o.direction);
    if (q.startAfter) {
      fq = fq.orderBy(FieldPath.documentId(), q.pathDirection);
      fq = fq.startAfter(...q.startAfter.values.map(toFirestore), this.db.doc(q.startAfter.path));
    }
    if (q.limit !== undefined) fq = fq.limit(q.limit);
    return fq;
  }

  async query(query: Query): Promise<Doc[]> {
    const snap = await mapped(this.toQuery(query).get());
    return snap.docs.map((d) => toDoc(d)!);
  }

  async count(query: Query): Promise<number> {
    const snap = await mapped(this.toQuery(query).count().get());
    return snap.data().count;
  }

  async runTransaction<R>(fn: (tx: Transaction) => Promise<R>): Promise<R> {
    return mapped(
      this.db.runTransaction(
        async (ftx) => {
          const tx = new FirestoreTx(this, ftx);
          const result = await fn(tx);
          applyOps(this.db, txWriter(ftx), this.withHooks(tx.ops));
          return result;
        },
        { maxAttempts: this.maxAttempts },
      ),
    );
  }

  batch(): WriteBatch {
    return new FirestoreBatch(this.db, (ops) => this.withHooks(ops));
  }

  newId(): string {
    return newDocId();
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.doc('_health/ping').get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.terminate();
  }

  /** Used by transactions: a checked document reference. */
  docRef(path: string): DocumentReference {
    return this.ref(path);
  }
}

class FirestoreTx extends WriteRecorder implements Transaction {
  constructor(
    private readonly store: FirestoreDocStore,
    private readonly ftx: FirestoreTransaction,
  ) {
    super();
  }

  private assertReading(): void {
    if (this.ops.length > 0) throw new StoreError('invalid-argument', READS_BEFORE_WRITES);
  }

  async get(path: string): Promise<Doc | null> {
    this.assertReading();
    return toDoc(await mapped(this.ftx.get(this.store.docRef(path))));
  }

  async getAll(paths: string[]): Promise<(Doc | null)[]> {
    this.assertReading();
    if (paths.length === 0) return [];
    const snaps = await mapped(this.ftx.getAll(...paths.map((p) => this.store.docRef(p))));
    return snaps.map(toDoc);
  }

  async query(query: Query): Promise<Doc[]> {
    this.assertReading();
    const snap = await mapped(this.ftx.get(this.store.toQuery(query)));
    return snap.docs.map((d) => toDoc(d)!);
  }
}

class FirestoreBatch extends WriteRecorder implements WriteBatch {
  private committed = false;

  constructor(
    private readonly db: Firestore,
    private readonly withHooks: (ops: WriteOp[]) => WriteOp[],
  ) {
    super();
  }

  protected override beforeWrite(): void {
    if (this.committed) throw new StoreError('failed-precondition', 'This batch has been committed');
  }

  async commit(): Promise<void> {
    this.beforeWrite();
    this.committed = true;
    const batch = this.db.batch();
    applyOps(this.db, batchWriter(batch), this.withHooks(this.ops));
    await mapped(batch.commit());
  }
}
