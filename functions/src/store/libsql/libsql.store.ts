/**
 * The DocStore on libSQL (embedded `file:` database or Turso), with Firestore's semantics.
 *
 * Documents are JSON rows (Dates as ISO text); `docstore_fields` is a single-field index
 * maintained in the same SQL transaction as each write, which queries use for filters and
 * ordering. Writes and transactions of this process are serialised by a mutex and run as
 * BEGIN IMMEDIATE transactions on a connection of their own (a busy timeout and retries cover
 * other processes on the same file); reads outside transactions use the pooled connections
 * of `client`, so they see committed data only. Change events go to `onChange` listeners
 * after each commit, in commit order.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createClient, type Client, type InStatement, type InValue, type Transaction as SqlTransaction } from '@libsql/client';
import {
  StoreError,
  type ChangeListener,
  type Doc,
  type DocChange,
  type DocData,
  type DocStore,
  type Query,
  type SetOptions,
  type Transaction,
  type WriteBatch,
} from '../docstore.js';
import { assertIndexed, loadIndexConfig, type IndexConfig } from '../indexes.js';
import { newDocId, parseDocPath } from '../paths.js';
import { normalizeQuery, type NormalizedQuery } from '../query.js';
import { parseStoredJson } from '../values.js';
import { checkWrite, READS_BEFORE_WRITES, WriteRecorder, type WriteOp } from '../writes.js';
import { applyWrite } from './apply-write.js';
import { entryKey, indexEntries, type IndexEntry } from './field-index.js';
import { Mutex } from './mutex.js';
import { compileCount, compileEstimate, compileQuery, DOCS, driverCandidates, FIELDS } from './query-sql.js';

export interface LibsqlStoreOptions {
  /** `file:data/crm.db` (embedded) or a Turso URL. */
  url: string;
  authToken?: string;
  /** The declared Firestore indexes; defaults to the repository's firestore.indexes.json. */
  indexes?: IndexConfig;
  /** How long a write waits for another process's lock before retrying (ms). */
  busyTimeoutMs?: number;
  /** Where errors thrown by change listeners go (the write itself has committed). */
  onListenerError?: (error: unknown, change: DocChange) => void;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ${DOCS} (
    path TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    grp TEXT NOT NULL,
    data TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS ${DOCS}_scope ON ${DOCS} (scope, path)`,
  `CREATE INDEX IF NOT EXISTS ${DOCS}_grp ON ${DOCS} (grp, path)`,
  // v has no type affinity, so numbers stay numbers and text stays text.
  `CREATE TABLE IF NOT EXISTS ${FIELDS} (
    scope TEXT NOT NULL,
    grp TEXT NOT NULL,
    field TEXT NOT NULL,
    kind INTEGER NOT NULL,
    t INTEGER NOT NULL,
    v BLOB NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (scope, field, kind, t, v, path)
  ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS ${FIELDS}_grp ON ${FIELDS} (grp, field, kind, t, v, path)`,
  `CREATE INDEX IF NOT EXISTS ${FIELDS}_doc ON ${FIELDS} (path, field, kind)`,
];

const MAX_ATTEMPTS = 5;
/** Cached planner estimates kept at most (the cache starts over when full). */
const ESTIMATE_CACHE_SIZE = 1000;
/** Index rows counted, at most, to estimate how selective a filter is. */
const ESTIMATE_CAP = 5000;
/** Paths per SELECT … IN (…), well under SQLite's parameter limit. */
const READ_CHUNK = 1000;
/** Rows per multi-row INSERT (7 parameters each, well under SQLite's parameter limit). */
const INSERT_CHUNK = 400;

type Executor = Pick<Client, 'execute'> | SqlTransaction;

function decode(json: string): DocData {
  return parseStoredJson(json) as DocData;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readDocs(db: Executor, paths: string[]): Promise<(Doc | null)[]> {
  const parsed = paths.map(parseDocPath);
  if (parsed.length === 0) return [];
  const unique = [...new Set(paths)];
  const found = new Map<string, string>();
  for (let i = 0; i < unique.length; i += READ_CHUNK) {
    const chunk = unique.slice(i, i + READ_CHUNK);
    const rs = await db.execute({
      sql: `SELECT path, data FROM ${DOCS} WHERE path IN (${chunk.map(() => '?').join(', ')})`,
      args: chunk,
    });
    for (const row of rs.rows) found.set(row.path as string, row.data as string);
  }
  return parsed.map((p) => {
    const json = found.get(p.path);
    return json === undefined ? null : { id: p.id, path: p.path, data: decode(json) };
  });
}

/** Counts index rows for the query planner (see chooseDriver). */
type Estimator = (statement: { sql: string; args: InValue[] }) => Promise<number>;

async function countRows(db: Executor, statement: InStatement): Promise<number> {
  return Number((await db.execute(statement)).rows[0]!.n);
}

/**
 * Which equality filter, if any, the query should start from (see compileInner): the one with
 * the fewest matching index rows. An ordered query with a limit starts from its order field
 * instead when that is cheaper: scanning it in order stops after about limit × N / m rows
 * (N documents have the field, m match the filter), while starting from the filter reads m
 * rows and sorts them.
 */
async function chooseDriver(estimate: Estimator, q: NormalizedQuery, forCount: boolean): Promise<number | null> {
  const candidates = driverCandidates(q);
  if (candidates.length === 0) return null;
  if (candidates.length === 1 && q.order.length === 0) return candidates[0]!;
  const ordersWithLimit = q.order.length > 0 && !forCount && q.limit !== undefined;
  // With an order and a limit, a filter matching more rows than this never pays (see below).
  const cap = ordersWithLimit ? Math.ceil(Math.sqrt(4 * q.limit! * ESTIMATE_CAP)) : ESTIMATE_CAP;
  let best = candidates[0]!;
  let matches = Infinity;
  for (const candidate of candidates) {
    const n = await estimate(compileEstimate(q, { filter: candidate }, cap));
    if (n < matches) [best, matches] = [candidate, n];
  }
  if (!ordersWithLimit) return best;
  const worthIt = Math.ceil((matches * matches) / (4 * q.limit!));
  if (matches >= cap || worthIt >= ESTIMATE_CAP) return null;
  const withField = await estimate(compileEstimate(q, { orderField: q.order[0]!.field }, worthIt + 1));
  return withField > worthIt ? best : null;
}

async function runQuery(db: Executor, estimate: Estimator, q: NormalizedQuery): Promise<Doc[]> {
  const rs = await db.execute(compileQuery(q, await chooseDriver(estimate, q, false)));
  return rowsToDocs(rs.rows);
}

async function runCount(db: Executor, estimate: Estimator, q: NormalizedQuery): Promise<number> {
  return countRows(db, compileCount(q, await chooseDriver(estimate, q, true)));
}

function rowsToDocs(rows: Record<string, unknown>[]): Doc[] {
  return rows.map((row) => {
    const path = row.path as string;
    return { id: path.slice(path.lastIndexOf('/') + 1), path, data: decode(row.data as string) };
  });
}

/** The statements that turn the index rows for `before` into those for `after`. */
function indexStatements(path: string, before: DocData | null, after: DocData | null): InStatement[] {
  const { collection, collectionId } = parseDocPath(path);
  const oldEntries = new Map((before ? indexEntries(before) : []).map((e) => [entryKey(e), e]));
  const newEntries = new Map((after ? indexEntries(after) : []).map((e) => [entryKey(e), e]));
  const removed = [...oldEntries].filter(([k]) => !newEntries.has(k)).map(([, e]) => e);
  const added = [...newEntries].filter(([k]) => !oldEntries.has(k)).map(([, e]) => e);
  const statements: InStatement[] = [];
  if (!after) {
    statements.push({ sql: `DELETE FROM ${FIELDS} WHERE path = ?`, args: [path] });
  } else {
    for (let i = 0; i < removed.length; i += INSERT_CHUNK) {
      const chunk = removed.slice(i, i + INSERT_CHUNK);
      statements.push({
        sql: `DELETE FROM ${FIELDS} WHERE scope = ? AND path = ? AND (field, kind, t, v) IN (VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')})`,
        args: [collection, path, ...chunk.flatMap((e) => [e.field, e.kind, e.t, e.v])],
      });
    }
  }
  for (let i = 0; i < added.length; i += INSERT_CHUNK) {
    const chunk: IndexEntry[] = added.slice(i, i + INSERT_CHUNK);
    statements.push({
      sql: `INSERT INTO ${FIELDS} (scope, grp, field, kind, t, v, path) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      args: chunk.flatMap((e): InValue[] => [collection, collectionId, e.field, e.kind, e.t, e.v, path]),
    });
  }
  return statements;
}

export class LibsqlDocStore implements DocStore {
  private readonly writeLock = new Mutex();
  private readonly listeners = new Set<ChangeListener>();
  /**
   * Index row counts the planner asked for, until this process next writes. They only steer
   * the choice of plan, so a count gone stale by another process's write costs speed, never
   * correctness.
   */
  private estimates = new Map<string, number>();
  /** Set while a transaction callback runs, to refuse store writes that would wait on it forever. */
  private readonly insideTransaction = new AsyncLocalStorage<boolean>();

  private constructor(
    /** The underlying libSQL client; other modules may keep their own tables in the same database. */
    readonly client: Client,
    /**
     * This store's own connection for write transactions, used under `writeLock` only. Kept
     * apart from `client` so that it can be reset after a lock timeout without touching the
     * connections other modules use.
     */
    private readonly writer: Client,
    private readonly indexes: IndexConfig,
    private readonly onListenerError: (error: unknown, change: DocChange) => void,
  ) {}

  static async open(options: LibsqlStoreOptions): Promise<LibsqlDocStore> {
    const indexes = options.indexes ?? loadIndexConfig();
    const config = { url: options.url, authToken: options.authToken, timeout: options.busyTimeoutMs ?? 5000 };
    const client = createClient(config);
    let writer: Client | undefined;
    try {
      if (options.url.startsWith('file:')) {
        if (/^file::memory:|mode=memory/.test(options.url)) {
          throw new Error('LibsqlDocStore needs a database file (reads run beside transactions); use a temp file');
        }
        await client.execute('PRAGMA journal_mode = WAL');
      }
      await client.batch(SCHEMA, 'write');
      writer = createClient({ ...config, concurrency: 1 });
    } catch (error) {
      client.close();
      writer?.close();
      throw error;
    }
    const report =
      options.onListenerError ??
      ((error: unknown, change: DocChange) => console.error(`DocStore change listener failed for ${change.path}:`, error));
    return new LibsqlDocStore(client, writer, indexes, report);
  }

  /**
   * Calls `listener` with every committed change, in commit order, one per written document
   * (a transaction or batch reports after it commits). A write resolves once the listeners it
   * called have settled; a listener's error is reported, never thrown to the writer.
   */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs fn while no DocStore write of this process runs: for callers that keep an
   * interactive SQL transaction open on `client` across awaits.
   */
  async withWriteLock<R>(fn: () => Promise<R>): Promise<R> {
    this.assertNotInTransaction();
    return this.writeLock.run(fn);
  }

  async get(path: string): Promise<Doc | null> {
    return (await readDocs(this.client, [path]))[0]!;
  }

  async getAll(paths: string[]): Promise<(Doc | null)[]> {
    return readDocs(this.client, paths);
  }

  create(path: string, data: DocData): Promise<void> {
    return this.write([{ type: 'create', path, data }]);
  }

  set(path: string, data: DocData, options?: SetOptions): Promise<void> {
    return this.write([{ type: 'set', path, data, merge: options?.merge === true }]);
  }

  update(path: string, data: DocData): Promise<void> {
    return this.write([{ type: 'update', path, data }]);
  }

  delete(path: string): Promise<void> {
    return this.write([{ type: 'delete', path }]);
  }

  async query(query: Query): Promise<Doc[]> {
    return runQuery(this.client, this.estimate, this.plan(query));
  }

  async count(query: Query): Promise<number> {
    return runCount(this.client, this.estimate, this.plan(query));
  }

  /** A cached index row count (see `estimates`); transactions use it too. */
  readonly estimate: Estimator = async (statement) => {
    const key = `${statement.sql}\u0000${JSON.stringify(statement.args)}`;
    const cached = this.estimates.get(key);
    if (cached !== undefined) return cached;
    const n = await countRows(this.client, statement);
    if (this.estimates.size >= ESTIMATE_CACHE_SIZE) this.estimates.clear();
    this.estimates.set(key, n);
    return n;
  };

  /** The checked query (refused when it needs an undeclared index); transactions use it too. */
  plan(query: Query): NormalizedQuery {
    const normalized = normalizeQuery(query);
    assertIndexed(normalized, this.indexes);
    return normalized;
  }

  async runTransaction<R>(fn: (tx: Transaction) => Promise<R>): Promise<R> {
    this.assertNotInTransaction();
    const { result, settled } = await this.writeLock.run(async () => {
      const done = await this.inSqlTransaction(async (sqlTx) => {
        const tx = new LibsqlTransaction(sqlTx, this);
        const value = await this.insideTransaction.run(true, () => fn(tx));
        return { value, changes: await commitOps(sqlTx, tx.ops) };
      });
      if (done.changes.length > 0) this.estimates = new Map();
      return { result: done.value, settled: this.dispatch(done.changes) };
    });
    await settled;
    return result;
  }

  batch(): WriteBatch {
    return new LibsqlBatch(this);
  }

  newId(): string {
    return newDocId();
  }

  async ping(): Promise<boolean> {
    try {
      await this.client.execute('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.writeLock.run(async () => {
      this.writer.close();
      this.client.close();
    });
  }

  /** Commits ops atomically (one SQL transaction), then tells the listeners; batches use it. */
  async write(ops: WriteOp[]): Promise<void> {
    ops.forEach(checkWrite);
    this.assertNotInTransaction();
    // Wrapped, so the lock is released before the listeners settle (they may write too).
    const { settled } = await this.writeLock.run(async () => {
      const changes = await this.inSqlTransaction((sqlTx) => commitOps(sqlTx, ops));
      this.estimates = new Map();
      return { settled: this.dispatch(changes) };
    });
    await settled;
  }

  assertNotInTransaction(): void {
    if (this.insideTransaction.getStore()) {
      throw new StoreError(
        'failed-precondition',
        'This store cannot write, or start a transaction, inside a transaction callback: use the transaction object',
      );
    }
  }

  /** BEGIN IMMEDIATE … COMMIT around fn, retried (fn reruns) while another connection holds the lock. */
  private async inSqlTransaction<R>(fn: (sqlTx: SqlTransaction) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      let sqlTx: SqlTransaction | undefined;
      try {
        sqlTx = await this.writer.transaction('write');
        const result = await fn(sqlTx);
        await sqlTx.commit();
        return result;
      } catch (error) {
        sqlTx?.close();
        if (!isBusy(error)) throw error;
        // A statement that failed with SQLITE_BUSY stays open on its connection in
        // @libsql/client (a later COMMIT then fails with "SQL statements in progress"), so
        // the writer starts over on fresh connections.
        await this.writer.reconnect();
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreError('aborted', `The database stayed locked by another connection (${attempt} attempts)`);
        }
        await sleep(20 * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }

  /** Calls the listeners synchronously (so calls are in commit order); resolves when they settle. */
  private dispatch(changes: DocChange[]): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          const result = listener(change);
          if (result) pending.push(Promise.resolve(result).catch((error: unknown) => this.onListenerError(error, change)));
        } catch (error) {
          this.onListenerError(error, change);
        }
      }
    }
    return Promise.all(pending).then(() => undefined);
  }
}

/** Applies ops in order inside an open SQL transaction; returns one change per written document. */
async function commitOps(sqlTx: SqlTransaction, ops: WriteOp[]): Promise<DocChange[]> {
  if (ops.length === 0) return [];
  const paths = [...new Set(ops.map((op) => op.path))];
  const loaded = await readDocs(sqlTx, paths);
  const before = new Map(paths.map((p, i) => [p, loaded[i]?.data ?? null]));
  const current = new Map(before);
  const now = new Date();
  for (const op of ops) current.set(op.path, applyWrite(current.get(op.path) ?? null, op, now));

  const statements: InStatement[] = [];
  const changes: DocChange[] = [];
  for (const path of paths) {
    const old = before.get(path) ?? null;
    const next = current.get(path) ?? null;
    if (!old && !next) continue;
    const { collection, collectionId } = parseDocPath(path);
    let stored: DocData | null = null;
    if (next) {
      const json = JSON.stringify(next);
      statements.push({
        sql: `INSERT INTO ${DOCS} (path, scope, grp, data) VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET data = excluded.data`,
        args: [path, collection, collectionId, json],
      });
      // What a read will return (ISO strings revive as Dates), so events match reads.
      stored = decode(json);
    } else {
      statements.push({ sql: `DELETE FROM ${DOCS} WHERE path = ?`, args: [path] });
    }
    statements.push(...indexStatements(path, old, stored));
    changes.push({ path, before: old, after: stored });
  }
  await sqlTx.batch(statements);
  return changes;
}

class LibsqlTransaction extends WriteRecorder implements Transaction {
  constructor(
    private readonly sqlTx: SqlTransaction,
    private readonly store: LibsqlDocStore,
  ) {
    super();
  }

  private assertReading(): void {
    if (this.ops.length > 0) throw new StoreError('invalid-argument', READS_BEFORE_WRITES);
  }

  async get(path: string): Promise<Doc | null> {
    this.assertReading();
    return (await readDocs(this.sqlTx, [path]))[0]!;
  }

  async getAll(paths: string[]): Promise<(Doc | null)[]> {
    this.assertReading();
    return readDocs(this.sqlTx, paths);
  }

  async query(query: Query): Promise<Doc[]> {
    this.assertReading();
    return runQuery(this.sqlTx, this.store.estimate, this.store.plan(query));
  }
}

class LibsqlBatch extends WriteRecorder implements WriteBatch {
  private committed = false;

  constructor(private readonly store: LibsqlDocStore) {
    super();
  }

  protected override beforeWrite(): void {
    if (this.committed) throw new StoreError('failed-precondition', 'This batch has been committed');
  }

  async commit(): Promise<void> {
    this.beforeWrite();
    this.committed = true;
    await this.store.write(this.ops);
  }
}
