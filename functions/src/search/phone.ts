/**
 * Phone numbers in E.164 (`+306971234567`), so a number typed "697 123 4567",
 * "+30 697 123 4567" or "0030 6971234567" is one number. Greece is the default country:
 * Greek numbers have ten digits and no trunk prefix.
 */

export const DEFAULT_COUNTRY_CODE = '30';

const phoneCharacters = /^[+\d\s().\-/]+$/;
const GREEK_NATIONAL_LENGTH = 10;
/** E.164 allows at most 15 digits; fewer than 8 is no reachable international number. */
const MIN_E164_DIGITS = 8;
const MAX_E164_DIGITS = 15;

/** Whether `input` is written like a phone number: only digits and phone punctuation. */
export function looksLikePhone(input: string, minDigits = 5): boolean {
  return phoneCharacters.test(input.trim()) && digitsOf(input).length >= minDigits;
}

export function digitsOf(input: string): string {
  return input.replace(/\D/g, '');
}

/**
 * The E.164 form of `raw`, or null when it is not a phone number we can place: an
 * international number starts with + or 00; anything else is a national number of the
 * default country.
 */
export function normalizePhone(raw: string, countryCode = DEFAULT_COUNTRY_CODE): string | null {
  const trimmed = raw.trim();
  if (!phoneCharacters.test(trimmed)) return null;
  const digits = digitsOf(trimmed);
  let international: string;
  if (trimmed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (countryCode === DEFAULT_COUNTRY_CODE) {
    if (digits.length === GREEK_NATIONAL_LENGTH) international = countryCode + digits;
    else if (digits.length === GREEK_NATIONAL_LENGTH + countryCode.length && digits.startsWith(countryCode)) {
      // Written with the country code but without the + ("30 697 …").
      international = digits;
    } else return null;
  } else international = countryCode + digits.replace(/^0/, '');
  if (international.startsWith('0')) return null;
  if (international.length < MIN_E164_DIGITS || international.length > MAX_E164_DIGITS) return null;
  return `+${international}`;
}
