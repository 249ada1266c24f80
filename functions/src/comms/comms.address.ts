import { z } from 'zod';
import { tokenize } from '../search/normalize.js';
import { digitsOf, normalizePhone } from '../search/phone.js';
import { wordSearchKey } from '../search/search-keys.js';

/**
 * Where a message came from or went to, as one matching key: an e-mail address in lower
 * case, or a phone number in E.164 (`+306971234567`). Messages with the same key are
 * assigned to a customer together.
 */
export type AddressKind = 'email' | 'phone';

export interface Address {
  kind: AddressKind;
  key: string;
}

const emailSchema = z.email();

/** The matching key of `raw` ("Name <a@b.gr>", "a@b.gr", "+30 697 123 4567"), or null. */
export function parseAddress(raw: string): Address | null {
  const trimmed = raw.trim();
  const bracketed = /<([^<>]+)>\s*$/.exec(trimmed)?.[1] ?? trimmed;
  const candidate = bracketed.replace(/^(mailto|tel|whatsapp):/i, '').trim();
  if (candidate.includes('@')) {
    const email = candidate.toLowerCase();
    return emailSchema.safeParse(email).success ? { kind: 'email', key: email } : null;
  }
  const e164 = normalizePhone(candidate);
  return e164 ? { kind: 'phone', key: e164 } : null;
}

/**
 * The customer search key (customers' `search_keys`) an address is looked up by: a phone's
 * E.164 digits; for an e-mail address the key of its longest word (a contact's words are its
 * keys), the rarest guess. Candidates are then checked for the exact address.
 */
export function searchKeyOf(address: Address): string {
  if (address.kind === 'phone') return digitsOf(address.key);
  return tokenize(address.key)
    .map(wordSearchKey)
    .reduce((best, key) => (key.length > best.length ? key : best), '');
}
