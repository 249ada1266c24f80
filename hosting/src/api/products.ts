/**
 * Products as the API speaks them (functions/src/products/products.schema.ts). `costs.total` and
 * `stock.available` are computed by the server; the bodies never carry them.
 */
import type { Product } from './types';

export const productCategories = ['controller', 'striker', 'clock', 'part', 'repair_service'] as const;
export type ProductCategory = (typeof productCategories)[number];

export const costParts = ['pcb', 'components', 'enclosure', 'labor_hours', 'labor_rate', 'shipping_in'] as const;
export type CostPart = (typeof costParts)[number];

export type Costs = Record<CostPart, number> & { total: number };

export interface Stock {
  on_hand: number;
  reserved: number;
  available: number;
}

/** GET /crm/products/:id and the entries of GET /crm/products. */
export interface ProductRecord extends Omit<Product, 'sku'> {
  sku: string | null;
  category: ProductCategory;
  description: string;
  currency: string;
  costs: Costs;
  stock: Stock;
  nextcloud_folder: string | null;
  linked_device_type: string;
  /** Set while archived (out of the catalogue and the order forms, restorable); absent in older fixtures. */
  archived_at?: string | null;
  created_at: string;
  updated_at: string;
}

/** POST /crm/products (strict: only these keys); PUT takes any part of it. */
export interface ProductInput {
  name: string;
  sku: string | null;
  category: ProductCategory;
  description: string;
  price: number;
  currency: string;
  costs: Partial<Record<CostPart, number>>;
  stock: { on_hand?: number; reserved?: number };
  nextcloud_folder: string | null;
  linked_device_type: string;
  active: boolean;
}

export interface ProductFilters {
  category?: ProductCategory;
  active?: boolean;
  search?: string;
  archived?: boolean;
}

export const productPath = (id?: string): string => `/crm/products${id ? `/${encodeURIComponent(id)}` : ''}`;
