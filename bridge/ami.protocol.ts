/**
 * The Asterisk Manager Interface wire format: after a one-line banner
 * (`Asterisk Call Manager/7.0.3\r\n`), every message is `Key: Value` lines ending in `\r\n`,
 * and a blank line (`\r\n\r\n`) ends the message. TCP may cut anywhere, even inside a UTF-8
 * character of a Greek caller name, so bytes are buffered and only whole messages are decoded
 * (panoramisk decodes each chunk on its own and loses such characters).
 */

export interface AmiMessage {
  /** Header names as Asterisk sent them; a repeated key (ChanVariable) keeps its last value here… */
  readonly fields: Record<string, string>;
  /** …and, only for keys that repeat, every value in order. */
  readonly repeated: Record<string, string[]>;
}

const CRLF = Buffer.from('\r\n');
const END = Buffer.from('\r\n\r\n');
/** A message larger than this is not AMI (or the stream is out of step): drop the buffer. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export class AmiParser {
  private buffer: Buffer = Buffer.alloc(0);
  private bannerSeen = false;
  banner: string | null = null;

  /** Feeds one chunk; returns the messages it completed. */
  push(chunk: Buffer): AmiMessage[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: AmiMessage[] = [];
    if (!this.bannerSeen) {
      const eol = this.buffer.indexOf(CRLF);
      if (eol < 0) return messages;
      this.banner = this.buffer.subarray(0, eol).toString('utf8');
      this.bannerSeen = true;
      this.buffer = this.buffer.subarray(eol + CRLF.length);
    }
    let start = 0;
    for (;;) {
      const end = this.buffer.indexOf(END, start);
      if (end < 0) break;
      const message = parseMessage(this.buffer.subarray(start, end).toString('utf8'));
      if (message) messages.push(message);
      start = end + END.length;
    }
    this.buffer = start === 0 ? this.buffer : Buffer.from(this.buffer.subarray(start));
    if (this.buffer.length > MAX_MESSAGE_BYTES) this.buffer = Buffer.alloc(0);
    return messages;
  }
}

/** One message's text (without the closing blank line) → its fields; null when it has none. */
export function parseMessage(text: string): AmiMessage | null {
  const fields: Record<string, string> = {};
  let repeated: Record<string, string[]> | null = null;
  let any = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < lineEnd) {
      const key = text.slice(start, colon).trim();
      const valueStart = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      const value = text.slice(valueStart, lineEnd).trimEnd();
      if (key in fields) {
        repeated ??= {};
        (repeated[key] ??= [fields[key]!]).push(value);
      }
      fields[key] = value;
      any = true;
    }
    start = end + 1;
  }
  return any ? { fields, repeated: repeated ?? {} } : null;
}

/** An action as bytes; values cannot carry line breaks (they would inject headers). */
export function serializeAction(fields: Record<string, string | string[]>): Buffer {
  let text = '';
  for (const [key, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (/[\r\n]/.test(key) || /[\r\n]/.test(one)) throw new Error(`AMI field ${key} holds a line break`);
      text += `${key}: ${one}\r\n`;
    }
  }
  return Buffer.from(`${text}\r\n`, 'utf8');
}
