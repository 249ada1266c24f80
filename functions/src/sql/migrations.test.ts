import { createClient, type Client } from '@libsql/client';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateSql, type SqlMigration } from './migrations.js';
import { sqlMigrations } from './schema/index.js';

let dir: string;
let url: string;
const clients: Client[] = [];

function open(): Client {
  const client = createClient({ url });
  clients.push(client);
  return client;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-sql-'));
  url = `file:${join(dir, 'crm.db')}`;
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  rmSync(dir, { recursive: true, force: true });
});

const latest = sqlMigrations.at(-1)!.version;

async function tableNames(client: Client): Promise<string[]> {
  const rs = await client.execute("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name");
  return rs.rows.map((r) => String(r.name));
}

describe('migrateSql', () => {
  it('creates the comms and media tables on a fresh database and records each version', async () => {
    const client = open();
    const result = await migrateSql(client);
    expect(result).toEqual({ applied: sqlMigrations.map((m) => m.version), current: latest });
    const tables = await tableNames(client);
    expect(tables).toEqual(
      expect.arrayContaining(['crm_comms_log', 'crm_comms_fts', 'crm_comms_address_map', 'crm_media', 'schema_migrations']),
    );
    const ledger = await client.execute('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(ledger.rows.map((r) => [Number(r.version), r.name])).toEqual(sqlMigrations.map((m) => [m.version, m.name]));
  });

  it('is idempotent: a second run applies nothing and keeps the data', async () => {
    const client = open();
    await migrateSql(client);
    await client.execute(
      "INSERT INTO crm_comms_log (id, type, direction, occurred_at, created_at, updated_at) VALUES ('a', 'note', 'internal', 't', 't', 't')",
    );
    expect(await migrateSql(client)).toEqual({ applied: [], current: latest });
    const rs = await client.execute('SELECT count(*) AS n FROM crm_comms_log');
    expect(Number(rs.rows[0]!.n)).toBe(1);
  });

  it('applies each migration once when several clients race on one file', async () => {
    const racers = [open(), open(), open(), open()];
    const results = await Promise.all(racers.map((c) => migrateSql(c)));
    const appliedCounts = sqlMigrations.map((m) => results.filter((r) => r.applied.includes(m.version)).length);
    expect(appliedCounts).toEqual(sqlMigrations.map(() => 1));
    expect(results.every((r) => r.current === latest)).toBe(true);
  });

  it('applies each migration once when separate processes race (scripts/migrate-sql.ts)', async () => {
    const run = promisify(execFile);
    const root = resolve(import.meta.dirname, '../../..');
    const outputs = await Promise.all(
      [1, 2, 3].map(() =>
        run(process.execPath, ['--import', 'tsx', 'scripts/migrate-sql.ts', '--url', url], { cwd: root }),
      ),
    );
    // Each migration is its own transaction, so the racers may share the work between them;
    // what must hold is that every version was applied by exactly one of them.
    const appliedBy = outputs.flatMap((o) => /^applied ([\d, ]+);/.exec(o.stdout)?.[1]?.split(', ').map(Number) ?? []);
    expect(appliedBy.sort((a, b) => a - b)).toEqual(sqlMigrations.map((m) => m.version));
    const rs = await open().execute('SELECT count(*) AS n FROM schema_migrations');
    // Numbers may be skipped (reserved by work not merged), so count the migrations, not the last number.
    expect(Number(rs.rows[0]!.n)).toBe(sqlMigrations.length);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const client = open();
    const first: SqlMigration = { version: 1, name: 'one', statements: ['CREATE TABLE crm_t (a TEXT)'] };
    await migrateSql(client, [first]);
    const edited = { ...first, statements: ['CREATE TABLE crm_t (a TEXT, b TEXT)'] };
    await expect(migrateSql(client, [edited])).rejects.toThrow(/forward-only/);
  });

  it('refuses a database migrated by a newer release, and changes nothing in it', async () => {
    const client = open();
    const one: SqlMigration = { version: 1, name: 'one', statements: ['CREATE TABLE crm_t (a TEXT)'] };
    const two: SqlMigration = { version: 2, name: 'two', statements: ['CREATE TABLE crm_u (a TEXT)'] };
    await migrateSql(client, [one, two]);
    await expect(migrateSql(client, [one])).rejects.toThrow(/schema is at version 2 \(two\), newer than this server knows \(1\)/);
    const rs = await client.execute('SELECT version FROM schema_migrations ORDER BY version');
    expect(rs.rows.map((r) => Number(r.version))).toEqual([1, 2]);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const client = open();
    const good: SqlMigration = { version: 1, name: 'good', statements: ['CREATE TABLE crm_a (x TEXT)'] };
    const bad: SqlMigration = {
      version: 2,
      name: 'bad',
      statements: ['CREATE TABLE crm_b (x TEXT)', 'INSERT INTO crm_missing VALUES (1)'],
    };
    await expect(migrateSql(client, [good, bad])).rejects.toThrow(/migration 2 \(bad\) failed/);
    expect(await tableNames(client)).toContain('crm_a');
    expect(await tableNames(client)).not.toContain('crm_b');
    const rs = await client.execute('SELECT version FROM schema_migrations');
    expect(rs.rows.map((r) => Number(r.version))).toEqual([1]);
  });

  it('rejects a migration list out of order or with a version twice', async () => {
    const client = open();
    const one: SqlMigration = { version: 1, name: 'one', statements: [] };
    const three: SqlMigration = { version: 3, name: 'three', statements: [] };
    await expect(migrateSql(client, [three, one])).rejects.toThrow(/rising order; found 1 after 3/);
    await expect(migrateSql(client, [one, one])).rejects.toThrow(/rising order; found 1 after 1/);
  });

  it('has FTS5 in the file-mode client', async () => {
    const client = open();
    await migrateSql(client);
    await client.execute({ sql: 'INSERT INTO crm_comms_fts (rowid, subject, body) VALUES (1, ?, ?)', args: ['mpimpis', 'kampana'] });
    const rs = await client.execute({ sql: 'SELECT rowid FROM crm_comms_fts WHERE crm_comms_fts MATCH ?', args: ['kamp*'] });
    expect(rs.rows.map((r) => Number(r.rowid))).toEqual([1]);
  });
});
