/** Write transactions on libSQL, retried while another connection (another process) holds the file's lock. */
import type { Client, Transaction as SqlTransaction } from '@libsql/client';
import { StoreError } from '../docstore.js';

const MAX_ATTEMPTS = 5;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * BEGIN IMMEDIATE … COMMIT around fn on `writer`, retried (fn reruns) with backoff while
 * another connection holds the lock; StoreError 'aborted' when it stays locked.
 */
export async function inSqlTransaction<R>(writer: Client, fn: (sqlTx: SqlTransaction) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    let sqlTx: SqlTransaction | undefined;
    try {
      sqlTx = await writer.transaction('write');
      const result = await fn(sqlTx);
      await sqlTx.commit();
      return result;
    } catch (error) {
      sqlTx?.close();
      if (!isBusy(error)) throw error;
      // A statement that failed with SQLITE_BUSY stays open on its connection in
      // @libsql/client (a later COMMIT then fails with "SQL statements in progress"), so
      // the writer starts over on fresh connections.
      await writer.reconnect();
      if (attempt >= MAX_ATTEMPTS) {
        throw new StoreError('aborted', `The database stayed locked by another connection (${attempt} attempts)`);
      }
      await sleep(20 * 2 ** attempt * (0.5 + Math.random()));
    }
  }
}
