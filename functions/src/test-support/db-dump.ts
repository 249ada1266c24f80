import type { Client, InValue } from '@libsql/client';

/** Every row of every table, each table's rows sorted: equal dumps mean nothing was written. */
export type DatabaseDump = Record<string, string[]>;

/**
 * Left out: the sign-in throttle's counts (http/auth-throttle.ts) are the one thing a refused
 * request writes, on purpose (a wrong password counts against the account).
 */
const countersOfRefusals = new Set(['auth_throttle']);

export async function dumpDatabase(client: Client): Promise<DatabaseDump> {
  const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  const dump: DatabaseDump = {};
  for (const row of tables.rows) {
    const name = String(row.name);
    if (countersOfRefusals.has(name)) continue;
    const result = await client.execute(`SELECT * FROM "${name.replaceAll('"', '""')}"`);
    dump[name] = result.rows.map((r) => JSON.stringify(result.columns.map((column) => printable(r[column] as InValue)))).sort();
  }
  return dump;
}

function printable(value: InValue): unknown {
  if (value instanceof ArrayBuffer) return `blob:${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return `bigint:${value}`;
  return value;
}

/** What differs between two dumps, table by table: rows only before (-) and only after (+). */
export function diffDumps(before: DatabaseDump, after: DatabaseDump): string[] {
  const lines: string[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const now = new Set(after[table] ?? []);
    for (const row of was) if (!now.has(row)) lines.push(`${table} - ${row.slice(0, 300)}`);
    for (const row of now) if (!was.has(row)) lines.push(`${table} + ${row.slice(0, 300)}`);
  }
  return lines;
}
