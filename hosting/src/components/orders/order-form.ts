/**
 * The order form's state, the checks that mirror the server's schema
 * (functions/src/orders/orders.schema.ts), and the bodies it sends. Amounts are typed as text
 * (a comma or a point) and parsed here; problems are keyed by the server's dotted paths so the
 * client's checks and the server's 400 details show beside the same fields.
 */
import {
  orderItemTypes,
  type DiscountType,
  type OrderInput,
  type OrderItemInput,
  type OrderItemType,
  type OrderPatch,
  type OrderRecord,
  type PaymentTermsInput,
  type Shipping,
} from '../../api/orders';
import type { OrderStatus } from '../../api/types';
import { amountProblem, parseAmount, type Problem, type Problems } from '../form/validation';
import { numberOrNaN, numberText } from '../form/number-input';
import { amountText, orderTotals, parseWhole } from './order-money';

export interface ItemRow {
  /** Local key for the list; `id` is the server's, kept when the order is saved again. */
  key: string;
  id?: string;
  type: OrderItemType;
  product_id: string | null;
  product_name: string;
  description: string;
  quantity: string;
  unit_price: string;
  /** One serial number per line (commas also separate). */
  serial_numbers: string;
}

export interface ShippingForm {
  method: string;
  carrier: string;
  tracking_number: string;
  destination: string;
  /** yyyy-mm-dd, or '' */
  shipped_at: string;
  delivered_at: string;
}

export interface OrderForm {
  title: string;
  status: OrderStatus;
  currency: string;
  items: ItemRow[];
  discount_type: DiscountType;
  discount_value: string;
  discount_reason: string;
  shipping: ShippingForm;
  notes: string;
}

export const DEFAULT_CURRENCY = 'EUR';
const MAX_QUANTITY = 100_000;

let rows = 0;

export function newItemRow(type: OrderItemType = 'product'): ItemRow {
  rows += 1;
  return { key: `item-${rows}`, type, product_id: null, product_name: '', description: '', quantity: '1', unit_price: '', serial_numbers: '' };
}

/** yyyy-mm-dd of a stored date (dates are saved as calendar dates, i.e. UTC midnight). */
export function dateInputValue(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

export function emptyOrderForm(): OrderForm {
  return {
    title: '',
    status: 'negotiating',
    currency: DEFAULT_CURRENCY,
    items: [newItemRow()],
    discount_type: 'percentage',
    discount_value: '',
    discount_reason: '',
    shipping: { method: '', carrier: '', tracking_number: '', destination: '', shipped_at: '', delivered_at: '' },
    notes: '',
  };
}

const isItemType = (type: string): type is OrderItemType => (orderItemTypes as readonly string[]).includes(type);

export function formFromOrder(order: OrderRecord): OrderForm {
  const shipping: Partial<Shipping> = order.shipping ?? {};
  const discount = order.discount;
  return {
    title: order.title ?? '',
    status: order.status,
    currency: order.currency || DEFAULT_CURRENCY,
    items: (order.items ?? []).map((item) => ({
      ...newItemRow(isItemType(item.type) ? item.type : 'freetext'),
      id: item.id,
      product_id: item.product_id ?? null,
      product_name: item.product_name ?? '',
      description: item.description ?? '',
      quantity: numberText(item.quantity ?? 1, 'quantity'),
      unit_price: amountText(item.unit_price ?? 0),
      serial_numbers: (item.serial_numbers ?? []).join('\n'),
    })),
    discount_type: discount?.type ?? 'percentage',
    discount_value: discount && discount.value > 0 ? numberText(discount.value, discount.type === 'percentage' ? 'percent' : 'money') : '',
    discount_reason: discount?.reason ?? '',
    shipping: {
      method: shipping.method ?? '',
      carrier: shipping.carrier ?? '',
      tracking_number: shipping.tracking_number ?? '',
      destination: shipping.destination ?? '',
      shipped_at: dateInputValue(shipping.shipped_at),
      delivered_at: dateInputValue(shipping.delivered_at),
    },
    notes: order.notes ?? '',
  };
}

export const serialsOf = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

function itemInput(row: ItemRow): OrderItemInput {
  return {
    ...(row.id ? { id: row.id } : {}),
    type: row.type,
    product_id: row.type === 'product' ? row.product_id || null : null,
    product_name: row.type === 'product' ? row.product_name.trim() : '',
    description: row.description.trim(),
    quantity: parseWhole(row.quantity),
    unit_price: parseAmount(row.unit_price),
    serial_numbers: serialsOf(row.serial_numbers),
  };
}

/** The body the form describes; numbers not (yet) valid are NaN, which orderProblems names. */
export function inputFromForm(form: OrderForm): OrderInput {
  const discountText = form.discount_value.trim();
  const shipping: Shipping = {
    method: form.shipping.method.trim(),
    carrier: form.shipping.carrier.trim(),
    tracking_number: form.shipping.tracking_number.trim(),
    destination: form.shipping.destination.trim(),
    shipped_at: form.shipping.shipped_at || null,
    delivered_at: form.shipping.delivered_at || null,
  };
  return {
    title: form.title.trim(),
    status: form.status,
    currency: form.currency.trim().toUpperCase(),
    items: form.items.map(itemInput),
    discount: {
      type: form.discount_type,
      value: discountText === '' ? 0 : numberOrNaN(discountText, form.discount_type === 'percentage' ? 'percent' : 'money'),
      reason: form.discount_reason.trim(),
    },
    shipping,
    notes: form.notes,
  };
}

/** The totals the form shows while it is typed; the server computes the stored ones the same way. */
export const formTotals = (input: OrderInput) => orderTotals(input.items, input.discount);

function tooLong(problems: Problems, path: string, value: string, max: number): void {
  if (value.length > max) problems[path] = { key: 'maxLength', params: { max } };
}

const isoCurrencies: ReadonlySet<string> | null =
  typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;

export function currencyProblem(code: string): Problem | null {
  return /^[A-Z]{3}$/.test(code) && (!isoCurrencies || isoCurrencies.has(code)) ? null : { key: 'currency' };
}

export function orderProblems(input: OrderInput): Problems {
  const problems: Problems = {};
  if (input.title === '') problems.title = { key: 'required' };
  else tooLong(problems, 'title', input.title, 300);
  const currency = currencyProblem(input.currency);
  if (currency) problems.currency = currency;

  input.items.forEach((item, index) => {
    const at = `items.${index}`;
    if (item.type === 'product' && item.product_name === '') problems[`${at}.product_name`] = { key: 'itemRequired' };
    if (item.type !== 'product' && item.description === '') problems[`${at}.description`] = { key: 'itemRequired' };
    tooLong(problems, `${at}.product_name`, item.product_name, 300);
    tooLong(problems, `${at}.description`, item.description, 2000);
    if (!Number.isInteger(item.quantity)) problems[`${at}.quantity`] = { key: 'wholeNumber' };
    else if (item.quantity < 1) problems[`${at}.quantity`] = { key: 'min', params: { min: 1 } };
    else if (item.quantity > MAX_QUANTITY) problems[`${at}.quantity`] = { key: 'max', params: { max: MAX_QUANTITY } };
    const price = amountProblem(item.unit_price, true);
    if (price) problems[`${at}.unit_price`] = price;
    if (item.serial_numbers.some((s) => s.length > 200)) problems[`${at}.serial_numbers`] = { key: 'maxLength', params: { max: 200 } };
    else if (item.serial_numbers.length > 1000) problems[`${at}.serial_numbers`] = { key: 'maxItems', params: { max: 1000 } };
  });

  const discount = amountProblem(input.discount.value, true);
  if (discount) problems['discount.value'] = discount;
  else if (input.discount.type === 'percentage' && input.discount.value > 100) problems['discount.value'] = { key: 'max', params: { max: 100 } };
  else if (input.discount.type === 'fixed' && input.discount.value > formTotals(input).subtotal) {
    problems['discount.value'] = { key: 'discountOverSubtotal' };
  }
  tooLong(problems, 'discount.reason', input.discount.reason, 1000);

  for (const field of ['method', 'carrier', 'tracking_number'] as const) tooLong(problems, `shipping.${field}`, input.shipping[field], 300);
  tooLong(problems, 'shipping.destination', input.shipping.destination, 1000);
  tooLong(problems, 'notes', input.notes, 10_000);
  return problems;
}

/** PATCH body: the top-level fields that differ (items and shipping are sent whole). */
export function orderChanges(before: OrderInput, after: OrderInput): OrderPatch {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof OrderInput)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) patch[key] = after[key];
  }
  return patch as OrderPatch;
}

export interface TermsForm {
  required_amount: string;
  advance_required: boolean;
  advance_amount: string;
}

export function termsFormFromOrder(order: OrderRecord): TermsForm {
  const ps = order.payment_status;
  return {
    required_amount: amountText(ps?.required_amount ?? order.total_price ?? 0),
    advance_required: ps?.advance_required ?? false,
    advance_amount: amountText(ps?.advance_amount ?? null),
  };
}

/** Turning the advance off clears its amount, as the server does. */
export function termsInput(form: TermsForm): PaymentTermsInput {
  const advance = form.advance_amount.trim();
  return {
    required_amount: parseAmount(form.required_amount),
    advance_required: form.advance_required,
    advance_amount: form.advance_required && advance !== '' ? parseAmount(advance) : null,
  };
}

export function termsProblems(input: PaymentTermsInput): Problems {
  const problems: Problems = {};
  const required = amountProblem(input.required_amount, true);
  if (required) problems.required_amount = required;
  if (input.advance_amount !== null) {
    const advance = amountProblem(input.advance_amount, true);
    if (advance) problems.advance_amount = advance;
    else if (!required && input.advance_amount > input.required_amount) problems.advance_amount = { key: 'advanceOverRequired' };
  }
  return problems;
}
