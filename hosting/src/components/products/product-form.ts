/**
 * The product form's state, the checks that mirror the server's schema
 * (functions/src/products/products.schema.ts) and the bodies it sends. The cost total and the
 * available stock are shown live, computed as the server computes them; bodies never carry them.
 */
import { costParts, type CostPart, type ProductCategory, type ProductInput, type ProductRecord } from '../../api/products';
import { amountProblem, hasAtMostTwoDecimals, type Problems } from '../form/validation';
import { numberOrNaN, numberText, type NumberKind } from '../form/number-input';
import { amountText, costTotal, parseWhole } from '../orders/order-money';
import { currencyProblem, DEFAULT_CURRENCY } from '../orders/order-form';

export interface ProductForm {
  name: string;
  sku: string;
  category: ProductCategory;
  description: string;
  price: string;
  currency: string;
  costs: Record<CostPart, string>;
  on_hand: string;
  reserved: string;
  nextcloud_folder: string;
  linked_device_type: string;
  active: boolean;
}

const MAX_COUNT = 10_000_000;
const MAX_HOURS = 100_000;
const skuPattern = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

export function emptyProductForm(): ProductForm {
  return {
    name: '',
    sku: '',
    category: 'controller',
    description: '',
    price: '',
    currency: DEFAULT_CURRENCY,
    costs: { pcb: '', components: '', enclosure: '', labor_hours: '', labor_rate: '', shipping_in: '' },
    on_hand: '0',
    reserved: '0',
    nextcloud_folder: '',
    linked_device_type: '',
    active: true,
  };
}

export function formFromProduct(product: ProductRecord): ProductForm {
  const costs = Object.fromEntries(
    costParts.map((part) => [part, numberText(product.costs[part], part === 'labor_hours' ? 'decimal' : 'money')]),
  ) as Record<CostPart, string>;
  return {
    name: product.name,
    sku: product.sku ?? '',
    category: product.category,
    description: product.description,
    price: amountText(product.price),
    currency: product.currency,
    costs,
    on_hand: numberText(product.stock.on_hand, 'quantity'),
    reserved: numberText(product.stock.reserved, 'quantity'),
    nextcloud_folder: product.nextcloud_folder ?? '',
    linked_device_type: product.linked_device_type,
    active: product.active,
  };
}

/** An empty amount field means 0, as the server's defaults do. */
const amountOrZero = (text: string, kind: NumberKind = 'money'): number => (text.trim() === '' ? 0 : numberOrNaN(text, kind));
const countOrZero = (text: string): number => (text.trim() === '' ? 0 : parseWhole(text));

/** The body the form describes; numbers not (yet) valid are NaN, which productProblems names. */
export function inputFromForm(form: ProductForm): ProductInput {
  const costs = Object.fromEntries(
    costParts.map((part) => [part, amountOrZero(form.costs[part], part === 'labor_hours' ? 'decimal' : 'money')]),
  ) as Record<CostPart, number>;
  const sku = form.sku.trim().toUpperCase();
  const folder = form.nextcloud_folder.trim();
  return {
    name: form.name.trim(),
    sku: sku === '' ? null : sku,
    category: form.category,
    description: form.description,
    price: amountOrZero(form.price),
    currency: form.currency.trim().toUpperCase(),
    costs,
    stock: { on_hand: countOrZero(form.on_hand), reserved: countOrZero(form.reserved) },
    nextcloud_folder: folder === '' ? null : folder,
    linked_device_type: form.linked_device_type.trim(),
    active: form.active,
  };
}

/** The cost total and available stock the form shows while it is typed. */
export function liveFigures(input: ProductInput): { costTotal: number; available: number | null } {
  const costs = input.costs as Record<CostPart, number>;
  const { on_hand: onHand = NaN, reserved = NaN } = input.stock;
  return {
    costTotal: costTotal(costs),
    available: Number.isInteger(onHand) && Number.isInteger(reserved) ? onHand - reserved : null,
  };
}

function countProblem(problems: Problems, path: string, value: number | undefined): void {
  if (value === undefined || !Number.isInteger(value)) problems[path] = { key: 'wholeNumber' };
  else if (value > MAX_COUNT) problems[path] = { key: 'max', params: { max: MAX_COUNT } };
}

export function productProblems(input: ProductInput): Problems {
  const problems: Problems = {};
  if (input.name === '') problems.name = { key: 'required' };
  else if (input.name.length > 200) problems.name = { key: 'maxLength', params: { max: 200 } };
  if (input.sku !== null && !skuPattern.test(input.sku)) problems.sku = { key: 'sku' };
  if (input.description.length > 10_000) problems.description = { key: 'maxLength', params: { max: 10_000 } };
  const price = amountProblem(input.price, true);
  if (price) problems.price = price;
  const currency = currencyProblem(input.currency);
  if (currency) problems.currency = currency;
  for (const part of costParts) {
    const value = input.costs[part] ?? NaN;
    if (part === 'labor_hours') {
      if (Number.isNaN(value)) problems['costs.labor_hours'] = { key: 'number' };
      else if (value < 0) problems['costs.labor_hours'] = { key: 'notNegative' };
      else if (value > MAX_HOURS) problems['costs.labor_hours'] = { key: 'max', params: { max: MAX_HOURS } };
      else if (!hasAtMostTwoDecimals(value)) problems['costs.labor_hours'] = { key: 'twoDecimals' };
      continue;
    }
    const problem = amountProblem(value, true);
    if (problem) problems[`costs.${part}`] = problem;
  }
  countProblem(problems, 'stock.on_hand', input.stock.on_hand);
  countProblem(problems, 'stock.reserved', input.stock.reserved);
  if (input.nextcloud_folder !== null && input.nextcloud_folder.length > 500) {
    problems.nextcloud_folder = { key: 'maxLength', params: { max: 500 } };
  }
  if (input.linked_device_type.length > 100) problems.linked_device_type = { key: 'maxLength', params: { max: 100 } };
  return problems;
}

/** PUT body: the fields that differ; within costs and stock, only the numbers that differ. */
export function productChanges(before: ProductInput, after: ProductInput): Partial<ProductInput> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof ProductInput)[]) {
    if (key === 'costs' || key === 'stock') {
      const was = before[key] as Record<string, number | undefined>;
      const now = after[key] as Record<string, number | undefined>;
      const diff = Object.fromEntries(Object.entries(now).filter(([part, value]) => was[part] !== value));
      if (Object.keys(diff).length > 0) changes[key] = diff;
    } else if (before[key] !== after[key]) {
      changes[key] = after[key];
    }
  }
  return changes as Partial<ProductInput>;
}
