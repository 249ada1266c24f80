/**
 * Applies the libSQL migrations (functions/src/sql/schema) to a database, e.g. Turso before a
 * deploy: `tsx scripts/migrate-sql.ts --url libsql://crm-bellsystems.turso.io --auth-token …`
 * (or `TURSO_AUTH_TOKEN` in the environment), or a local file: `--url file:data/crm.db`.
 */
import { createClient } from '@libsql/client';
import { parseArgs } from 'node:util';
import { migrateSql } from '../functions/src/sql/migrations.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    'auth-token': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || !values.url) {
  console.log('usage: tsx scripts/migrate-sql.ts --url <libsql://…|file:…> [--auth-token <token>]');
  process.exit(values.help ? 0 : 2);
}

const client = createClient({
  url: values.url,
  authToken: values['auth-token'] ?? process.env.TURSO_AUTH_TOKEN,
  timeout: 30_000,
});
try {
  const result = await migrateSql(client);
  console.log(
    result.applied.length > 0
      ? `applied ${result.applied.join(', ')}; schema version ${result.current}`
      : `schema is current (version ${result.current})`,
  );
} finally {
  client.close();
}
