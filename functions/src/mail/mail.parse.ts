// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- mailparser ships no types: the scripts project finds the declaration only through this reference
/// <reference path="./mailparser.d.ts" />
import { simpleParser, type AddressObject, type Attachment as ParsedAttachment, type HeaderValue, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { messageKey, normaliseMessageId, referenceKeys } from './mail.key.js';

/** One e-mail as the CRM keeps it, decoded (charsets, RFC 2047 words, RFC 2231 names, QP, base64). */

export interface MailAddress {
  /** Lower case. */
  address: string;
  name: string;
}

export interface MailPart {
  filename: string;
  content_type: string;
  content: Buffer;
  size: number;
  /** Content-ID without brackets, for `cid:` images in the HTML. */
  cid: string | null;
  /** Shown in the body (an inline image) rather than listed as an attachment. */
  inline: boolean;
}

/** A message/rfc822 part (a forwarded message), summarised. */
export interface ForwardedMessage {
  subject: string;
  from: string;
  date: string | null;
  text: string;
}

export type AutoKind = 'bounce' | 'auto_reply';

export interface ParsedEmail {
  key: string;
  message_id: string | null;
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  date: Date | null;
  /** Oldest first, References then In-Reply-To; normalised keys. */
  references: string[];
  in_reply_to: string | null;
  text: string;
  /** Sanitised; null when the message has no HTML part. */
  html: string | null;
  parts: MailPart[];
  forwarded: ForwardedMessage[];
  /** A delivery failure report or an automatic reply: marked, opens no conversation. */
  auto: AutoKind | null;
}

/** How deep forwarded messages inside forwarded messages are read. */
const MAX_NESTING = 3;
const FORWARDED_TEXT = 20_000;

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  return parseLevel(raw, 0);
}

async function parseLevel(raw: Buffer, depth: number): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const forwarded: ForwardedMessage[] = [];
  const parts: MailPart[] = [];
  for (const attachment of mail.attachments) {
    if (attachment.contentType === 'message/rfc822' && depth < MAX_NESTING) {
      const inner = await parseLevel(attachment.content, depth + 1);
      forwarded.push({
        subject: inner.subject,
        from: inner.from ? formatAddress(inner.from) : '',
        date: inner.date?.toISOString() ?? null,
        text: inner.text.slice(0, FORWARDED_TEXT),
      });
      forwarded.push(...inner.forwarded);
    }
    parts.push(toPart(attachment, parts.length));
  }
  const references = referenceKeys(mail.references);
  const inReplyTo = referenceKeys(mail.inReplyTo)[0] ?? null;
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? sanitizeEmailHtml(mail.html) : null;
  return {
    key: messageKey(mail.messageId, raw),
    message_id: normaliseMessageId(mail.messageId),
    subject: (mail.subject ?? '').trim(),
    from: addresses(mail.from)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    references,
    in_reply_to: inReplyTo,
    text: (mail.text ?? '').trim(),
    html,
    parts,
    forwarded,
    auto: autoKind(mail),
  };
}

export function formatAddress(address: MailAddress): string {
  return address.name ? `"${address.name.replace(/"/g, "'")}" <${address.address}>` : address.address;
}

function toPart(attachment: ParsedAttachment, index: number): MailPart {
  const cid = attachment.cid ? attachment.cid.replace(/^<|>$/g, '').trim() : null;
  const inline = Boolean(cid) && (attachment.related === true || attachment.contentDisposition === 'inline') && attachment.contentType.startsWith('image/');
  const filename = attachment.filename?.trim() || defaultName(attachment.contentType, index);
  return { filename, content_type: attachment.contentType, content: attachment.content, size: attachment.size, cid, inline };
}

function defaultName(contentType: string, index: number): string {
  if (contentType === 'message/rfc822') return `message-${index + 1}.eml`;
  const ext = /^image\/(png|jpeg|gif|webp)$/.exec(contentType)?.[1];
  return ext ? `image-${index + 1}.${ext === 'jpeg' ? 'jpg' : ext}` : `attachment-${index + 1}.bin`;
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: MailAddress[] = [];
  const add = (entry: { address?: string; name: string; group?: { address?: string; name: string }[] }) => {
    if (entry.group) entry.group.forEach(add);
    else if (entry.address) out.push({ address: entry.address.trim().toLowerCase(), name: entry.name.trim() });
  };
  for (const object of list) object.value.forEach(add);
  return out;
}

function header(mail: ParsedMail, name: string): string {
  const value: HeaderValue | undefined = mail.headers.get(name);
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(' ');
  if (value instanceof Date) return value.toISOString();
  if ('params' in value) return `${value.value}; ${Object.entries(value.params).map(([k, v]) => `${k}=${v}`).join('; ')}`;
  return value.text;
}

const AUTO_SUBJECT = /^\s*(?:auto(?:matic)?\s*(?:reply|response)|out of (?:the )?office|αυτόματη απάντηση|εκτός γραφείου)\b/iu;

/**
 * Delivery failures (RFC 3464 reports, mailer-daemon senders) and automatic replies
 * (RFC 3834 Auto-Submitted, the common vendor headers, out-of-office subjects).
 */
function autoKind(mail: ParsedMail): AutoKind | null {
  const contentType = header(mail, 'content-type').toLowerCase();
  const sender = addresses(mail.from)[0]?.address ?? '';
  if (
    (contentType.startsWith('multipart/report') && contentType.includes('delivery-status')) ||
    /^(?:mailer-daemon|postmaster)@/.test(sender) ||
    header(mail, 'x-failed-recipients') !== ''
  ) {
    return 'bounce';
  }
  const autoSubmitted = header(mail, 'auto-submitted').trim().toLowerCase();
  if (
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    header(mail, 'x-autoreply') !== '' ||
    header(mail, 'x-autorespond') !== '' ||
    /auto[-_]reply/i.test(header(mail, 'precedence')) ||
    AUTO_SUBJECT.test(mail.subject ?? '')
  ) {
    return 'auto_reply';
  }
  return null;
}

/**
 * HTML as the SPA may show it in a sandboxed iframe: no scripts, forms, styles or event
 * handlers; links and images only over http(s), `cid:` (stored parts) and `data:` images.
 * Remote images stay in the markup; the SPA blocks them until the user asks.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags,
      'img',
      'font',
      'center',
      'span',
      'del',
      'ins',
      'small',
      'big',
    ],
    allowedAttributes: {
      a: ['href', 'name', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      font: ['color', 'face', 'size'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width', 'bgcolor'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width', 'bgcolor'],
      table: ['width', 'border', 'cellpadding', 'cellspacing', 'align', 'bgcolor'],
      '*': ['align', 'dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
    allowProtocolRelative: false,
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  });
}
