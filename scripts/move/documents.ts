/** Every document of the embedded store, copied whole to Firestore and verified per collection group. */
import type { DocStore } from '../../functions/src/store/docstore.js';
import { DOCS } from '../../functions/src/store/libsql/query-sql.js';
import type { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { Digest } from './canonical.js';
import type { Check, Progress } from './progress.js';

/** Firestore takes at most 500 writes in a batch; MOVE_PAGE_SIZE makes pages smaller (a slow link, a test). */
const PAGE = Math.min(400, Number(process.env.MOVE_PAGE_SIZE) || 400);

export async function copyDocuments(source: LibsqlDocStore, target: DocStore, progress: Progress, save: () => void): Promise<void> {
  let copied = 0;
  for (;;) {
    const rs = await source.client.execute({ sql: `SELECT path FROM ${DOCS} WHERE path > ? ORDER BY path LIMIT ?`, args: [progress.documents ?? '', PAGE] });
    const paths = rs.rows.map((row) => String(row.path));
    if (paths.length === 0) break;
    const docs = await source.getAll(paths);
    const batch = target.batch();
    docs.forEach((doc) => doc && batch.set(doc.path, doc.data));
    await batch.commit();
    copied += paths.length;
    progress.documents = paths.at(-1)!;
    save();
  }
  console.log(`documents: ${copied} copied${progress.documents ? ` (through ${progress.documents})` : ''}`);
}

/** Per collection group (`crm_customers`, `orders`, …): count and hash of every document, read back from each side. */
export async function verifyDocuments(source: LibsqlDocStore, target: DocStore): Promise<Check[]> {
  const rs = await source.client.execute(`SELECT path, grp FROM ${DOCS} ORDER BY grp, path`);
  const byGroup = new Map<string, string[]>();
  for (const row of rs.rows) {
    const group = String(row.grp);
    byGroup.set(group, [...(byGroup.get(group) ?? []), String(row.path)]);
  }
  const checks: Check[] = [];
  for (const [group, paths] of byGroup) {
    const mine = new Digest();
    const theirs = new Digest();
    for (let i = 0; i < paths.length; i += PAGE) {
      const page = paths.slice(i, i + PAGE);
      const [here, there] = await Promise.all([source.getAll(page), target.getAll(page)]);
      here.forEach((doc) => doc && mine.add([doc.path, doc.data]));
      there.forEach((doc) => doc && theirs.add([doc.path, doc.data]));
    }
    checks.push({ name: `documents ${group}`, source: mine.result(), target: theirs.result() });
  }
  return checks;
}
