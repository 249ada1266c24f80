/**
 * Products as the API speaks them (functions/src/products/products.schema.ts). `costs.total` and
 * `stock.available` are computed by the server; the bodies never carry them.
 */
import type { Costs as CostsWire, Stock as StockWire } from '@functions/products/products.schema';
import type { ProductCategory } from '@functions/products/products.enums';
import type { Product } from './types';

export { productCategories, type ProductCategory } from '@functions/products/products.enums';

export const costParts = ['pcb', 'components', 'enclosure', 'labor_hours', 'labor_rate', 'shipping_in'] as const satisfies readonly (keyof CostsWire)[];
export type CostPart = (typeof costParts)[number];

export type Costs = CostsWire;
export type Stock = StockWire;

/** GET /crm/products/:id and the entries of GET /crm/products. */
export type ProductRecord = Product;

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
