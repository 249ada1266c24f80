/**
 * The storage port. Services use only this interface; the Firestore and libSQL adapters
 * implement it with Firestore's semantics (see DESIGN.md, "Storage port").
 *
 * Paths are slash-separated document paths: `crm_customers/abc`,
 * `crm_customers/abc/orders/xyz`. Timestamps are `Date` objects on both sides of the port.
 */

export type DocData = Record<string, unknown>;

export interface Doc<T extends DocData = DocData> {
  /** The last path segment. */
  id: string;
  /** The full document path. */
  path: string;
  data: T;
}

export type WhereOp =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not-in'
  | 'array-contains'
  | 'array-contains-any';

export interface Where {
  /** A field path, dotted for nested fields (`payment_status.balance_due`). */
  field: string;
  op: WhereOp;
  value: unknown;
}

export interface OrderBy {
  field: string;
  direction?: 'asc' | 'desc';
}

/** Where the next page starts: the orderBy values and the path of the previous page's last doc. */
export interface Cursor {
  values: unknown[];
  path: string;
}

export interface Query {
  /** A collection path (`crm_customers`, `crm_customers/abc/orders`); or use collectionGroup. */
  collection?: string;
  /** A collection id queried across every parent (`orders`). */
  collectionGroup?: string;
  where?: Where[];
  orderBy?: OrderBy[];
  limit?: number;
  /**
   * Start after this cursor. Adapters order by document path after the given orderBy
   * (in the direction of the last orderBy), so pages never repeat or skip a document.
   */
  startAfter?: Cursor;
}

export interface SetOptions {
  merge?: boolean;
}

/**
 * Field transforms, usable as values in create, set and update. They are adapter-neutral
 * sentinels; each adapter turns them into its own operation.
 */
export type FieldTransform =
  | { readonly __transform: 'serverTimestamp' }
  | { readonly __transform: 'increment'; readonly by: number }
  | { readonly __transform: 'arrayUnion'; readonly values: unknown[] }
  | { readonly __transform: 'arrayRemove'; readonly values: unknown[] }
  | { readonly __transform: 'delete' };

export const FieldOps = {
  serverTimestamp: (): FieldTransform => ({ __transform: 'serverTimestamp' }),
  increment: (by: number): FieldTransform => ({ __transform: 'increment', by }),
  arrayUnion: (...values: unknown[]): FieldTransform => ({ __transform: 'arrayUnion', values }),
  arrayRemove: (...values: unknown[]): FieldTransform => ({ __transform: 'arrayRemove', values }),
  delete: (): FieldTransform => ({ __transform: 'delete' }),
};

export function isFieldTransform(value: unknown): value is FieldTransform {
  return typeof value === 'object' && value !== null && '__transform' in value;
}

/** Writes shared by transactions and batches. `update` keys may be dotted field paths. */
export interface DocWriter {
  create(path: string, data: DocData): void;
  set(path: string, data: DocData, options?: SetOptions): void;
  update(path: string, data: DocData): void;
  delete(path: string): void;
}

/** Firestore rule: every read of a transaction comes before its first write. */
export interface Transaction extends DocWriter {
  get(path: string): Promise<Doc | null>;
  getAll(paths: string[]): Promise<(Doc | null)[]>;
  query(query: Query): Promise<Doc[]>;
}

export interface WriteBatch extends DocWriter {
  commit(): Promise<void>;
}

/**
 * What one transaction may hold on a store that bounds it (Firestore: 500 writes and a 10 MiB
 * request). A store without it (libSQL) takes any transaction whole.
 */
export interface TransactionLimits {
  /** Writes per commit, the store's side writes included. */
  maxWrites: number;
  /** Bytes per commit request. */
  maxBytes: number;
  /** Side writes the store may add to a commit for each of the caller's writes (Firestore's write hooks). */
  sideWritesPerWrite: number;
}

export interface DocStore {
  /** Present when transactions are bounded: a large job then commits in chunks within them. */
  readonly limits?: TransactionLimits;
  get(path: string): Promise<Doc | null>;
  getAll(paths: string[]): Promise<(Doc | null)[]>;
  /** Fails with StoreError 'already-exists' when the document exists. */
  create(path: string, data: DocData): Promise<void>;
  set(path: string, data: DocData, options?: SetOptions): Promise<void>;
  /** Fails with StoreError 'not-found' when the document is missing. */
  update(path: string, data: DocData): Promise<void>;
  delete(path: string): Promise<void>;
  query(query: Query): Promise<Doc[]>;
  count(query: Query): Promise<number>;
  /** Runs fn atomically, retrying it on contention; fn may run more than once. */
  runTransaction<R>(fn: (tx: Transaction) => Promise<R>): Promise<R>;
  batch(): WriteBatch;
  /** A new random document id (20 chars, as Firestore's auto ids). */
  newId(): string;
  /** Whether the backing store answers; used by the health check. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export type StoreErrorCode =
  | 'not-found'
  | 'already-exists'
  | 'failed-precondition'
  | 'aborted'
  | 'invalid-argument';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A committed change to one document, as a Firestore onDocumentWritten trigger sees it. */
export interface DocChange {
  path: string;
  before: DocData | null;
  after: DocData | null;
}

export type ChangeListener = (change: DocChange) => void | Promise<void>;

/** The cursor that continues a query after `doc`. */
export function cursorAfter(doc: Doc, orderBy: OrderBy[] = []): Cursor {
  return { values: orderBy.map((o) => readField(doc.data, o.field)), path: doc.path };
}

/** Reads a dotted field path; undefined when any segment is missing. */
export function readField(data: DocData, field: string): unknown {
  let value: unknown = data;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as DocData)[part];
  }
  return value;
}
