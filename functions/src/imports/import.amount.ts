/**
 * An amount written in a spreadsheet cell, read exactly to the cent, by the rule the SPA's
 * number fields use (hosting/src/components/form/number-input.ts): the comma is the decimal
 * mark and the dot groups thousands (`1.450,50`), a single dot followed by one or two digits
 * is a decimal point (`1450.50`); what could mean two things (`1,450`, `1.450`, `1,450.50`)
 * is refused rather than guessed, since a wrong guess is a price off by a factor of 1,000.
 * Cents are computed from the digits as text, never through a float sum.
 */

export type AmountText = { ok: true; cents: number } | { ok: false; message: string };

const AMBIGUOUS = 'is ambiguous: write 1.450,50 or 1450.50';
const fail = (message: string): AmountText => ({ ok: false, message });

function centsOf(integer: string, fraction: string): AmountText {
  if (fraction.length > 2) return fail('must have at most 2 decimals');
  const cents = Number(integer || '0') * 100 + Number(fraction.padEnd(2, '0') || '0');
  return Number.isSafeInteger(cents) ? { ok: true, cents } : fail('is too large');
}

export function parseAmountText(raw: string): AmountText {
  let text = raw.replace(/[\s\u00a0\u202f\u2009]+/g, ' ').trim();
  if (text.startsWith('€')) text = text.slice(1).trim();
  if (text.endsWith('€')) text = text.slice(0, -1).trim();
  if (/^[-\u2212]/.test(text)) return fail('must be 0 or more');
  text = text.replace(/(\d) (?=\d{3}\b)/g, '$1.');
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return fail('is not an amount');
  const greek = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(text);
  if (greek) {
    const [, integer = '', fraction = ''] = greek;
    // "1,450" and "1.450": one separator before exactly three digits reads as a decimal mark to one reader, a thousands separator to the other.
    if (fraction.length === 3 && !integer.includes('.') && integer !== '0') return fail(AMBIGUOUS);
    if (!fraction && integer.split('.').length === 2) return fail(AMBIGUOUS);
    return centsOf(integer.replace(/\./g, ''), fraction.replace(/0+$/, ''));
  }
  const dotted = /^(\d*)\.(\d+)$/.exec(text);
  if (dotted) {
    const [, integer = '', fraction = ''] = dotted;
    if (fraction.length === 3) return fail(AMBIGUOUS);
    return centsOf(integer, fraction.replace(/0+$/, ''));
  }
  return fail(/,.*\./.test(text) ? AMBIGUOUS : 'is not an amount');
}
