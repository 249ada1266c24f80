/**
 * How a history change reads in the UI: the field's name in the UI language (`contacts[k3j].value`
 * → "Contacts › Value") and its values formatted as the rest of the SPA shows them.
 */
import { formatDateTime, formatMoney } from '../../format';

type Translate = (key: string) => string;
type Exists = (key: string) => boolean;

/** The path's names without the entry ids in brackets. */
export function fieldNames(field: string): string[] {
  return field.replace(/\[[^\]]*\]/g, '').split('.').filter(Boolean);
}

export function fieldLabel(field: string, t: Translate, te: Exists): string {
  return fieldNames(field)
    .map((name) => (te(`history.fields.${name}`) ? t(`history.fields.${name}`) : name.replace(/_/g, ' ')))
    .join(' › ');
}

const MONEY = new Set(['amount', 'price', 'unit_price', 'required_amount', 'received_amount', 'balance_due', 'advance_amount', 'total', 'subtotal']);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value for display; objects (a whole contact, a ledger entry) as their fields in short. */
export function formatValue(field: string, value: unknown, t: Translate, te: Exists): string {
  if (value === null || value === undefined || value === '') return '—';
  const last = fieldNames(field).at(-1) ?? '';
  if (typeof value === 'number' && MONEY.has(last)) return formatMoney(value);
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string') {
    if (ISO.test(value)) return formatDateTime(value);
    if (last === 'relationship_status' && te(`status.relationship.${value}`)) return t(`status.relationship.${value}`);
    if (last === 'status' && te(`status.order.${value}`)) return t(`status.order.${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => formatValue(field, item, t, te)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => key !== 'id' && v !== null && v !== '' && typeof v !== 'object')
      .map(([key, v]) => `${fieldLabel(key, t, te)}: ${formatValue(key, v, t, te)}`)
      .join(' · ');
  }
  return String(value);
}
