/**
 * Compiles a normalized query to SQL over the field index, so that filters and ordering are
 * index lookups and only the result page's documents are read.
 *
 * Each order key and each filter joins one row of `docstore_fields` for the same document
 * (a field has one value row per document, and an array element at most one element row),
 * so a join never multiplies rows; array-contains-any, which could match several elements,
 * is an EXISTS probe instead. The inner query yields paths and order keys only; the outer
 * one reads the documents of that page.
 */
import type { InValue } from '@libsql/client';
import { StoreError, type Where } from '../docstore.js';
import type { NormalizedQuery } from '../query.js';
import { encodeValue, KIND_ELEMENT, KIND_VALUE, T, type Encoded } from './field-index.js';

export const DOCS = 'docstore_docs';
export const FIELDS = 'docstore_fields';

export interface CompiledQuery {
  sql: string;
  args: InValue[];
}

interface Builder {
  args: InValue[];
  /** Column naming the query's scope in both tables: the collection path, or the collection id. */
  scopeColumn: 'scope' | 'grp';
  scope: string;
}

/** A numbered parameter, so SQL fragments may be assembled in any order. */
function arg(b: Builder, value: InValue): string {
  b.args.push(value);
  return `?${b.args.length}`;
}

/** Filter rows matching a list of values, grouped by type so each group is one IN lookup. */
function inValues(b: Builder, alias: string, values: unknown[]): string {
  const byType = new Map<number, Encoded['v'][]>();
  for (const value of values) {
    const e = encodeValue(value);
    byType.set(e.t, [...(byType.get(e.t) ?? []), e.v]);
  }
  const groups = [...byType].map(
    ([t, vs]) => `(${alias}.t = ${arg(b, t)} AND ${alias}.v IN (${vs.map((v) => arg(b, v)).join(', ')}))`,
  );
  return `(${groups.join(' OR ')})`;
}

/** The condition on a value-row alias for one filter. */
function valueCondition(b: Builder, alias: string, w: Where): string {
  switch (w.op) {
    case '==': {
      const e = encodeValue(w.value);
      return `${alias}.t = ${arg(b, e.t)} AND ${alias}.v = ${arg(b, e.v)}`;
    }
    case '!=': {
      if (w.value === null) return `${alias}.t <> ${T.null}`;
      const e = encodeValue(w.value);
      return `${alias}.t <> ${T.null} AND NOT (${alias}.t = ${arg(b, e.t)} AND ${alias}.v = ${arg(b, e.v)})`;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const e = encodeValue(w.value);
      if (e.t === T.array || e.t === T.map) {
        throw new StoreError('invalid-argument', `This store cannot range over whole arrays or maps ('${w.field}' ${w.op})`);
      }
      return `${alias}.t = ${arg(b, e.t)} AND ${alias}.v ${w.op} ${arg(b, e.v)}`;
    }
    case 'in':
      return inValues(b, alias, w.value as unknown[]);
    case 'not-in':
      return `${alias}.t <> ${T.null} AND NOT ${inValues(b, alias, w.value as unknown[])}`;
    default:
      throw new Error(`not a value filter: ${w.op}`);
  }
}

function fieldRow(b: Builder, alias: string, field: string, kind: number): string {
  return `${alias}.${b.scopeColumn} = ${arg(b, b.scope)} AND ${alias}.field = ${arg(b, field)} AND ${alias}.kind = ${kind}`;
}

/**
 * Filters that can drive a query from the index (one row per matching document): equality
 * and array-contains on a field that is not also an order key.
 */
export function driverCandidates(q: NormalizedQuery): number[] {
  const ordered = new Set(q.order.map((o) => o.field));
  return q.where.flatMap((w, i) => ((w.op === '==' || w.op === 'array-contains') && !ordered.has(w.field) ? [i] : []));
}

/** SQL counting (up to `cap`) the index rows a driver candidate matches, or the rows of an order field. */
export function compileEstimate(q: NormalizedQuery, what: { filter: number } | { orderField: string }, cap: number): CompiledQuery {
  const b: Builder = { args: [], scopeColumn: q.scope === 'collection' ? 'scope' : 'grp', scope: q.collection };
  let where: string;
  if ('filter' in what) {
    const w = q.where[what.filter]!;
    const e = encodeValue(w.value);
    const kind = w.op === 'array-contains' ? KIND_ELEMENT : KIND_VALUE;
    where = `${fieldRow(b, 'e', w.field, kind)} AND e.t = ${arg(b, e.t)} AND e.v = ${arg(b, e.v)}`;
  } else {
    where = fieldRow(b, 'e', what.orderField, KIND_VALUE);
  }
  return { sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${FIELDS} e WHERE ${where} LIMIT ${arg(b, cap)})`, args: b.args };
}

/**
 * The inner query: paths (and order keys) of the matching documents, ordered, limited,
 * after the cursor. Joins run in the order written (CROSS JOIN): from the `driver` filter's
 * rows when given (then sorted), else from the first order key's rows in index order (so a
 * LIMIT stops the scan early), else from the first filter or the collection's documents.
 */
function compileInner(q: NormalizedQuery, forCount: boolean, driver: number | null) {
  const b: Builder = { args: [], scopeColumn: q.scope === 'collection' ? 'scope' : 'grp', scope: q.collection };
  const joins: string[] = [];
  const conditions: string[] = [];
  let base = '';
  let basePath = '';
  const addRow = (alias: string, field: string, kind: number, extra?: string) => {
    const on = `${fieldRow(b, alias, field, kind)}${extra ? ` AND ${extra}` : ''}`;
    if (!base) {
      base = `${FIELDS} ${alias}`;
      basePath = `${alias}.path`;
      conditions.push(on);
    } else {
      joins.push(`CROSS JOIN ${FIELDS} ${alias} ON ${alias}.path = ${basePath} AND ${on}`);
    }
  };
  const addFilter = (w: Where, i: number) => {
    const alias = `f${i}`;
    if (w.op === 'array-contains') {
      const e = encodeValue(w.value);
      addRow(alias, w.field, KIND_ELEMENT, `${alias}.t = ${arg(b, e.t)} AND ${alias}.v = ${arg(b, e.v)}`);
    } else {
      addRow(alias, w.field, KIND_VALUE, valueCondition(b, alias, w));
    }
  };

  if (driver !== null) addFilter(q.where[driver]!, driver);
  const ordered = new Set(q.order.map((o) => o.field));
  q.order.forEach((o, i) => {
    const alias = `o${i}`;
    // Filters on an ordered field sit on that field's order row (one value row per field).
    const onField = q.where.filter((w) => w.field === o.field && w.op !== 'array-contains' && w.op !== 'array-contains-any');
    const extra = onField.map((w) => valueCondition(b, alias, w)).join(' AND ');
    addRow(alias, o.field, KIND_VALUE, extra || undefined);
  });
  const exists: Where[] = [];
  q.where.forEach((w, i) => {
    if (i === driver) return;
    if (w.op === 'array-contains-any') exists.push(w);
    else if (w.op === 'array-contains' || !ordered.has(w.field)) addFilter(w, i);
  });
  if (!base) {
    base = `${DOCS} d0`;
    basePath = 'd0.path';
    conditions.push(`d0.${b.scopeColumn} = ${arg(b, q.collection)}`);
  }
  exists.forEach((w, i) => {
    const alias = `x${i}`;
    conditions.push(
      `EXISTS (SELECT 1 FROM ${FIELDS} ${alias} WHERE ${alias}.path = ${basePath} AND ` +
        `${fieldRow(b, alias, w.field, KIND_ELEMENT)} AND ${inValues(b, alias, w.value as unknown[])})`,
    );
  });

  const keys: string[] = [];
  const dirs: string[] = [];
  q.order.forEach((o, i) => {
    keys.push(`o${i}.t`, `o${i}.v`);
    dirs.push(o.direction, o.direction);
  });
  keys.push(basePath);
  dirs.push(q.pathDirection);

  if (q.startAfter) {
    const cursor: InValue[] = [];
    q.startAfter.values.forEach((v) => {
      const e = encodeValue(v);
      cursor.push(e.t, e.v);
    });
    cursor.push(q.startAfter.path);
    conditions.push(cursorCondition(b, keys, dirs, cursor));
  }

  const select = keys.map((k, i) => `${k} AS k${i}`).join(', ');
  let sql = `SELECT ${select} FROM ${base} ${joins.join(' ')} WHERE ${conditions.join(' AND ')}`;
  if (!forCount || q.limit !== undefined) sql += ` ORDER BY ${keys.map((k, i) => `${k} ${dirs[i]!.toUpperCase()}`).join(', ')}`;
  if (q.limit !== undefined) sql += ` LIMIT ${arg(b, q.limit)}`;
  return { sql, args: b.args, keys, dirs };
}

/** Rows strictly after the cursor in the query's order (directions may differ per key). */
function cursorCondition(b: Builder, keys: string[], dirs: string[], values: InValue[]): string {
  if (dirs.every((d) => d === dirs[0])) {
    const op = dirs[0] === 'asc' ? '>' : '<';
    return `(${keys.join(', ')}) ${op} (${values.map((v) => arg(b, v)).join(', ')})`;
  }
  const ors: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) parts.push(`${keys[j]} = ${arg(b, values[j]!)}`);
    parts.push(`${keys[i]} ${dirs[i] === 'asc' ? '>' : '<'} ${arg(b, values[i]!)}`);
    ors.push(`(${parts.join(' AND ')})`);
  }
  return `(${ors.join(' OR ')})`;
}

export function compileQuery(q: NormalizedQuery, driver: number | null = null): CompiledQuery {
  const inner = compileInner(q, false, driver);
  const outerOrder = inner.keys.map((_, i) => `q.k${i} ${inner.dirs[i]!.toUpperCase()}`).join(', ');
  const pathKey = `k${inner.keys.length - 1}`;
  return {
    sql: `SELECT d.path AS path, d.data AS data FROM (${inner.sql}) q JOIN ${DOCS} d ON d.path = q.${pathKey} ORDER BY ${outerOrder}`,
    args: inner.args,
  };
}

export function compileCount(q: NormalizedQuery, driver: number | null = null): CompiledQuery {
  const inner = compileInner(q, true, driver);
  return { sql: `SELECT COUNT(*) AS n FROM (${inner.sql})`, args: inner.args };
}
