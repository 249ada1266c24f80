/**
 * Every secret the server holds (mail passwords, the WhatsApp token and app secret, the calls
 * signing secret, session and credential keys), so that no error answer and no log line carries
 * one whatever echoed it: a remote server quoting our AUTH line, an API quoting our token. The
 * code that holds a secret registers it; the error shape and the loggers scrub with `scrubSecrets`.
 */

const MASK = '***';
/** Shorter values are too common as text to blank out everywhere (and no real secret is this short). */
const MIN_SECRET_LENGTH = 6;
/** Bounds the registry: passwords change, old ones are dropped first. */
const MAX_FORMS = 20_000;

const forms = new Set<string>();
/** Longest first, so a form that contains another is replaced whole. */
let ordered: string[] = [];

/**
 * Registers a secret in each form it can travel in: plain, URL-encoded, base64 (alone, and as
 * the middle of any longer base64 text), and with `user` the SMTP/IMAP AUTH PLAIN and HTTP Basic
 * encodings of the pair.
 */
export function registerSecret(secret: string, user?: string): void {
  if (secret.length < MIN_SECRET_LENGTH) return;
  const before = forms.size;
  for (const form of formsOf(secret, user)) {
    if (form.length >= 4) forms.add(form);
  }
  if (forms.size === before) return;
  while (forms.size > MAX_FORMS) forms.delete(forms.values().next().value as string);
  ordered = [...forms].sort((a, b) => b.length - a.length);
}

/** The text with every registered secret, in any of its forms, replaced by `***`. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const form of ordered) if (out.includes(form)) out = out.split(form).join(MASK);
  return out;
}

/** A log line's fields, scrubbed at every depth (strings only; other values pass through). */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return scrubSecrets(value.stack ?? value.message);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => scrubFields(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubFields(item, depth + 1)]));
}

function formsOf(secret: string, user?: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    ...base64Cores(bytes),
  ];
  if (user !== undefined) {
    for (const pair of [`\0${user}\0${secret}`, `${user}\0${secret}`, `${user}:${secret}`]) {
      const encoded = Buffer.from(pair, 'utf8');
      out.push(encoded.toString('base64'), encoded.toString('base64url'));
    }
  }
  return out;
}

/**
 * The secret's bytes inside a longer base64 text start at byte offset 0, 1 or 2 of a 3-byte
 * group: for each offset, the characters that depend on the secret's bytes alone. Any base64
 * carrying the secret contains one of them (and the whole encoding when it is the secret alone).
 */
function base64Cores(bytes: Buffer): string[] {
  const out = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    // Characters touched by the leading pad bytes, and the last group when it mixes with what follows.
    const skip = offset === 0 ? 0 : Math.ceil((offset * 8) / 6);
    const whole = Math.floor(padded.length / 3) * 4;
    const core = encoded.slice(skip, whole);
    if (core.length >= 8) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

type LogMethod = (message: string, fields?: Record<string, unknown>) => void;

/** A logger whose every line (message and fields) is scrubbed before it is written. */
export function scrubbingLogger<L extends { info: LogMethod; warn: LogMethod; error: LogMethod }>(logger: L): L {
  const wrap =
    (method: LogMethod): LogMethod =>
    (message, fields) =>
      method(scrubSecrets(message), fields === undefined ? undefined : (scrubFields(fields) as Record<string, unknown>));
  return { ...logger, info: wrap(logger.info.bind(logger)), warn: wrap(logger.warn.bind(logger)), error: wrap(logger.error.bind(logger)) };
}
