/**
 * Client-side checks mirroring the server's zod schemas (functions/src/customers/customers.schema.ts,
 * ledger/ledger.schema.ts, orders/orders.schema.ts), so most mistakes show beside their field
 * before a request. The server stays the authority: its field errors are shown the same way.
 * Errors are keyed by the server's dotted paths (`contacts.0.value`) and name an i18n message.
 */
import { numberOrNaN } from './number-input';
import type { ContactType, CustomerInput, OwnedItemInput, TransactionInput } from '../../api/customers';

export interface Problem {
  /** Key under `validation.` in the messages. */
  key: string;
  params?: Record<string, string | number>;
}
export type Problems = Record<string, Problem>;

export const MAX_AMOUNT = 1_000_000_000;
const SHORT_TEXT = 300;

const emailPattern = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const languagePattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const phoneCharacters = /^[+\d\s().\-/]+$/;
const currencyPattern = /^[A-Z]{3}$/;

/** The server's rule (search/phone.ts): + or 00 and 8–15 digits, or a 10-digit Greek number. */
export function isPhoneNumber(raw: string): boolean {
  const trimmed = raw.trim();
  if (!phoneCharacters.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, '');
  let international: string;
  if (trimmed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (digits.length === 10) international = `30${digits}`;
  else if (digits.length === 12 && digits.startsWith('30')) international = digits;
  else return false;
  return !international.startsWith('0') && international.length >= 8 && international.length <= 15;
}

export const isEmail = (value: string): boolean => emailPattern.test(value.trim());

export function hasAtMostTwoDecimals(value: number): boolean {
  return Number.isFinite(value) && Math.round(value * 100) / 100 === value;
}

function text(problems: Problems, path: string, value: string | null | undefined, max: number, required = false): void {
  const trimmed = (value ?? '').trim();
  if (required && trimmed === '') problems[path] = { key: 'required' };
  else if (trimmed.length > max) problems[path] = { key: 'maxLength', params: { max } };
}

function contactProblems(problems: Problems, contacts: CustomerInput['contacts']): void {
  const primaryOf = new Set<ContactType>();
  contacts.forEach((contact, index) => {
    const at = `contacts.${index}`;
    text(problems, `${at}.label`, contact.label, SHORT_TEXT);
    const value = contact.value.trim();
    if (value === '') problems[`${at}.value`] = { key: 'required' };
    else if (value.length > 320) problems[`${at}.value`] = { key: 'maxLength', params: { max: 320 } };
    else if (contact.type === 'email' && !isEmail(value)) problems[`${at}.value`] = { key: 'email' };
    else if ((contact.type === 'phone' || contact.type === 'whatsapp') && !isPhoneNumber(value)) {
      problems[`${at}.value`] = { key: 'phone' };
    }
    if (contact.primary) {
      if (primaryOf.has(contact.type)) problems[`${at}.primary`] = { key: 'onePrimary', params: { type: contact.type } };
      primaryOf.add(contact.type);
    }
  });
}

function ownedItemProblems(problems: Problems, items: readonly OwnedItemInput[]): void {
  items.forEach((item, index) => {
    const at = `owned_items.${index}`;
    if (item.type === 'console_device') {
      text(problems, `${at}.device_id`, item.device_id, 128);
      text(problems, `${at}.label`, item.label, SHORT_TEXT);
      if (!item.device_id.trim() && !item.label.trim()) problems[`${at}.device_id`] = { key: 'deviceRequired' };
    } else if (item.type === 'product') {
      if (!item.product_id.trim() && !item.product_name.trim()) problems[`${at}.product_id`] = { key: 'productRequired' };
      text(problems, `${at}.product_name`, item.product_name, SHORT_TEXT);
      if (!Number.isInteger(item.quantity)) problems[`${at}.quantity`] = { key: 'wholeNumber' };
      else if (item.quantity < 1) problems[`${at}.quantity`] = { key: 'min', params: { min: 1 } };
      else if (item.quantity > 100_000) problems[`${at}.quantity`] = { key: 'max', params: { max: 100_000 } };
      if (item.serial_numbers.some((s) => s.trim().length > 200)) problems[`${at}.serial_numbers`] = { key: 'maxLength', params: { max: 200 } };
    } else {
      text(problems, `${at}.description`, item.description, 2000, true);
      text(problems, `${at}.serial_number`, item.serial_number, SHORT_TEXT);
      text(problems, `${at}.notes`, item.notes, 5000);
    }
  });
}

/** Folder rule of nextcloud.paths.ts: no empty, `.` or `..` segment, no backslash or control character. */
function isFolderPath(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\') && !/[\u0000-\u001f\u007f]/.test(s));
}

export function customerProblems(input: CustomerInput): Problems {
  const problems: Problems = {};
  text(problems, 'name', input.name, 200, true);
  text(problems, 'title', input.title, SHORT_TEXT);
  text(problems, 'organization', input.organization, SHORT_TEXT);
  text(problems, 'religion', input.religion, SHORT_TEXT);
  if (input.language.length === 0) problems.language = { key: 'languageRequired' };
  else if (!input.language.every((code) => languagePattern.test(code.trim()))) problems.language = { key: 'language' };
  if (input.location) {
    for (const field of ['city', 'country', 'region'] as const) text(problems, `location.${field}`, input.location[field], SHORT_TEXT);
  }
  const badTag = input.tags.findIndex((tag) => tag.trim() === '' || tag.trim().length > 60);
  if (badTag >= 0) problems.tags = { key: 'tag', params: { max: 60 } };
  else if (input.tags.length > 50) problems.tags = { key: 'maxItems', params: { max: 50 } };
  contactProblems(problems, input.contacts);
  input.notes.forEach((note, index) => text(problems, `notes.${index}.text`, note.text, 10_000, true));
  ownedItemProblems(problems, input.owned_items);
  if (input.nextcloud_folder !== null) {
    const folder = input.nextcloud_folder.trim();
    if (folder.length > 500) problems.nextcloud_folder = { key: 'maxLength', params: { max: 500 } };
    else if (!isFolderPath(folder)) problems.nextcloud_folder = { key: 'folder' };
  }
  if (input.linked_user_ids.some((uid) => uid.length > 128)) problems.linked_user_ids = { key: 'maxLength', params: { max: 128 } };
  return problems;
}

/** An amount as typed the Greek way ("1.000,50", "1000,50", see form/number-input.ts) → a number, or NaN. */
export const parseAmount = (raw: string): number => numberOrNaN(raw, 'money');

export function amountProblem(amount: number, allowZero = false): Problem | null {
  if (Number.isNaN(amount)) return { key: 'number' };
  if (allowZero ? amount < 0 : amount <= 0) return { key: allowZero ? 'notNegative' : 'positive' };
  if (amount > MAX_AMOUNT) return { key: 'max', params: { max: MAX_AMOUNT } };
  if (!hasAtMostTwoDecimals(amount)) return { key: 'twoDecimals' };
  return null;
}

export function transactionProblems(input: TransactionInput): Problems {
  const problems: Problems = {};
  if (Number.isNaN(new Date(input.date).getTime())) problems.date = { key: 'date' };
  const amount = amountProblem(input.amount);
  if (amount) problems.amount = amount;
  if (!currencyPattern.test(input.currency)) problems.currency = { key: 'currency' };
  if (input.flow === 'invoice' && input.payment_type !== null) problems.payment_type = { key: 'noMethodForInvoice' };
  if ((input.flow === 'payment' || input.flow === 'refund') && input.payment_type === null) problems.payment_type = { key: 'required' };
  text(problems, 'invoice_ref', input.invoice_ref, 200);
  text(problems, 'order_ref', input.order_ref, 200);
  text(problems, 'note', input.note, 5000);
  return problems;
}

export function ticketProblems(input: { note: string; date: string }): Problems {
  const problems: Problems = {};
  text(problems, 'note', input.note, 5000, true);
  if (Number.isNaN(new Date(input.date).getTime())) problems.date = { key: 'date' };
  return problems;
}

export function negotiationProblems(input: { title: string; note: string; date: string }): Problems {
  const problems: Problems = {};
  text(problems, 'title', input.title, 300, true);
  text(problems, 'note', input.note, 5000);
  if (Number.isNaN(new Date(input.date).getTime())) problems.date = { key: 'date' };
  return problems;
}
