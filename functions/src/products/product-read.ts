import { DEFAULT_CURRENCY, fromCents, toCents } from '../shared/money.js';
import type { DocData } from '../store/docstore.js';
import { docVersion } from '../http/versions.js';
import {
  productCategories,
  type Costs,
  type CostsInput,
  type Product,
  type ProductCategory,
  type Stock,
  type StockInput,
} from './products.schema.js';

/** Cost components as staff enter them; `total` is never among them. */
export type CostParts = Omit<Costs, 'total'>;
export type StockParts = Omit<Stock, 'available'>;

export const zeroCosts: CostParts = { pcb: 0, components: 0, enclosure: 0, labor_hours: 0, labor_rate: 0, shipping_in: 0 };
export const zeroStock: StockParts = { on_hand: 0, reserved: 0 };

/** pcb + components + enclosure + labor_hours × labor_rate + shipping_in, summed in cents. */
export function withCostTotal(parts: CostParts): Costs {
  const labor = Math.round(parts.labor_hours * toCents(parts.labor_rate));
  const cents = toCents(parts.pcb) + toCents(parts.components) + toCents(parts.enclosure) + labor + toCents(parts.shipping_in);
  return { ...parts, total: fromCents(cents) };
}

export function withAvailable(parts: StockParts): Stock {
  return { ...parts, available: parts.on_hand - parts.reserved };
}

/** Given numbers replace stored ones; the rest stay. */
export function mergeCosts(current: CostParts, input: CostsInput): CostParts {
  return { ...current, ...definedOnly(input) };
}

export function mergeStock(current: StockParts, input: StockInput): StockParts {
  return { ...current, ...definedOnly(input) };
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

const number = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

function readParts<K extends string>(value: unknown, keys: readonly K[]): Record<K, number> {
  const map = typeof value === 'object' && value !== null ? (value as DocData) : {};
  return Object.fromEntries(keys.map((key) => [key, number(map[key])])) as Record<K, number>;
}

function date(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

/**
 * The API view of a stored product. Totals are computed on every read too, so a product
 * edited outside the API (console, old system) never shows a stale or typed-in total.
 */
export function readProduct(id: string, data: DocData): Product {
  const updatedAt = date(data.updated_at) ?? date(data.created_at) ?? new Date(0);
  const category = productCategories.includes(data.category as ProductCategory) ? (data.category as ProductCategory) : 'part';
  return {
    id,
    name: text(data.name),
    sku: typeof data.sku === 'string' && data.sku !== '' ? data.sku : null,
    category,
    description: text(data.description),
    price: number(data.price),
    currency: text(data.currency, DEFAULT_CURRENCY) || DEFAULT_CURRENCY,
    costs: withCostTotal(readParts(data.costs, Object.keys(zeroCosts) as (keyof CostParts)[])),
    stock: withAvailable(readParts(data.stock, Object.keys(zeroStock) as (keyof StockParts)[])),
    nextcloud_folder: typeof data.nextcloud_folder === 'string' && data.nextcloud_folder !== '' ? data.nextcloud_folder : null,
    linked_device_type: text(data.linked_device_type),
    warranty_months: typeof data.warranty_months === 'number' && Number.isInteger(data.warranty_months) ? data.warranty_months : null,
    active: data.active !== false,
    archived_at: date(data.archived_at),
    created_at: date(data.created_at) ?? updatedAt,
    updated_at: updatedAt,
    version: docVersion(data),
  };
}
