import { i18n, localeTags, type Locale } from './i18n';

type DateInput = string | Date | null | undefined;

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The UI's current locale: formatting follows the language the user picked. */
function activeLocale(): Locale {
  return i18n.global.locale.value;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTags[locale], {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      // 24-hour clock in every locale, as staff read times.
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    dateFormats.set(key, format);
  }
  return format;
}

/** The date in local time, in the locale's numeric style (24/03/2026); '' when there is no date. */
export function formatDate(value: DateInput, locale: Locale = activeLocale()): string {
  const date = toDate(value);
  return date ? dateFormat(locale, false).format(date) : '';
}

/** Date and 24-hour time in local time (24/03/2026, 09:05). */
export function formatDateTime(value: DateInput, locale: Locale = activeLocale()): string {
  const date = toDate(value);
  return date ? dateFormat(locale, true).format(date) : '';
}

/** Negative figures read with the minus sign (U+2212), never a hyphen, in every language. */
const withMinus = (text: string): string => text.replace(/-/g, '\u2212');

/** A plain number in the locale's style (1.234,5 in Greek). */
export function formatNumber(value: number | null | undefined, locale: Locale = activeLocale()): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return withMinus(new Intl.NumberFormat(localeTags[locale], { maximumFractionDigits: 2 }).format(value));
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in its currency, in the UI locale's number style (1.234,50 € in Greek). */
export function formatMoney(amount: number | null | undefined, currency = 'EUR', locale: Locale = activeLocale()): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '';
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(localeTags[locale], { style: 'currency', currency });
    } catch {
      // An unknown currency code from old data still shows its amount rather than breaking the page.
      return withMinus(`${amount.toFixed(2)} ${currency}`);
    }
    moneyFormats.set(key, format);
  }
  return withMinus(format.format(amount));
}

/** "Title Name Surname" of a customer, skipping the parts it lacks. */
export function formatPersonName(person: { title?: string | null; name: string; surname?: string | null }): string {
  return [person.title, person.name, person.surname].filter((part) => part && part.trim()).join(' ');
}

/** Digits in groups of three from the left, the last group holding the final four (207 946 0958). */
function groupDigits(digits: string): string {
  const groups: string[] = [];
  let rest = digits;
  while (rest.length > 4) {
    groups.push(rest.slice(0, 3));
    rest = rest.slice(3);
  }
  return [...groups, rest].filter(Boolean).join(' ');
}

/**
 * A phone number shown one way on every screen. A Greek number (10 digits, or +30 / 0030 and 10
 * digits): a mobile or a 4-digit area code as "6932 118 904", "2610 123 456", Athens and Piraeus
 * (21x) as "210 123 4567". Another country's: "+44 207 946 0958" (the country code taken as two
 * digits, the rest in threes). Text that is not a phone number (a withheld caller) as it came.
 */
export function formatPhone(raw: string | null | undefined): string {
  if (!raw) return '';
  const text = raw.trim();
  if (!/^[+\d\s().\-/]+$/.test(text)) return text;
  let digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (international) {
    if (!(digits.startsWith('30') && digits.length === 12)) return `+${digits.slice(0, 2)} ${groupDigits(digits.slice(2))}`.trim();
    digits = digits.slice(2);
  }
  if (digits.length !== 10) return text;
  if (digits.startsWith('21')) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
}
