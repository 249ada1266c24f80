/**
 * Query validation and the order Firestore gives results, shared by both adapters so they
 * accept and refuse the same queries and page the same way.
 */
import { isFieldTransform, StoreError, type Query, type Where, type WhereOp } from './docstore.js';
import { parseCollectionId, parseCollectionPath, parseDocPath } from './paths.js';
import { checkValue } from './values.js';

export type Direction = 'asc' | 'desc';

export interface OrderKey {
  field: string;
  direction: Direction;
}

export interface NormalizedQuery {
  scope: 'collection' | 'group';
  /** The collection path (collection scope) or the collection id (group scope). */
  collection: string;
  /** The collection id that index definitions name (`collectionGroup` in firestore.indexes.json). */
  collectionId: string;
  where: Where[];
  /** Explicit orderBy, then inequality fields not ordered explicitly (as Firestore orders them). */
  order: OrderKey[];
  /** How many of `order` the caller gave explicitly (a cursor carries one value for each). */
  explicitOrderCount: number;
  /** Document path is the final tie-breaker, in the direction of the last order key. */
  pathDirection: Direction;
  limit?: number;
  startAfter?: { values: unknown[]; path: string };
}

const OPS: ReadonlySet<WhereOp> = new Set<WhereOp>([
  '==', '!=', '<', '<=', '>', '>=', 'in', 'not-in', 'array-contains', 'array-contains-any',
]);
export const RANGE_OPS: ReadonlySet<WhereOp> = new Set<WhereOp>(['<', '<=', '>', '>=']);
/** Ops that need the field ordered in an index (Firestore's "inequality" filters). */
export const INEQUALITY_OPS: ReadonlySet<WhereOp> = new Set<WhereOp>(['<', '<=', '>', '>=', '!=', 'not-in']);
const LIST_OPS: ReadonlySet<WhereOp> = new Set<WhereOp>(['in', 'not-in', 'array-contains-any']);

function bad(message: string): StoreError {
  return new StoreError('invalid-argument', message);
}

function checkField(field: unknown, what: string): string {
  if (typeof field !== 'string' || field === '' || field.split('.').some((p) => p === '')) {
    throw bad(`Invalid field path in ${what}: ${JSON.stringify(field)}`);
  }
  return field;
}

function checkQueryValue(value: unknown, field: string): void {
  if (isFieldTransform(value)) throw bad(`Field transforms cannot be used in a query (field '${field}')`);
  checkValue(value, field);
}

export function normalizeQuery(query: Query): NormalizedQuery {
  if ((query.collection === undefined) === (query.collectionGroup === undefined)) {
    throw bad('A query names exactly one of collection or collectionGroup');
  }
  const scope = query.collection !== undefined ? 'collection' : 'group';
  const collection = query.collection ?? query.collectionGroup!;
  const collectionId = scope === 'collection' ? parseCollectionPath(collection) : parseCollectionId(collection);

  const where = (query.where ?? []).map((w): Where => {
    const field = checkField(w.field, 'where');
    if (!OPS.has(w.op)) throw bad(`Unknown where operator '${String(w.op)}'`);
    if (LIST_OPS.has(w.op)) {
      if (!Array.isArray(w.value) || w.value.length === 0) {
        throw bad(`'${w.op}' on '${field}' needs a non-empty array of values`);
      }
      const max = w.op === 'not-in' ? 10 : 30;
      if (w.value.length > max) throw bad(`'${w.op}' on '${field}' takes at most ${max} values`);
      w.value.forEach((v, i) => checkQueryValue(v, `${field}[${i}]`));
    } else {
      checkQueryValue(w.value, field);
    }
    if (RANGE_OPS.has(w.op) && w.value === null) throw bad(`'${w.op}' cannot compare '${field}' with null`);
    return { field, op: w.op, value: w.value };
  });
  const count = (ops: WhereOp[]) => where.filter((w) => ops.includes(w.op)).length;
  if (count(['array-contains', 'array-contains-any']) > 1) {
    throw bad('A query can use at most one array-contains or array-contains-any filter');
  }
  if (count(['not-in']) > 1 || (count(['not-in']) === 1 && count(['!=']) > 0)) {
    throw bad("A query can use at most one 'not-in' filter, and not together with '!='");
  }

  const explicit = (query.orderBy ?? []).map((o): OrderKey => {
    const direction = o.direction ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') throw bad(`Invalid orderBy direction '${String(direction)}'`);
    return { field: checkField(o.field, 'orderBy'), direction };
  });
  if (new Set(explicit.map((o) => o.field)).size !== explicit.length) throw bad('orderBy names a field twice');
  const lastDirection: Direction = explicit[explicit.length - 1]?.direction ?? 'asc';
  const implicitFields = [...new Set(where.filter((w) => INEQUALITY_OPS.has(w.op)).map((w) => w.field))]
    .filter((f) => !explicit.some((o) => o.field === f))
    .sort();
  const order = [...explicit, ...implicitFields.map((field) => ({ field, direction: lastDirection }))];

  let limit: number | undefined;
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 1) throw bad(`limit must be a positive integer, not ${query.limit}`);
    limit = query.limit;
  }

  let startAfter: NormalizedQuery['startAfter'];
  if (query.startAfter !== undefined) {
    const { values, path } = query.startAfter;
    if (!Array.isArray(values) || values.length !== explicit.length) {
      throw bad(`The cursor has ${Array.isArray(values) ? values.length : 'no'} values; the query orders by ${explicit.length} fields`);
    }
    if (implicitFields.length > 0) {
      throw bad(`To page a query with an inequality on ${implicitFields.join(', ')}, order by that field explicitly`);
    }
    values.forEach((v, i) => checkQueryValue(v, `cursor value ${i}`));
    const doc = parseDocPath(path);
    if (scope === 'collection' ? doc.collection !== collection : doc.collectionId !== collectionId) {
      throw bad(`The cursor document '${path}' is not in '${collection}'`);
    }
    startAfter = { values, path };
  }

  return {
    scope,
    collection,
    collectionId,
    where,
    order,
    explicitOrderCount: explicit.length,
    pathDirection: lastDirection,
    limit,
    startAfter,
  };
}
