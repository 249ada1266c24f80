import { createClient } from '@libsql/client';
import { rmSync } from 'node:fs';
for (const s of ['', '-wal', '-shm']) rmSync('/tmp/exp7.db' + s, { force: true });
const c = createClient({ url: 'file:/tmp/exp7.db', concurrency: 1 });
await c.execute("CREATE TABLE t (id TEXT PRIMARY KEY, customer_id TEXT, x TEXT, UNIQUE (x, customer_id))");
await c.execute("CREATE INDEX tc ON t (customer_id)");
await c.execute("CREATE VIRTUAL TABLE f USING fts5(body, prefix='2 3')");
await c.execute("INSERT INTO t (rowid, id, customer_id) VALUES (5, 'a', 'c1')");
try { await c.execute("INSERT INTO t (rowid, id, customer_id, x) VALUES (5, 'b', 'c1', 'q') ON CONFLICT (x, customer_id) DO NOTHING"); } catch (e) { const err = e as { message: string; code: string; extendedCode: string }; console.log('conflict:', err.message, err.code, err.extendedCode); }
for (const q of [
  "SELECT rowid FROM f WHERE f MATCH 'a*' ORDER BY rowid DESC LIMIT 5",
  "SELECT c.id FROM f JOIN t c ON c.rowid = f.rowid WHERE f MATCH 'a*' AND f.rowid < 100 ORDER BY f.rowid DESC LIMIT 5",
  "SELECT c.id FROM t c WHERE c.customer_id = 'c1' AND c.rowid < 100 ORDER BY c.rowid DESC LIMIT 5",
  "SELECT c.id FROM t c WHERE c.customer_id = 'c1' AND EXISTS (SELECT 1 FROM f WHERE f MATCH 'a*' AND f.rowid = c.rowid) ORDER BY c.rowid DESC LIMIT 5",
  "SELECT c.id FROM t c WHERE c.rowid < 100 ORDER BY c.rowid DESC LIMIT 5",
]) console.log((await c.execute('EXPLAIN QUERY PLAN ' + q)).rows.map((r) => r.detail).join(' | '));
c.close();
