import { nameVariantKeys } from './first-names.js';
import { phoneticKey } from './greeklish.js';
import { nicknameKeys } from './nicknames.js';
import { tokenize } from './normalize.js';
import { DEFAULT_COUNTRY_CODE, digitsOf, looksLikePhone } from './phone.js';

/**
 * Search keys: what a document stores (`search_keys`, an array) so that a search is one
 * `array-contains` query on an indexed field instead of a scan. Every key is a sound-alike
 * form (phoneticKey), so one key per search word finds Greek and greeklish spellings alike:
 * a document holds the prefixes of each word's sound-alike form, and the sound-alike form of
 * each prefix of the word as written (so a half-typed digraph, "μ" of "μπ", still matches);
 * plus the prefixes of the other forms of a first name (first-names.ts: Γιώργος finds
 * Γεώργιος) and of its nicknames (nicknames.json: Τάκης finds Παναγιώτης), each also for the
 * word's other grammatical case (caseTwins: Αγίου finds Άγιος), and digit prefixes and suffixes of its phone numbers. A search word matches when the
 * document holds the word's key.
 */

/** Longer words are matched on their first MAX_KEY_LENGTH characters. */
export const MAX_KEY_LENGTH = 20;
const MIN_PHONE_PREFIX = 3;
const MIN_PHONE_SUFFIX = 4;
/** Words of a query beyond this many are ignored; names and addresses never need more. */
const MAX_TERMS = 8;

/** Prefixes by code point, so a key never ends inside a surrogate pair (𐀀 is two UTF-16 units). */
function prefixes(word: string, min = 1): string[] {
  const chars = Array.from(word);
  const out: string[] = [];
  for (let n = min; n <= Math.min(chars.length, MAX_KEY_LENGTH); n++) out.push(chars.slice(0, n).join(''));
  return out;
}

const truncate = (key: string): string => Array.from(key).slice(0, MAX_KEY_LENGTH).join('');

/**
 * The other case of a name or place word, so the nominative and the genitive find each other
 * (Άγιος/Αγίου, Νικόλαος/Νικολάου, Παπαδόπουλος/Παπαδοπούλου, Γιάννης/Γιάννη, Μαρία/Μαρίας), in
 * Greek and in greeklish. Words under four letters are left alone: too many short words end so.
 */
const caseEndings: readonly [string, string][] = [
  ['οσ', 'ου'], ['ου', 'οσ'], ['ησ', 'η'], ['ασ', 'α'], ['η', 'ησ'], ['α', 'ασ'],
  ['os', 'ou'], ['ou', 'os'], ['is', 'i'], ['as', 'a'], ['i', 'is'], ['a', 'as'],
];
export function caseTwins(token: string): string[] {
  if (Array.from(token).length < 4) return [];
  const twins = new Set<string>();
  for (const [ending, other] of caseEndings) if (token.endsWith(ending)) twins.add(token.slice(0, -ending.length) + other);
  return [...twins];
}

/** Keys of free text (a name, an organization, an e-mail address, a SKU). */
export function textSearchKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const token of tokenize(text)) {
    for (const prefix of prefixes(token)) keys.add(truncate(phoneticKey(prefix)));
    for (const form of [token, ...caseTwins(token)]) {
      for (const key of prefixes(phoneticKey(form))) keys.add(key);
      for (const variant of [...nameVariantKeys(form), ...nicknameKeys(form)]) for (const key of prefixes(variant)) keys.add(key);
    }
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

/** One word of a search: a document matches it when it holds `key`. */
export interface SearchTerm {
  key: string;
}

/** The key one word is looked up by: its sound-alike form, cut to the key length. */
export function wordSearchKey(word: string): string {
  return truncate(phoneticKey(word));
}

/**
 * The terms of a search box's text. A query written like a phone number is one term of its
 * digits (a leading 00 read as +); otherwise each word is a term, matched by how it sounds,
 * so Greek and greeklish find each other.
 */
export function parseSearchQuery(query: string): SearchTerm[] {
  if (looksLikePhone(query)) {
    const digits = digitsOf(query).replace(/^00/, '');
    return [{ key: digits.slice(0, MAX_KEY_LENGTH) }];
  }
  const keys = tokenize(query).map(wordSearchKey);
  return [...new Set(keys)].slice(0, MAX_TERMS).map((key) => ({ key }));
}

/** Whether a document holding `keys` matches every term. */
export function matchesTerms(keys: ReadonlySet<string>, terms: readonly SearchTerm[]): boolean {
  return terms.every((term) => keys.has(term.key));
}
