/**
 * fast-check arbitraries for request bodies, derived from a route's zod body schema through
 * its JSON Schema: values of roughly the right shape (so requests get past the first check and
 * reach the services), and near misses of them (one field dropped, retyped, oversized, or an
 * unknown or prototype-polluting key added). Refinements are not modelled, so "valid" values
 * are only plausible: the server may still refuse them.
 */
import fc from 'fast-check';
import { z } from 'zod';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

/** The body schema as JSON Schema, or null when zod cannot express it. */
export function bodyJsonSchema(schema: z.ZodType): JsonSchema | null {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return null;
  }
}

export interface ArbitraryOptions {
  /** Real document ids, mixed into string fields named like references (`customer_id`). */
  ids?: string[];
}

/** Values of the schema's shape. */
export function plausibleValue(root: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const ids = options.ids ?? [];
  const visit = (schema: JsonSchema, depth: number, key?: string): fc.Arbitrary<unknown> => {
    if (depth > 6) return fc.constant(null);
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      const target = root.$defs?.[name];
      return target ? visit(target, depth + 1, key) : fc.constant(null);
    }
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const choices = schema.anyOf ?? schema.oneOf;
    if (choices?.length) return fc.oneof(...choices.map((choice) => visit(choice, depth + 1, key)));
    if (schema.allOf?.length) return visit(schema.allOf[0]!, depth + 1, key);
    const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (type.length > 1) return fc.oneof(...type.map((one) => visit({ ...schema, type: one }, depth, key)));
    switch (type[0]) {
      case 'object':
        return objectOf(schema, depth);
      case 'array':
        return fc.array(visit(schema.items ?? {}, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        });
      case 'string':
        return stringOf(schema, key);
      case 'integer':
        return fc.integer({ min: bound(schema.minimum, -1e6), max: bound(schema.maximum, 1e6) });
      case 'number':
        return fc.double({ min: bound(schema.minimum, -1e6), max: bound(schema.maximum, 1e6), noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  };

  const objectOf = (schema: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    // Properties declared `not: {}` are ones the server must refuse; plausible values leave them out.
    const entries = Object.entries(schema.properties ?? {}).filter(([, property]) => !isNever(property));
    const required = new Set(schema.required ?? []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of entries) model[name] = visit(property, depth + 1, name);
    return fc.record(model, { requiredKeys: entries.map(([name]) => name).filter((name) => required.has(name)) });
  };

  const stringOf = (schema: JsonSchema, key?: string): fc.Arbitrary<unknown> => {
    let base: fc.Arbitrary<string>;
    if (schema.format === 'date-time') base = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    else if (schema.format === 'date') base = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    else if (schema.format === 'email') base = fc.emailAddress();
    else if (schema.pattern) base = fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 1000));
    else base = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40), unit: 'grapheme' });
    if (ids.length > 0 && key && /(^id$|_id$|Id$)/.test(key)) return fc.oneof(fc.constantFrom(...ids), base);
    return base;
  };

  return visit(root, 0);
}

const isNever = (schema: JsonSchema) => schema.not !== undefined && Object.keys(schema.not).length === 0;

const bound = (value: number | undefined, fallback: number) => (value === undefined ? fallback : value);

/** Values of every JSON type, for a field retyped: the kinds of wrong a client sends. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, '', ' ', 'x', '0', 'null', [], {}, [null], { value: 1 }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

export type Mutation =
  | { kind: 'drop' }
  | { kind: 'retype'; value: unknown }
  | { kind: 'huge'; size: number }
  | { kind: 'unknown-key'; key: string; value: unknown }
  | { kind: 'proto-key'; key: '__proto__' | 'constructor' };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Mutation>({ kind: 'drop' }) },
  { weight: 4, arbitrary: wrongValue.map<Mutation>((value) => ({ kind: 'retype', value })) },
  { weight: 1, arbitrary: fc.constantFrom(10_000, 200_000, 900_000).map<Mutation>((size) => ({ kind: 'huge', size })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(fc.constantFrom('id', 'created_by', 'updated_at', 'role', 'isAdmin'), fc.string({ minLength: 1, maxLength: 12 })), wrongValue)
      .map<Mutation>(([key, value]) => ({ kind: 'unknown-key', key, value })),
  },
  { weight: 1, arbitrary: fc.constantFrom<Mutation>({ kind: 'proto-key', key: '__proto__' }, { kind: 'proto-key', key: 'constructor' }) },
);

/**
 * `value` with `change` applied at the place `pick` selects among its objects and fields,
 * serialised as JSON text (a prototype-polluting key cannot survive an object literal).
 */
export function mutatedJson(value: unknown, change: Mutation, pick: number): string {
  const places = placesIn(value);
  const place = places[pick % places.length]!;
  const marker = `"__mutation_${pick}__"`;
  const copy = structuredClone(value) as unknown;
  const container = place.path.reduce<unknown>((node, step) => (node as Record<string, unknown>)[step], copy);
  if (typeof container !== 'object' || container === null) return JSON.stringify(copy);
  const target = container as Record<string, unknown>;
  switch (change.kind) {
    case 'drop':
      if (place.key !== undefined) {
        if (Array.isArray(target)) target.splice(Number(place.key), 1);
        else delete target[place.key];
      }
      return JSON.stringify(copy);
    case 'retype':
      if (place.key !== undefined) target[place.key] = change.value;
      return JSON.stringify(copy);
    case 'huge':
      if (place.key !== undefined) target[place.key] = 'x'.repeat(change.size);
      return JSON.stringify(copy);
    case 'unknown-key':
      if (!Array.isArray(target)) target[change.key] = change.value;
      return JSON.stringify(copy);
    case 'proto-key': {
      if (Array.isArray(target)) return JSON.stringify(copy);
      target[marker.slice(1, -1)] = 0;
      const polluting = change.key === '__proto__' ? '{"polluted":true}' : '{"prototype":{"polluted":true}}';
      return JSON.stringify(copy).replace(`${marker}:0`, `"${change.key}":${polluting}`);
    }
  }
}

interface Place {
  /** Path to an object or array inside the value. */
  path: (string | number)[];
  /** A field (or index) of it; undefined to act on the container itself. */
  key?: string;
}

function placesIn(value: unknown): Place[] {
  const places: Place[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (typeof node !== 'object' || node === null) return;
    places.push({ path });
    for (const key of Object.keys(node)) {
      places.push({ path, key });
      walk((node as Record<string, unknown>)[key], [...path, Array.isArray(node) ? Number(key) : key]);
    }
  };
  walk(value, []);
  return places.length > 0 ? places : [{ path: [] }];
}
