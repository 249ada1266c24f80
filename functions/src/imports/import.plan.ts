/**
 * What an import would do with each row: check it with the same rules as the customer form
 * (customerCreateSchema), match it to an existing customer by external id, ΑΦΜ, e-mail or
 * phone (E.164), find repeats within the file, and decide create, update, skip or error.
 */
import type { z } from 'zod';
import { customerCreateSchema, type CustomerCreate } from '../customers/customers.schema.js';
import { normalizePhone } from '../search/phone.js';
import type { DocData } from '../store/docstore.js';
import type { CustomerImportField } from './import.fields.js';
import type { ImportAction, MatchChoice } from './import.enums.js';

export interface RowIssue {
  field: string;
  message: string;
}

export interface PlannedRow {
  /** The row's line in the file's table: 2 is the first row under the header. */
  row: number;
  action: ImportAction;
  match: { id: string; by: MatchKey } | null;
  duplicate_of: number | null;
  errors: RowIssue[];
  warnings: RowIssue[];
  body: CustomerCreate | null;
  extra: { tax_id?: string; external_id?: string };
}

export type MatchKey = 'external_id' | 'tax_id' | 'email' | 'phone';
const MATCH_ORDER: MatchKey[] = ['external_id', 'tax_id', 'email', 'phone'];

/** Existing customers by each match key's normalised value. */
export type MatchIndex = Record<MatchKey, Map<string, string>>;

const normalise: Record<MatchKey, (value: string) => string | null> = {
  external_id: (v) => v.trim() || null,
  tax_id: (v) => v.replace(/\D/g, '') || null,
  email: (v) => v.trim().toLowerCase() || null,
  phone: (v) => (v.trim() ? normalizePhone(v) : null),
};

export function emptyIndex(): MatchIndex {
  return { external_id: new Map(), tax_id: new Map(), email: new Map(), phone: new Map() };
}

/** Adds a stored customer to the index (its contacts' e-mails and numbers, its ids). */
export function indexCustomer(index: MatchIndex, id: string, data: DocData): void {
  const put = (key: MatchKey, raw: unknown) => {
    const value = typeof raw === 'string' ? normalise[key](raw) : null;
    if (value && !index[key].has(value)) index[key].set(value, id);
  };
  put('external_id', data.external_id);
  put('tax_id', data.tax_id);
  for (const contact of Array.isArray(data.contacts) ? (data.contacts as DocData[]) : []) {
    if (contact.type === 'email') put('email', contact.value);
    if (contact.type === 'phone' || contact.type === 'whatsapp') put('phone', contact.value);
  }
}

export const FORMULA = /^[=+\-@]/;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A zod issue's path as the import's field name. */
function fieldOfIssue(path: PropertyKey[], values: Partial<Record<CustomerImportField, string>>): string {
  const [head, index] = path;
  if (head === 'contacts') {
    const kinds = (['email', 'phone'] as const).filter((k) => values[k]);
    return kinds[Number(index)] ?? 'contacts';
  }
  if (head === 'location') return String(path[1] ?? 'city');
  return String(head ?? 'row');
}

function rowValues(cells: readonly string[], headers: readonly string[], mapping: Record<string, string | null>) {
  const values: Partial<Record<CustomerImportField, string>> = {};
  headers.forEach((header, i) => {
    const field = mapping[header] as CustomerImportField | null | undefined;
    if (field) values[field] = cells[i] ?? '';
  });
  return values;
}

function bodyOf(values: Partial<Record<CustomerImportField, string>>): unknown {
  const text = (v: string | undefined) => (v && v.trim() ? v.trim() : null);
  const location = { city: text(values.city) ?? undefined, region: text(values.region) ?? undefined, country: text(values.country) ?? undefined };
  return {
    name: values.name?.trim() ?? '',
    title: text(values.title),
    organization: text(values.organization),
    religion: text(values.religion),
    contacts: [
      ...(text(values.email) ? [{ type: 'email', value: text(values.email) }] : []),
      ...(text(values.phone) ? [{ type: 'phone', value: text(values.phone) }] : []),
    ],
    notes: text(values.notes) ? [{ text: text(values.notes) }] : [],
    location: Object.values(location).some(Boolean) ? location : null,
    tags: text(values.tags) ? values.tags!.split(/[|,;]/).map((t) => t.trim()).filter(Boolean) : [],
    ...(text(values.relationship_status) ? { relationship_status: text(values.relationship_status) } : {}),
  };
}

/** Plans every row; `choices` (by row number) decide what a matched or repeated row does. */
export function planRows(
  headers: readonly string[],
  rows: readonly string[][],
  mapping: Record<string, string | null>,
  existing: MatchIndex,
  choices: Record<string, MatchChoice>,
): PlannedRow[] {
  const seen = emptyIndex();
  return rows.map((cells, i) => {
    const row = i + 2;
    const values = rowValues(cells, headers, mapping);
    const errors: RowIssue[] = [];
    const warnings: RowIssue[] = [];
    for (const [field, value] of Object.entries(values)) {
      if (CONTROL.test(value) || (field !== 'notes' && /[\r\n]/.test(value))) errors.push({ field, message: 'contains control characters or line breaks' });
      else if (FORMULA.test(value.trim()) && field !== 'phone') warnings.push({ field, message: 'starts like a spreadsheet formula; imported as text' });
    }
    const parsed = customerCreateSchema.safeParse(bodyOf(values));
    if (!parsed.success) {
      for (const issue of (parsed.error as z.ZodError).issues) errors.push({ field: fieldOfIssue(issue.path, values), message: issue.message });
    }
    const keys = Object.fromEntries(MATCH_ORDER.map((key) => [key, values[key] ? normalise[key](values[key]!) : null])) as Record<MatchKey, string | null>;
    if (values.tax_id?.trim() && keys.tax_id?.length !== 9) warnings.push({ field: 'tax_id', message: 'is not 9 digits' });
    const matchKey = MATCH_ORDER.find((key) => keys[key] && existing[key].has(keys[key]!));
    const match = matchKey ? { id: existing[matchKey].get(keys[matchKey]!)!, by: matchKey } : null;
    const repeatKey = MATCH_ORDER.find((key) => keys[key] && seen[key].has(keys[key]!));
    const duplicateOf = repeatKey ? Number(seen[repeatKey].get(keys[repeatKey]!)) : null;
    for (const key of MATCH_ORDER) if (keys[key] && !seen[key].has(keys[key]!)) seen[key].set(keys[key]!, String(row));
    if (duplicateOf) warnings.push({ field: repeatKey!, message: `repeats row ${duplicateOf}` });

    const choice = choices[String(row)];
    let action: ImportAction;
    if (errors.length > 0) action = 'error';
    else if (match) action = choice === 'update' ? 'update' : choice === 'create' ? 'create' : 'skip';
    else if (duplicateOf) action = choice === 'create' ? 'create' : 'skip';
    else action = choice === 'skip' ? 'skip' : 'create';
    const extra: PlannedRow['extra'] = {};
    if (keys.tax_id) extra.tax_id = keys.tax_id;
    if (keys.external_id) extra.external_id = keys.external_id;
    return { row, action, match, duplicate_of: duplicateOf, errors, warnings, body: parsed.success ? parsed.data : null, extra };
  });
}

export function countsOf(rows: readonly { action: ImportAction }[]): Record<ImportAction, number> & { rows: number } {
  const counts = { rows: rows.length, create: 0, update: 0, skip: 0, error: 0 };
  for (const r of rows) counts[r.action] += 1;
  return counts;
}
