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
 *
 * This class wires the parts together: schema.ts (tables), doc-rows.ts (reads),
 * query-planner.ts (queries), commit-ops.ts (writes as SQL), retry.ts (busy retries),
 * change-dispatch.ts (listeners), transaction-batch.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createClient, type Client } from '@libsql/client';
import {
  StoreError,
  type ChangeListener,
  type Doc,
  type DocData,
  type DocStore,
  type Query,
  type SetOptions,
  type Transaction,
  type WriteBatch,
} from '../docstore.js';
import { loadIndexConfig, type IndexConfig } from '../indexes.js';
import { newDocId } from '../paths.js';
import { checkWrite, type WriteOp } from '../writes.js';
import { ChangeDispatcher, type ListenerErrorHandler } from './change-dispatch.js';
import { commitOps, type CommitHook } from './commit-ops.js';
import { readDocs } from './doc-rows.js';
import { Mutex } from '../../shared/mutex.js';
import { QueryPlanner } from './query-planner.js';
import { inSqlTransaction } from './retry.js';
import { prepareDatabase } from './schema.js';
import { LibsqlBatch, LibsqlTransaction } from './transaction-batch.js';

export interface LibsqlStoreOptions {
  /** `file:data/crm.db` (embedded) or a Turso URL. */
  url: string;
  authToken?: string;
  /** The declared Firestore indexes; defaults to the repository's firestore.indexes.json. */
  indexes?: IndexConfig;
  /** How long a write waits for another process's lock before retrying (ms). */
  busyTimeoutMs?: number;
  /** Where errors thrown by change listeners go (the write itself has committed). */
  onListenerError?: ListenerErrorHandler;
}

export class LibsqlDocStore implements DocStore {
  private readonly writeLock = new Mutex();
  /** Set while a transaction callback runs, to refuse store writes that would wait on it forever. */
  private readonly insideTransaction = new AsyncLocalStorage<boolean>();
  private readonly planner: QueryPlanner;
  private readonly commitHooks = new Set<CommitHook>();

  private constructor(
    /** The underlying libSQL client; other modules may keep their own tables in the same database. */
    readonly client: Client,
    /**
     * This store's own connection for write transactions, used under `writeLock` only. Kept
     * apart from `client` so that it can be reset after a lock timeout without touching the
     * connections other modules use.
     */
    private readonly writer: Client,
    indexes: IndexConfig,
    private readonly changes: ChangeDispatcher,
  ) {
    this.planner = new QueryPlanner(client, indexes);
  }

  static async open(options: LibsqlStoreOptions): Promise<LibsqlDocStore> {
    const indexes = options.indexes ?? loadIndexConfig();
    const config = { url: options.url, authToken: options.authToken, timeout: options.busyTimeoutMs ?? 5000 };
    const client = createClient(config);
    let writer: Client | undefined;
    try {
      await prepareDatabase(client, options.url);
      writer = createClient({ ...config, concurrency: 1 });
    } catch (error) {
      client.close();
      writer?.close();
      throw error;
    }
    return new LibsqlDocStore(client, writer, indexes, new ChangeDispatcher(options.onListenerError));
  }

  /**
   * Calls `listener` with every committed change, in commit order, one per written document
   * (a transaction or batch reports after it commits). A write resolves once the listeners it
   * called have settled; a listener's error is reported, never thrown to the writer.
   */
  onChange(listener: ChangeListener): () => void {
    return this.changes.add(listener);
  }

  /**
   * Adds statements to every write's own SQL transaction (they commit or roll back with the
   * documents, so what they record cannot be lost or made up); returns what removes the hook.
   * The hook runs in the writer's async context.
   */
  addCommitHook(hook: CommitHook): () => void {
    this.commitHooks.add(hook);
    return () => this.commitHooks.delete(hook);
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
    return this.planner.query(this.client, query);
  }

  async count(query: Query): Promise<number> {
    return this.planner.count(this.client, query);
  }

  async runTransaction<R>(fn: (tx: Transaction) => Promise<R>): Promise<R> {
    this.assertNotInTransaction();
    const { result, settled } = await this.writeLock.run(async () => {
      const done = await inSqlTransaction(this.writer, async (sqlTx) => {
        const tx = new LibsqlTransaction(sqlTx, this.planner);
        const value = await this.insideTransaction.run(true, () => fn(tx));
        return { value, changes: await commitOps(sqlTx, tx.ops, this.commitHooks) };
      });
      if (done.changes.length > 0) this.planner.forgetEstimates();
      return { result: done.value, settled: this.changes.dispatch(done.changes) };
    });
    await settled;
    return result;
  }

  batch(): WriteBatch {
    return new LibsqlBatch((ops) => this.write(ops));
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
      const changes = await inSqlTransaction(this.writer, (sqlTx) => commitOps(sqlTx, ops, this.commitHooks));
      this.planner.forgetEstimates();
      return { settled: this.changes.dispatch(changes) };
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
}
