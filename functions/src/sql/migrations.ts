import type { Client } from '@libsql/client';
import { createHash } from 'node:crypto';
import { sqlMigrations } from './schema/index.js';
import type { SqlMigration } from './sql-migration.js';

export type { SqlMigration };

export interface MigrateResult {
  /** Versions this call applied (empty when the schema was current). */
  applied: number[];
  /** The highest version recorded after the call. */
  current: number;
}

const createLedger = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** How long a process waits for another one holding the write lock (e.g. migrating too). */
const BUSY_WAIT_MS = 30_000;

/**
 * Brings the libSQL schema up to date: applies every migration not yet recorded in
 * `schema_migrations`, each in its own write transaction together with its ledger row.
 * Safe when several processes start at once: the ledger row is written first in the
 * transaction, so a loser fails on its primary key, rolls back and finds the step done.
 */
export async function migrateSql(client: Client, migrations: SqlMigration[] = sqlMigrations): Promise<MigrateResult> {
  assertWellFormed(migrations);
  await withBusyRetry(() => client.execute(createLedger));
  const applied: number[] = [];
  let recorded = await readLedger(client);
  assertNotAhead(migrations, recorded);
  for (const migration of migrations) {
    const checksum = checksumOf(migration);
    const existing = recorded.get(migration.version);
    if (existing !== undefined) {
      assertUnchanged(migration, existing);
      continue;
    }
    try {
      await withBusyRetry(() =>
        client.batch(
          [
            {
              sql: 'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
              args: [migration.version, migration.name, checksum, new Date().toISOString()],
            },
            ...migration.statements,
          ],
          'write',
        ),
      );
      applied.push(migration.version);
    } catch (err) {
      recorded = await readLedger(client);
      const winner = recorded.get(migration.version);
      if (winner === undefined) {
        throw new Error(`SQL migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`, {
          cause: err,
        });
      }
      assertUnchanged(migration, winner);
    }
  }
  recorded = applied.length > 0 ? await readLedger(client) : recorded;
  return { applied, current: Math.max(0, ...recorded.keys()) };
}

interface LedgerRow {
  name: string;
  checksum: string;
}

async function readLedger(client: Client): Promise<Map<number, LedgerRow>> {
  const rs = await withBusyRetry(() => client.execute('SELECT version, name, checksum FROM schema_migrations'));
  return new Map(
    rs.rows.map((row) => [Number(row.version), { name: String(row.name), checksum: String(row.checksum) }]),
  );
}

function checksumOf(migration: SqlMigration): string {
  return createHash('sha256').update(migration.statements.join('\n;\n')).digest('hex');
}

/**
 * Migrations only go forward, so a server older than its database (a rollback of the code
 * after an upgrade ran its migrations) would read tables it does not know: refuse to start.
 */
function assertNotAhead(migrations: SqlMigration[], recorded: Map<number, LedgerRow>): void {
  const known = migrations.at(-1)?.version ?? 0;
  const newest = Math.max(0, ...recorded.keys());
  if (newest <= known) return;
  throw new Error(
    `This database's schema is at version ${newest} (${recorded.get(newest)?.name}), newer than this server knows (${known}): ` +
      'migrations only go forward; run the newer release, or restore a backup taken before the upgrade',
  );
}

function assertUnchanged(migration: SqlMigration, recorded: LedgerRow): void {
  if (recorded.checksum !== checksumOf(migration)) {
    throw new Error(
      `SQL migration ${migration.version} (${migration.name}) differs from the one applied to this database; ` +
        'migrations are forward-only: add a new migration instead of editing an applied one',
    );
  }
}

function assertWellFormed(migrations: SqlMigration[]): void {
  // Versions rise strictly; a number may be skipped (one reserved by a change that never shipped).
  migrations.forEach((migration, i) => {
    const previous = i === 0 ? 0 : migrations[i - 1]!.version;
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`SQL migrations must be numbered in rising order; found ${migration.version} after ${previous}`);
    }
  });
}

/** SQLITE_BUSY: another connection holds the write lock (a file database without a busy timeout). */
function isBusy(err: unknown): boolean {
  const e = err as { code?: string; rawCode?: number; message?: string };
  return e.code === 'SQLITE_BUSY' || e.rawCode === 5 || /database is locked/i.test(e.message ?? '');
}

async function withBusyRetry<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
