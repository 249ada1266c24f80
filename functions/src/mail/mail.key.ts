import { createHash } from 'node:crypto';

const MAX_ID = 490;

/**
 * A message's one key (issue 8, "One entry per message"), kept as the entry's ext_message_id:
 * the Message-ID without angle brackets and with its domain part in lower case (the local part
 * is case-sensitive by RFC 5322), or `sha256:<hex>` of the raw source when it has none.
 */
export function messageKey(messageId: string | null | undefined, raw: Buffer | null): string {
  const normalised = normaliseMessageId(messageId);
  if (normalised) return normalised;
  if (!raw) throw new Error('a message without a Message-ID needs its raw source for a key');
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** `<AbC@Mail.Example.GR>` → `AbC@mail.example.gr`; null for an empty or missing id. */
export function normaliseMessageId(messageId: string | null | undefined): string | null {
  if (!messageId) return null;
  const inner = messageId.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  // Longer than the log keeps (ext_message_id) or not an id at all: the raw bytes' hash keys it.
  if (inner === '' || inner.length > MAX_ID || /\s/.test(inner)) return null;
  const at = inner.lastIndexOf('@');
  return at < 0 ? inner : `${inner.slice(0, at)}@${inner.slice(at + 1).toLowerCase()}`;
}

/** Every `<id>` of a References or In-Reply-To header (or mailparser's string/array of them), normalised, in order. */
export function referenceKeys(value: string | string[] | null | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const ids = text.match(/<[^<>\s]+>/g) ?? text.split(/\s+/);
  const keys: string[] = [];
  for (const id of ids) {
    const key = normaliseMessageId(id);
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Re:, Fwd:, ΑΠ:, ΣΧΕΤ:, ΠΡΘ: and their kin, repeated or numbered (`Re[2]:`), in any case. */
const REPLY_PREFIX = /^\s*(?:re|fw|fwd|aw|wg|sv|vs|απ|σχετ|πρθ|προώθ|προωθ)\s*(?:\[\d+\])?\s*:\s*/iu;

/** The subject without reply and forward prefixes, for showing a thread's title. */
export function stripReplyPrefixes(subject: string): string {
  let rest = subject.trim();
  for (let guard = 0; guard < 20; guard++) {
    const next = rest.replace(REPLY_PREFIX, '');
    if (next === rest) break;
    rest = next.trim();
  }
  return rest;
}

/** Whether the subject starts with a reply or forward prefix. */
export function hasReplyPrefix(subject: string): boolean {
  return REPLY_PREFIX.test(subject);
}

/** The subject as grouping compares it: prefixes left out, spaces folded, lower case, accents stripped. */
export function subjectKey(subject: string): string {
  return stripReplyPrefixes(subject)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .replace(/\s+/g, ' ')
    .trim();
}
