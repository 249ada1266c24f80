import { localeTags, type Locale } from './i18n';

type DateInput = string | Date | null | undefined;

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** dd.mm.yy in local time, the Greek style the spec uses in every locale; '' when there is no date. */
export function formatDate(value: DateInput): string {
  const date = toDate(value);
  if (!date) return '';
  return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${pad(date.getFullYear() % 100)}`;
}

/** dd.mm.yy HH:mm in local time. */
export function formatDateTime(value: DateInput): string {
  const date = toDate(value);
  if (!date) return '';
  return `${formatDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in its currency, in the UI locale's number style (1.234,50 € in Greek). */
export function formatMoney(amount: number | null | undefined, currency = 'EUR', locale: Locale = 'en'): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '';
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(localeTags[locale], { style: 'currency', currency });
    } catch {
      // An unknown currency code from old data still shows its amount rather than breaking the page.
      return `${amount.toFixed(2)} ${currency}`;
    }
    moneyFormats.set(key, format);
  }
  return format.format(amount);
}

/** "Title Name Surname" of a customer, skipping the parts it lacks. */
export function formatPersonName(person: { title?: string | null; name: string; surname?: string | null }): string {
  return [person.title, person.name, person.surname].filter((part) => part && part.trim()).join(' ');
}
