import { forbiddenTextChars } from '../http/validate.js';

/**
 * What a customer sends through an integration is kept, never refused for its content
 * (DESIGN.md, "Inbound data is kept, staff input is checked"). The input rules meant for staff
 * typing refuse control and bidi characters; here they are made visible instead, so the entry
 * is stored and shows what was there, while the journal keeps the bytes as they came.
 */

const anyForbidden = new RegExp(forbiddenTextChars.source, 'gu');
/** An unpaired surrogate (storage would turn it into U+FFFD silently). */
const loneSurrogate = /\p{Cs}/gu;

const marker = (char: string): string => `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;

/** The text with every control and bidi character but tab and line breaks shown as ⟨U+XXXX⟩. */
export function visibleText(text: string): string {
  return text.replace(anyForbidden, marker).replace(loneSurrogate, marker);
}

/** A value from an integration with every string (and key) in it made visible, at any depth. */
export function inboundSafe<T>(value: T): T {
  if (typeof value === 'string') return visibleText(value) as T;
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => inboundSafe(item)) as T;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [visibleText(key), inboundSafe(item)])) as T;
}

/** Beyond this a sender's clock is wrong, not early: the entry takes the receipt time. */
const MAX_AHEAD_MS = 24 * 60 * 60_000;
/** Before any message the CRM could have received. */
const EARLIEST = Date.UTC(2000, 0, 1);

export interface InboundTime {
  at: Date;
  /** Set when the sender's time was impossible (far future, before 2000, not a time): `at` is then the receipt time. */
  flag: 'impossible' | null;
}

/** The time a message claims, or its receipt time when the claim is impossible. */
export function inboundTime(claimed: Date | null, received: Date): InboundTime {
  const ms = claimed?.getTime();
  if (ms === undefined || !Number.isFinite(ms) || ms > received.getTime() + MAX_AHEAD_MS || ms < EARLIEST) {
    return { at: received, flag: 'impossible' };
  }
  return { at: claimed!, flag: null };
}
