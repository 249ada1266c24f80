import { phoneticKey } from './greeklish.js';
import { tokenize } from './normalize.js';
import { DEFAULT_COUNTRY_CODE, digitsOf, looksLikePhone } from './phone.js';

/**
 * Search keys: what a document stores (`search_keys`, an array) so that a search is one
 * `array-contains` query on an indexed field instead of a scan. A document holds every
 * prefix of each of its words, both as written (normalised) and as it sounds
 * (phoneticKey), plus digit prefixes and suffixes of its phone numbers. A search term
 * matches when the document holds one of the term's keys.
 */

/** Longer words are matched on their first MAX_KEY_LENGTH characters. */
export const MAX_KEY_LENGTH = 20;
const MIN_PHONE_PREFIX = 3;
const MIN_PHONE_SUFFIX = 4;
/** Words of a query beyond this many are ignored; names and addresses never need more. */
const MAX_TERMS = 8;

function prefixes(word: string, min = 1): string[] {
  const out: string[] = [];
  for (let n = min; n <= Math.min(word.length, MAX_KEY_LENGTH); n++) out.push(word.slice(0, n));
  return out;
}

/** Keys of free text (a name, an organization, an e-mail address, a SKU). */
export function textSearchKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const token of tokenize(text)) {
    for (const key of prefixes(token)) keys.add(key);
    for (const key of prefixes(phoneticKey(token))) keys.add(key);
  }
  return [...keys];
}

/**
 * Keys of a phone number in E.164: prefixes of the international digits ("30697…") and,
 * for Greek numbers, of the national ones ("697…"), and suffixes ("4567") for the way
 * staff remember the end of a number.
 */
export function phoneSearchKeys(e164: string): string[] {
  const digits = digitsOf(e164);
  const keys = new Set(prefixes(digits, MIN_PHONE_PREFIX));
  if (digits.startsWith(DEFAULT_COUNTRY_CODE)) {
    for (const key of prefixes(digits.slice(DEFAULT_COUNTRY_CODE.length), MIN_PHONE_PREFIX)) keys.add(key);
  }
  for (let n = MIN_PHONE_SUFFIX; n < digits.length; n++) keys.add(digits.slice(-n));
  return [...keys];
}

/** One word of a search: a document matches it when it holds any of `keys`. */
export interface SearchTerm {
  keys: string[];
}

/**
 * The terms of a search box's text. A query written like a phone number is one term of its
 * digits (a leading 00 read as +); otherwise each word is a term matched as written or as it
 * sounds, so Greek and greeklish find each other.
 */
export function parseSearchQuery(query: string): SearchTerm[] {
  if (looksLikePhone(query)) {
    const digits = digitsOf(query).replace(/^00/, '');
    return [{ keys: [digits.slice(0, MAX_KEY_LENGTH)] }];
  }
  const words = [...new Set(tokenize(query))].slice(0, MAX_TERMS);
  return words.map((word) => ({
    keys: [...new Set([word.slice(0, MAX_KEY_LENGTH), phoneticKey(word).slice(0, MAX_KEY_LENGTH)])],
  }));
}

/** Whether a document holding `keys` matches every term. */
export function matchesTerms(keys: ReadonlySet<string>, terms: readonly SearchTerm[]): boolean {
  return terms.every((term) => term.keys.some((key) => keys.has(key)));
}

/**
 * The index of the term expected to match the fewest documents: the one whose shortest key
 * is longest (a longer prefix is shared by fewer words).
 */
export function mostSelectiveTerm(terms: readonly SearchTerm[]): number {
  let best = 0;
  let bestLength = -1;
  terms.forEach((term, index) => {
    const length = Math.min(...term.keys.map((key) => key.length));
    if (length > bestLength) {
      best = index;
      bestLength = length;
    }
  });
  return best;
}
