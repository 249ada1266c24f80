/** The libSQL store's Transaction and WriteBatch: writes recorded, then committed by the store. */
import type { Transaction as SqlTransaction } from '@libsql/client';
import { StoreError, type Doc, type Query, type Transaction, type WriteBatch } from '../docstore.js';
import { READS_BEFORE_WRITES, WriteRecorder, type WriteOp } from '../writes.js';
import { readDocs } from './doc-rows.js';
import type { QueryPlanner } from './query-planner.js';

/** Reads inside the open SQL transaction; its recorded writes are committed by the store after fn. */
export class LibsqlTransaction extends WriteRecorder implements Transaction {
  constructor(
    private readonly sqlTx: SqlTransaction,
    private readonly planner: QueryPlanner,
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
    return this.planner.query(this.sqlTx, query);
  }
}

export class LibsqlBatch extends WriteRecorder implements WriteBatch {
  private committed = false;

  /** `write` commits the recorded ops atomically (the store's write). */
  constructor(private readonly write: (ops: WriteOp[]) => Promise<void>) {
    super();
  }

  protected override beforeWrite(): void {
    if (this.committed) throw new StoreError('failed-precondition', 'This batch has been committed');
  }

  async commit(): Promise<void> {
    this.beforeWrite();
    this.committed = true;
    await this.write(this.ops);
  }
}
