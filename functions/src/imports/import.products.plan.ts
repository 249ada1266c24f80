/**
 * What a product import would do with each row: read its cells (prices exactly to the cent,
 * categories and yes/no in Greek or English), check them with the product form's own rules
 * (productUpdateSchema), match an existing product by external id or SKU, find repeats within
 * the file, and decide create, update, skip or error. SKUs are unique: a row that creates a
 * product whose SKU another product (or an earlier row) holds creates it without the SKU and
 * says so; a row that would move a SKU onto a product that does not hold it is an error.
 */
import type { z } from 'zod';
import { productUpdateSchema, type ProductUpdate } from '../products/products.schema.js';
import { fromCents } from '../shared/money.js';
import type { ImportAction, MatchChoice } from './import.enums.js';
import { parseAmountText } from './import.amount.js';
import { CONTROL, FORMULA, type RowIssue } from './import.plan.js';
import { booleanOf, categoryOf, type ProductImportField } from './import.product-fields.js';

export type ProductMatchKey = 'external_id' | 'sku';
const MATCH_ORDER: ProductMatchKey[] = ['external_id', 'sku'];

/** Existing products by external id and by SKU, and each product's SKU. */
export interface ProductIndex {
  external_id: Map<string, string>;
  sku: Map<string, string>;
  skuOf: Map<string, string>;
}

export interface ProductPlannedRow {
  row: number;
  action: ImportAction;
  match: { id: string; by: ProductMatchKey } | null;
  duplicate_of: number | null;
  errors: RowIssue[];
  warnings: RowIssue[];
  /** The fields the row gives, checked; on a create the rest take the product form's defaults. */
  body: ProductUpdate | null;
  external_id: string | null;
}

export function emptyProductIndex(): ProductIndex {
  return { external_id: new Map(), sku: new Map(), skuOf: new Map() };
}

const normalise: Record<ProductMatchKey, (value: string) => string | null> = {
  external_id: (v) => v.trim() || null,
  sku: (v) => v.trim().toUpperCase() || null,
};

const WHOLE = /^\d{1,3}(?:\.\d{3})+$|^\d+$/;

/** The row's cells as a product body, with an issue for each cell that cannot be read. */
function bodyOf(values: Partial<Record<ProductImportField, string>>, errors: RowIssue[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const given = (field: ProductImportField) => values[field]?.trim() || null;
  for (const field of ['name', 'description', 'currency', 'linked_device_type'] as const) {
    const value = given(field);
    if (value) body[field] = value;
  }
  const sku = given('sku');
  if (sku) body.sku = sku;
  const category = given('category');
  if (category) {
    const known = categoryOf(category);
    if (known) body.category = known;
    else errors.push({ field: 'category', message: 'is not a category: controller, striker, clock, part or repair service' });
  }
  const price = given('price');
  if (price) {
    const parsed = parseAmountText(price);
    if (parsed.ok) body.price = fromCents(parsed.cents);
    else errors.push({ field: 'price', message: parsed.message });
  }
  const onHand = given('stock_on_hand');
  if (onHand) {
    if (WHOLE.test(onHand)) body.stock = { on_hand: Number(onHand.replace(/\./g, '')) };
    else errors.push({ field: 'stock_on_hand', message: 'must be a whole number' });
  }
  const warranty = given('warranty_months');
  if (warranty) {
    if (/^\d+$/.test(warranty)) body.warranty_months = Number(warranty);
    else errors.push({ field: 'warranty_months', message: 'must be a whole number of months' });
  }
  const active = given('active');
  if (active) {
    const flag = booleanOf(active);
    if (flag === null) errors.push({ field: 'active', message: 'must be yes or no (ναι or όχι)' });
    else body.active = flag;
  }
  return body;
}

function fieldOfIssue(path: PropertyKey[]): string {
  const [head] = path;
  return head === 'stock' ? 'stock_on_hand' : String(head ?? 'row');
}

/** Plans every row; `choices` (by row number) decide what a matched or repeated row does. */
export function planProductRows(
  headers: readonly string[],
  rows: readonly string[][],
  mapping: Record<string, string | null>,
  existing: ProductIndex,
  choices: Record<string, MatchChoice>,
): ProductPlannedRow[] {
  const seen: Record<ProductMatchKey, Map<string, number>> = { external_id: new Map(), sku: new Map() };
  // SKUs this file's earlier rows give to a product, and which product: a later row cannot take them.
  const claimed = new Map<string, { row: number; id: string | null }>();
  return rows.map((cells, i) => {
    const row = i + 2;
    const values: Partial<Record<ProductImportField, string>> = {};
    headers.forEach((header, c) => {
      const field = mapping[header] as ProductImportField | null | undefined;
      if (field) values[field] = cells[c] ?? '';
    });
    const errors: RowIssue[] = [];
    const warnings: RowIssue[] = [];
    for (const [field, value] of Object.entries(values)) {
      if (CONTROL.test(value) || (field !== 'description' && /[\r\n]/.test(value))) errors.push({ field, message: 'contains control characters or line breaks' });
      else if (FORMULA.test(value.trim()) && field !== 'price') warnings.push({ field, message: 'starts like a spreadsheet formula; imported as text' });
    }
    const raw = bodyOf(values, errors);
    let body: ProductUpdate | null = null;
    if (Object.keys(raw).length > 0) {
      const parsed = productUpdateSchema.safeParse(raw);
      if (parsed.success) body = parsed.data;
      else for (const issue of (parsed.error as z.ZodError).issues) errors.push({ field: fieldOfIssue(issue.path), message: issue.message });
    }

    const keys = Object.fromEntries(MATCH_ORDER.map((key) => [key, values[key] ? normalise[key](values[key]!) : null])) as Record<ProductMatchKey, string | null>;
    const matchKey = MATCH_ORDER.find((key) => keys[key] && existing[key].has(keys[key]!));
    const match = matchKey ? { id: existing[matchKey].get(keys[matchKey]!)!, by: matchKey } : null;
    const repeatKey = MATCH_ORDER.find((key) => keys[key] && seen[key].has(keys[key]!));
    const duplicateOf = repeatKey ? seen[repeatKey].get(keys[repeatKey]!)! : null;
    for (const key of MATCH_ORDER) if (keys[key] && !seen[key].has(keys[key]!)) seen[key].set(keys[key]!, row);
    if (duplicateOf) warnings.push({ field: repeatKey!, message: `repeats row ${duplicateOf}` });

    const choice = choices[String(row)];
    let action: ImportAction;
    if (match) action = choice === 'update' ? 'update' : choice === 'create' ? 'create' : 'skip';
    else if (duplicateOf) action = choice === 'create' ? 'create' : 'skip';
    else action = choice === 'skip' ? 'skip' : 'create';

    if (action === 'create') {
      if (!values.name?.trim()) errors.push({ field: 'name', message: 'is required' });
      if (!values.category?.trim()) errors.push({ field: 'category', message: 'is required' });
    }
    const sku = body?.sku ?? null;
    if (errors.length === 0 && sku && (action === 'create' || action === 'update')) {
      const holder = existing.sku.get(sku) ?? null;
      const earlier = claimed.get(sku);
      const target = action === 'update' ? match!.id : null;
      const takenBy = earlier && (target === null || earlier.id !== target) ? `row ${earlier.row}` : holder && holder !== target ? 'another product' : null;
      if (takenBy && action === 'update') errors.push({ field: 'sku', message: `is already used by ${takenBy}` });
      else if (takenBy) {
        warnings.push({ field: 'sku', message: `is already used by ${takenBy}: the product is created without it` });
        body = { ...body!, sku: null };
      } else claimed.set(sku, { row, id: target });
    }
    if (errors.length > 0) action = 'error';
    return { row, action, match, duplicate_of: duplicateOf, errors, warnings, body: errors.length ? null : body, external_id: keys.external_id };
  });
}
