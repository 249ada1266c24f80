import { normalizeText, tokenize } from './normalize.js';
import { textSearchKeys, wordSearchKey } from './search-keys.js';

/**
 * Search keys of a device's serial number, so the customer search finds its owner by the full
 * serial or its last 4+ characters ("0117" of "VSP-24-0117"): the serial's words as any text,
 * plus every suffix of 4 or more characters of the serial written without separators.
 */
const MIN_SERIAL_SUFFIX = 4;

/** The serial folded and without separators: "vsp-24/0117 " → "vsp240117". */
export function compactSerial(serial: string): string {
  return tokenize(serial).join('');
}

/** Suffixes of the compact serial, of MIN_SERIAL_SUFFIX characters or more (the whole one if shorter). */
export function serialSuffixes(serial: string): string[] {
  const chars = Array.from(compactSerial(serial));
  if (chars.length <= MIN_SERIAL_SUFFIX) return chars.length > 0 ? [chars.join('')] : [];
  const out: string[] = [];
  for (let n = MIN_SERIAL_SUFFIX; n <= chars.length; n++) out.push(chars.slice(-n).join(''));
  return out;
}

export function serialSearchKeys(serials: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const serial of serials) {
    if (normalizeText(serial) === '') continue;
    for (const key of textSearchKeys(serial)) keys.add(key);
    for (const suffix of serialSuffixes(serial)) keys.add(wordSearchKey(suffix));
  }
  return [...keys];
}
