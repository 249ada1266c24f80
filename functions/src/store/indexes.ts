/**
 * Which queries Firestore can serve with the indexes declared in `firestore.indexes.json`.
 * The libSQL adapter refuses what Firestore would refuse, so a missing index fails in our
 * tests and not in production.
 *
 * Firestore's rules, as modelled here:
 * - Every field has automatic single-field indexes (ascending, descending, array-contains)
 *   with collection scope, unless a fieldOverride for that field replaces them.
 * - Collection-group queries need single-field indexes with COLLECTION_GROUP scope, which
 *   exist only when a fieldOverride declares them.
 * - Equality filters alone (==, in, array-contains, array-contains-any) are served by merging
 *   single-field indexes. So is one ordered field (orderBy and/or inequalities on it) alone.
 * - Anything else (equality plus an ordered field, or several ordered fields) needs composite
 *   indexes: equality fields (in any order) followed by the ordered fields in query order.
 *   Several composites sharing the same ordered suffix may together cover the equality fields.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StoreError } from './docstore.js';
import type { NormalizedQuery } from './query.js';

const scopeSchema = z.enum(['COLLECTION', 'COLLECTION_GROUP']);
const indexFieldSchema = z.union([
  z.object({ fieldPath: z.string().min(1), order: z.enum(['ASCENDING', 'DESCENDING']) }),
  z.object({ fieldPath: z.string().min(1), arrayConfig: z.literal('CONTAINS') }),
]);
const indexConfigSchema = z.object({
  indexes: z
    .array(
      z.object({
        collectionGroup: z.string().min(1),
        queryScope: scopeSchema.default('COLLECTION'),
        fields: z.array(indexFieldSchema).min(1),
      }),
    )
    .default([]),
  fieldOverrides: z
    .array(
      z.object({
        collectionGroup: z.string().min(1),
        fieldPath: z.string().min(1),
        ttl: z.boolean().optional(),
        indexes: z.array(
          z.union([
            z.object({ order: z.enum(['ASCENDING', 'DESCENDING']), queryScope: scopeSchema.default('COLLECTION') }),
            z.object({ arrayConfig: z.literal('CONTAINS'), queryScope: scopeSchema.default('COLLECTION') }),
          ]),
        ),
      }),
    )
    .default([]),
});

export type IndexConfig = z.infer<typeof indexConfigSchema>;
type IndexField = z.infer<typeof indexFieldSchema>;

/** The repository's firestore.indexes.json, found from this file (src/ or lib/ alike). */
export const defaultIndexFile = resolve(dirname(fileURLToPath(import.meta.url)), '../../../firestore.indexes.json');

export function parseIndexConfig(json: unknown, source = 'index config'): IndexConfig {
  const parsed = indexConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadIndexConfig(file: string = defaultIndexFile): IndexConfig {
  return parseIndexConfig(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

/**
 * What one index column must be: an ordered field or an array-contains field. An equality
 * need can use an ordered index of either direction.
 */
type Need = { field: string; kind: 'ASCENDING' | 'DESCENDING' | 'CONTAINS'; equality?: boolean };

function fieldKind(f: IndexField): Need['kind'] {
  return 'arrayConfig' in f ? 'CONTAINS' : f.order;
}

/**
 * Throws StoreError 'failed-precondition' when Firestore would refuse the query for want of
 * an index that `config` does not declare.
 */
export function assertIndexed(query: NormalizedQuery, config: IndexConfig): void {
  const equality: Need[] = [];
  for (const w of query.where) {
    if (w.op === '==' || w.op === 'in') equality.push({ field: w.field, kind: 'ASCENDING', equality: true });
    if (w.op === 'array-contains' || w.op === 'array-contains-any') {
      equality.push({ field: w.field, kind: 'CONTAINS', equality: true });
    }
  }
  const eqFields = new Set(query.where.filter((w) => w.op === '==').map((w) => w.field));
  // Ordering by a field fixed by == changes nothing, and Firestore drops it.
  const ordered: Need[] = query.order
    .filter((o) => !eqFields.has(o.field))
    .map((o) => ({ field: o.field, kind: o.direction === 'asc' ? 'ASCENDING' : 'DESCENDING' }));

  if (ordered.length === 0 || (ordered.length === 1 && equality.length === 0)) {
    for (const need of [...equality, ...ordered]) assertSingleField(query, config, need);
    return;
  }
  assertComposite(query, config, dedupe(equality), ordered);
}

function dedupe(needs: Need[]): Need[] {
  const seen = new Set<string>();
  return needs.filter((n) => {
    const key = `${n.field}\u0000${n.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function assertSingleField(query: NormalizedQuery, config: IndexConfig, need: Need): void {
  const scope = query.scope === 'group' ? 'COLLECTION_GROUP' : 'COLLECTION';
  const override = config.fieldOverrides.find(
    (o) => o.collectionGroup === query.collectionId && o.fieldPath === need.field,
  );
  const serves = (i: IndexConfig['fieldOverrides'][number]['indexes'][number]) => {
    if (i.queryScope !== scope) return false;
    const kind = 'arrayConfig' in i ? 'CONTAINS' : i.order;
    return kind === need.kind || (need.equality === true && need.kind !== 'CONTAINS' && kind !== 'CONTAINS');
  };
  if (override ? override.indexes.some(serves) : scope === 'COLLECTION') return;

  const defaults = [
    { order: 'ASCENDING', queryScope: 'COLLECTION' },
    { order: 'DESCENDING', queryScope: 'COLLECTION' },
    { arrayConfig: 'CONTAINS', queryScope: 'COLLECTION' },
  ];
  const wanted = need.kind === 'CONTAINS' ? { arrayConfig: 'CONTAINS', queryScope: scope } : { order: need.kind, queryScope: scope };
  const suggestion = {
    collectionGroup: query.collectionId,
    fieldPath: need.field,
    indexes: [...(override ? override.indexes : defaults), wanted],
  };
  throw new StoreError(
    'failed-precondition',
    `FAILED_PRECONDITION: The query requires an index. ${describeQuery(query)} needs a ${scope} ` +
      `single-field index on '${need.field}' (${need.kind}). Add to "fieldOverrides" in firestore.indexes.json` +
      `${override ? ' (replacing the existing override for this field)' : ''}: ${JSON.stringify(suggestion)}`,
  );
}

function assertComposite(query: NormalizedQuery, config: IndexConfig, equality: Need[], ordered: Need[]): void {
  const scope = query.scope === 'group' ? 'COLLECTION_GROUP' : 'COLLECTION';
  const covered = new Set<string>();
  let usable = false;
  for (const index of config.indexes) {
    if (index.collectionGroup !== query.collectionId || index.queryScope !== scope) continue;
    const fields = index.fields.filter((f, i) => !(f.fieldPath === '__name__' && i === index.fields.length - 1));
    if (fields.length < ordered.length) continue;
    const prefix = fields.slice(0, fields.length - ordered.length);
    const suffix = fields.slice(fields.length - ordered.length);
    const suffixMatches = suffix.every((f, i) => f.fieldPath === ordered[i]!.field && fieldKind(f) === ordered[i]!.kind);
    if (!suffixMatches) continue;
    const prefixUsable = prefix.every((f) =>
      equality.some((e) => e.field === f.fieldPath && (e.kind === 'CONTAINS') === (fieldKind(f) === 'CONTAINS')),
    );
    if (!prefixUsable) continue;
    usable = true;
    for (const f of prefix) covered.add(f.fieldPath);
  }
  if (usable && equality.every((e) => covered.has(e.field))) return;

  const suggestion = {
    collectionGroup: query.collectionId,
    queryScope: scope,
    fields: [...equality, ...ordered].map((n) =>
      n.kind === 'CONTAINS' ? { fieldPath: n.field, arrayConfig: 'CONTAINS' } : { fieldPath: n.field, order: n.kind },
    ),
  };
  throw new StoreError(
    'failed-precondition',
    `FAILED_PRECONDITION: The query requires an index. ${describeQuery(query)} needs a composite index. ` +
      `Add to "indexes" in firestore.indexes.json: ${JSON.stringify(suggestion)}`,
  );
}

function describeQuery(query: NormalizedQuery): string {
  const parts = [
    ...query.where.map((w) => `${w.field} ${w.op}`),
    ...query.order.map((o) => `orderBy ${o.field} ${o.direction}`),
  ];
  const target = query.scope === 'group' ? `collection group '${query.collection}'` : `'${query.collection}'`;
  return `The query on ${target} (${parts.join(', ') || 'no filters'})`;
}
