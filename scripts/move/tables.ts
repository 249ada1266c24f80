/**
 * The libSQL tables (comms log, media index, journals, history, …) copied to Turso with their
 * rowids, which the timeline orders by and the full-text index is keyed on. The store's own
 * tables go to Firestore instead, the accounts to Firebase Auth, and what only matters to one
 * running server (sign-in throttle, the migration ledger, FTS internals) stays.
 */
import type { Client, InValue } from '@libsql/client';
import { DOCS, FIELDS } from '../../functions/src/store/libsql/query-sql.js';
import { Digest } from './canonical.js';
import type { Check, Progress } from './progress.js';

/** Rows per batch written to Turso; MOVE_PAGE_SIZE makes pages smaller (a slow link, a test). */
const PAGE = Math.min(500, Number(process.env.MOVE_PAGE_SIZE) || 500);
const notMoved = new Set([DOCS, FIELDS, 'schema_migrations', 'auth_users', 'auth_throttle']);

interface Table {
  name: string;
  columns: string[];
  withRowid: boolean;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function tablesToMove(client: Client): Promise<Table[]> {
  const rs = await client.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
  const all = rs.rows.map((row) => ({ name: String(row.name), sql: String(row.sql ?? '') }));
  const virtual = all.filter((table) => /^CREATE VIRTUAL TABLE/i.test(table.sql)).map((table) => table.name);
  const tables: Table[] = [];
  for (const { name, sql } of all) {
    if (name.startsWith('sqlite_') || notMoved.has(name)) continue;
    // fts5 keeps its index in shadow tables (<name>_data, _idx, …): inserting into the table rebuilds them.
    if (virtual.some((v) => name.startsWith(`${v}_`))) continue;
    const info = await client.execute(`PRAGMA table_info(${quote(name)})`);
    tables.push({ name, columns: info.rows.map((row) => String(row.name)), withRowid: !/WITHOUT\s+ROWID/i.test(sql) });
  }
  return tables;
}

export async function copyTables(source: Client, target: Client, progress: Progress, save: () => void): Promise<void> {
  for (const table of await tablesToMove(source)) {
    const cols = table.columns.map(quote).join(', ');
    let copied = 0;
    if (!table.withRowid) {
      const rs = await source.execute(`SELECT ${cols} FROM ${quote(table.name)}`);
      const marks = table.columns.map(() => '?').join(', ');
      await target.batch(rs.rows.map((row) => ({ sql: `INSERT OR IGNORE INTO ${quote(table.name)} (${cols}) VALUES (${marks})`, args: table.columns.map((c) => row[c] as InValue) })), 'write');
      console.log(`table ${table.name}: ${rs.rows.length} rows`);
      continue;
    }
    for (;;) {
      const after = progress.tables[table.name] ?? 0;
      const rs = await source.execute({ sql: `SELECT rowid AS move_rowid, ${cols} FROM ${quote(table.name)} WHERE rowid > ? ORDER BY rowid LIMIT ?`, args: [after, PAGE] });
      if (rs.rows.length === 0) break;
      const marks = ['?', ...table.columns.map(() => '?')].join(', ');
      // Only where the rowid is free: a run after an interruption does not write a row twice.
      const insert = `INSERT INTO ${quote(table.name)} (rowid, ${cols}) SELECT ${marks} WHERE NOT EXISTS (SELECT 1 FROM ${quote(table.name)} WHERE rowid = ?)`;
      await target.batch(
        rs.rows.map((row) => ({ sql: insert, args: [row.move_rowid as InValue, ...table.columns.map((c) => row[c] as InValue), row.move_rowid as InValue] })),
        'write',
      );
      copied += rs.rows.length;
      progress.tables[table.name] = Number(rs.rows.at(-1)!.move_rowid);
      save();
    }
    console.log(`table ${table.name}: ${copied} rows copied`);
  }
}

async function digest(client: Client, table: Table): Promise<{ count: number; hash: string }> {
  const cols = table.columns.map(quote).join(', ');
  const order = table.withRowid ? 'rowid' : table.columns.map(quote).join(', ');
  const digest = new Digest();
  const rs = await client.execute(`SELECT ${table.withRowid ? 'rowid AS move_rowid, ' : ''}${cols} FROM ${quote(table.name)} ORDER BY ${order}`);
  for (const row of rs.rows) digest.add([...(table.withRowid ? [row.move_rowid] : []), ...table.columns.map((c) => row[c])]);
  return digest.result();
}

export async function verifyTables(source: Client, target: Client): Promise<Check[]> {
  const checks: Check[] = [];
  for (const table of await tablesToMove(source)) {
    checks.push({ name: `table ${table.name}`, source: await digest(source, table), target: await digest(target, table) });
  }
  return checks;
}
