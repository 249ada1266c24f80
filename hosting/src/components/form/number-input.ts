/**
 * The one reader of numbers typed by staff (amounts, quantities, percentages) and the one writer
 * of numbers into edit fields. The rule is the Greek one, in both UI languages, because the
 * people typing are Greek and so are their invoices and bank statements:
 *
 * - the comma is the decimal mark: `1000,50`, `0,5`, `,5`;
 * - the dot and the space group thousands: `1.000`, `1.000,50`, `1 000,50`, `1.000.000`; a group
 *   after the first has exactly three digits;
 * - a single dot followed by one, two or more than three digits can only be a decimal point, so it
 *   is read as one: `1000.50`, `12.5`;
 * - what could mean two things is refused with a message showing how to write it: a dot or comma
 *   after a comma (`1,000.50`, `1,000,000`), a single comma followed by exactly three digits
 *   (`1,000`: one or a thousand?), `0.500`, and groups that are not three digits (`1.000.5`);
 * - spaces around the number and a `€` (or `%` in percentage fields) before or after it are ignored.
 *
 * Values are computed from the digits as text, so `0,1 + 0,2`-style float noise never enters.
 */

export type NumberKind = 'money' | 'quantity' | 'percent' | 'decimal';

/** Why a text is not a number; each names an i18n message under `validation.`. */
export type NumberProblemKey = 'number' | 'ambiguousNumber' | 'wholeNumber' | 'twoDecimals';

export type ParsedNumber = { ok: true; value: number } | { ok: false; key: NumberProblemKey };

/** Decimals each kind of field takes, as the server's schemas do. */
export const decimalsOf: Record<NumberKind, number> = { money: 2, quantity: 0, percent: 2, decimal: 2 };

const symbolOf: Record<NumberKind, string | null> = { money: '€', quantity: null, percent: '%', decimal: null };

// Spaces a keyboard or a copied figure may carry: space, no-break space, narrow no-break space, thin space.
const spaces = /[\s\u00a0\u202f\u2009]+/g;

const fail = (key: NumberProblemKey): ParsedNumber => ({ ok: false, key });

/** Integer digits grouped by `.` or ` ` → the digits, or null when a group is not three digits. */
function ungroup(integer: string, separator: '.' | ' '): string | null {
  const groups = integer.split(separator);
  if (groups.length === 1) return integer;
  const [first, ...rest] = groups;
  if (!first || first.length > 3 || rest.some((g) => g.length !== 3)) return null;
  return groups.join('');
}

function stripSymbol(text: string, symbol: string | null): string {
  if (!symbol) return text;
  if (text.startsWith(symbol)) return text.slice(symbol.length).trim();
  if (text.endsWith(symbol)) return text.slice(0, -symbol.length).trim();
  return text;
}

/** Splits the text into integer and fraction digits by the rule above. */
function split(body: string): { integer: string; fraction: string } | NumberProblemKey {
  const commas = body.split(',').length - 1;
  const dots = body.split('.').length - 1;
  const grouped = body.includes(' ');
  if (commas > 1) return 'ambiguousNumber';
  if (commas === 1) {
    const [integerPart, fraction] = body.split(',') as [string, string];
    if (fraction.includes('.') || fraction.includes(' ')) return 'ambiguousNumber';
    if (fraction === '') return 'number';
    if (fraction.length === 3 && dots === 0 && !grouped && integerPart !== '' && integerPart !== '0') return 'ambiguousNumber';
    if (dots > 0 && grouped) return 'number';
    const integer = integerPart === '' ? '0' : ungroup(integerPart, dots > 0 ? '.' : ' ');
    return integer === null ? 'number' : { integer, fraction };
  }
  if (dots > 1 || (dots === 1 && grouped)) {
    // Several dots group thousands; with spaces, a last dot is grouping or decimal by its digits.
    const lastDot = body.lastIndexOf('.');
    const tail = body.slice(lastDot + 1);
    if (grouped && dots === 1 && tail.length !== 3) {
      const integer = ungroup(body.slice(0, lastDot), ' ');
      return integer === null || tail === '' ? 'number' : { integer, fraction: tail };
    }
    if (grouped) return 'number';
    const integer = ungroup(body, '.');
    return integer === null ? 'ambiguousNumber' : { integer, fraction: '' };
  }
  if (dots === 1) {
    const [integer, tail] = body.split('.') as [string, string];
    if (tail === '') return 'number';
    if (tail.length === 3 && integer !== '') {
      if (integer.startsWith('0')) return 'ambiguousNumber';
      if (integer.length <= 3) return { integer: integer + tail, fraction: '' };
    }
    return { integer: integer === '' ? '0' : integer, fraction: tail };
  }
  const integer = grouped ? ungroup(body, ' ') : body;
  return integer === null ? 'number' : { integer, fraction: '' };
}

/**
 * Reads what was typed into a field of the given kind. An empty text is not a number (each
 * form decides what empty means). A sign is accepted (`-` or `−`) so a field can say "0 or more"
 * rather than "not a number".
 */
export function parseNumber(raw: string, kind: NumberKind): ParsedNumber {
  let text = raw.replace(spaces, ' ').trim();
  text = stripSymbol(text, symbolOf[kind]);
  let sign = 1;
  if (text.startsWith('-') || text.startsWith('\u2212')) {
    sign = -1;
    text = text.slice(1).trim();
  }
  if (!/^[\d., ]+$/.test(text) || !/\d/.test(text) || /[., ]{2}/.test(text) || /^ |[., ]$/.test(text)) return fail('number');
  const parts = split(text);
  if (typeof parts === 'string') return fail(parts);
  const fraction = parts.fraction.replace(/0+$/, '');
  if (fraction.length > decimalsOf[kind]) return fail(kind === 'quantity' ? 'wholeNumber' : 'twoDecimals');
  const value = Number(`${parts.integer}.${fraction || '0'}`);
  if (!Number.isFinite(value)) return fail('number');
  return { ok: true, value: sign * value + 0 };
}

/** The parsed value, or NaN when the text is empty or not a number (the forms' checks name NaN). */
export function numberOrNaN(raw: string, kind: NumberKind): number {
  const parsed = parseNumber(raw, kind);
  return parsed.ok ? parsed.value : NaN;
}

/**
 * A stored number as an edit field shows it, in the Greek way the parser reads back: amounts
 * with two decimals (`1.450,50`, `0,00`), quantities whole (`1.200`), percentages with only the
 * decimals they have (`12,5`). '' for no value. A minus is U+2212, which the parser reads.
 */
export function numberText(value: number | null | undefined, kind: NumberKind): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const [integer = '0', decimals = ''] = Math.abs(value).toFixed(decimalsOf[kind]).split('.');
  const fraction = kind === 'money' ? decimals : decimals.replace(/0+$/, '');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${value < 0 ? '\u2212' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}
