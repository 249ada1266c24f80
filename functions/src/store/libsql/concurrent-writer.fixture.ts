/**
 * Test fixture run as a separate process by libsql.store.test.ts: opens the same database
 * file and runs `count` transactional increments of field `n` on one document.
 * Usage: node --import tsx concurrent-writer.fixture.ts <file-url> <doc-path> <count>
 */
import { LibsqlDocStore } from './libsql.store.js';

const [url, path, count] = process.argv.slice(2);
const store = await LibsqlDocStore.open({ url: url!, indexes: { indexes: [], fieldOverrides: [] } });
await Promise.all(
  Array.from({ length: Number(count) }, () =>
    store.runTransaction(async (tx) => {
      const doc = await tx.get(path!);
      tx.update(path!, { n: (doc!.data.n as number) + 1 });
    }),
  ),
);
await store.close();
