import { phoneticKey } from '../search/greeklish.js';
import { tokenize } from '../search/normalize.js';

/**
 * The comms full-text index uses customer search's folding (search/normalize.ts,
 * search/greeklish.ts): each word is stored as written (lower case, no accents, final sigma
 * folded) and as it sounds, so "Μπίμπης", "μπιμπης" and "bibis" find the same message.
 */

/** Words of a query beyond this many are ignored. */
const MAX_QUERY_WORDS = 8;

/** The text stored in crm_comms_fts for a subject or a body. */
export function ftsText(text: string | null | undefined): string {
  if (!text) return '';
  const words = tokenize(text);
  const sounds = words.map(phoneticKey).filter((sound, i) => sound !== '' && sound !== words[i]);
  return [...words, ...sounds].join(' ');
}

/**
 * The words of a search box's text, each with its forms (as written, as it sounds): an entry
 * matches when, for every word, one of its stored words starts with one of the forms.
 * null when the text has no word to search for.
 */
export function ftsWords(query: string): string[][] | null {
  const words = [...new Set(tokenize(query))].slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return null;
  return words.map((word) => [...new Set([word, phoneticKey(word)].filter((form) => form !== ''))]);
}

/**
 * The FTS5 MATCH expression for a search box's text: every word must match, as a prefix,
 * either as written or as it sounds. null when the text has no word to search for.
 */
export function ftsQuery(query: string): string | null {
  const words = ftsWords(query);
  if (words === null) return null;
  return words
    // Words are letters and digits only (tokenize), so quoting cannot be broken out of.
    .map((forms) => `(${forms.map((form) => `"${form}"*`).join(' OR ')})`)
    .join(' AND ');
}
