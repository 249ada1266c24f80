import type { AuthUser } from '../auth/auth.types.js';
import { indexFieldsOf } from '../customers/customer-index.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import { productIndexFieldsOf } from '../products/products.service.js';
import { actorOf } from '../shared/actor.js';
import { encodeCursor } from '../shared/cursor.js';
import type { DocData } from '../store/docstore.js';
import { valuesEqual } from '../store/values.js';
import { revived, type HistoryRepository } from './history.repository.js';
import { parseField, readAt, writeAt } from './history.restore.js';
import type { HistoryListQuery, HistoryPage, HistorySettings } from './history.schema.js';

/** Index fields derived from a document's data, recomputed when a restore changes it, by kind. */
const indexFieldsByKind: Record<string, (id: string, data: DocData) => DocData> = {
  customers: (id, data) => ({ ...indexFieldsOf(id, data) }),
  products: productIndexFieldsOf,
};

/** Fields another document mirrors (a product's SKU has its reservation): not restored one by one. */
const NOT_RESTORABLE: Record<string, Set<string>> = { products: new Set(['sku']) };

export interface RestoreResult {
  doc: string;
  field: string;
  before: unknown;
  after: unknown;
}

export class HistoryService {
  constructor(
    private readonly deps: AppDeps,
    private readonly repo: HistoryRepository,
  ) {}

  async list(query: HistoryListQuery): Promise<HistoryPage> {
    const page = await this.repo.list(query);
    return {
      entries: page.entries.map(({ path: _path, ...entry }) => entry),
      next_cursor: page.more && page.last !== null ? encodeCursor(page.last) : null,
    };
  }

  /**
   * Puts one field of an entry back to its value before that change. Refused with 412 when
   * the field no longer holds the value the entry left (someone changed it since); the write
   * is stamped with the user and the entry, so it is itself a recorded change.
   */
  async restoreField(id: string, field: string, user: AuthUser): Promise<RestoreResult> {
    const entry = await this.repo.get(id);
    if (!entry) throw notFound('History entry');
    if (entry.action !== 'update') {
      throw unprocessable('Only a field an update changed can be restored', [{ path: 'field', message: `this entry is a ${entry.action}` }]);
    }
    const change = entry.changes.find((c) => c.field === field);
    if (!change) throw unprocessable('This entry did not change that field', [{ path: 'field', message: 'is not a field this entry changed' }]);
    const segments = parseField(field);
    const kind = entry.doc.split('/').at(-2) ?? '';
    const top = segments?.[0] && 'key' in segments[0] ? segments[0].key : null;
    if (!segments || !top || NOT_RESTORABLE[kind]?.has(top)) {
      throw unprocessable('This field cannot be restored on its own', [{ path: 'field', message: 'cannot be restored on its own' }]);
    }
    const expected = revived(change.after);
    const restored = revived(change.before);
    const actor = actorOf(user);
    const now = this.deps.clock.now();
    await this.deps.store.runTransaction(async (tx) => {
      const doc = await tx.get(entry.path);
      if (!doc) throw new ApiError('precondition_failed', 'The document no longer exists', [{ path: 'field', message: 'its document was deleted since' }]);
      const current = readAt(doc.data, segments);
      if (!valuesEqual(revived(current), expected)) {
        throw new ApiError('precondition_failed', 'The field has changed since this entry', [{ path: 'field', message: 'changed since this entry' }], {
          current: revived(current),
        });
      }
      const data: DocData = { ...doc.data, [top]: writeAt(doc.data[top], segments.slice(1), restored) };
      tx.update(doc.path, {
        [top]: data[top] ?? null,
        ...(indexFieldsByKind[kind]?.(doc.id, data) ?? {}),
        updated_at: now,
        updated_by_uid: actor.uid,
        updated_by: actor.name,
        updated_reason: `restore-field:${entry.id}`,
      });
    });
    return { doc: entry.doc, field, before: change.after ?? null, after: change.before ?? null };
  }

  settings(): Promise<HistorySettings> {
    return this.repo.settings();
  }

  async saveSettings(settings: HistorySettings, user: AuthUser): Promise<HistorySettings> {
    const now = this.deps.clock.now();
    await this.repo.saveSettings(settings, user.uid, now);
    await this.repo.purgeExpired(now);
    return this.repo.settings();
  }
}
