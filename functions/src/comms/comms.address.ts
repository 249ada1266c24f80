import { z } from 'zod';
import { digitsOf, normalizePhone } from '../search/phone.js';

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

/** The customer search key an address is found under (customers' `search_keys`). */
export function searchKeyOf(address: Address): string {
  return address.kind === 'phone' ? digitsOf(address.key) : address.key;
}
