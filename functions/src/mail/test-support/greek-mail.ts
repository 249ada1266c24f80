import iconv from 'iconv-lite';

/**
 * Greek test messages of our own making, one per encoding the parser must read (issue 8,
 * "Parsing"). Each is built byte by byte, so the test sees what a mail server would store.
 */

const CRLF = '\r\n';

export interface TestMessage {
  raw: Buffer;
  subject: string;
  text: string;
}

/** RFC 2047 word of `text` in `charset`, B or Q. */
export function encodedWord(text: string, charset: string, encoding: 'B' | 'Q'): string {
  const bytes = iconv.encode(text, charset);
  if (encoding === 'B') return `=?${charset}?B?${bytes.toString('base64')}?=`;
  let q = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    q += byte === 0x20 ? '_' : /[A-Za-z0-9]/.test(ch) ? ch : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?${charset}?Q?${q}?=`;
}

/** Quoted-printable of bytes, soft line breaks at 76. */
export function quotedPrintable(bytes: Buffer): string {
  let line = '';
  const lines: string[] = [];
  for (const byte of bytes) {
    if (byte === 0x0a) {
      lines.push(line);
      line = '';
      continue;
    }
    if (byte === 0x0d) continue;
    const ch = String.fromCharCode(byte);
    const token = (byte >= 33 && byte <= 126 && ch !== '=') || byte === 0x20 ? ch : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + token.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += token;
  }
  lines.push(line);
  return lines.join(CRLF);
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

interface Headers {
  from: string;
  to: string;
  messageId?: string | null;
  date?: string;
  extra?: string[];
}

/** `"Πατήρ" <a@b>` with the name as an RFC 2047 word, as a mail client writes it. */
function asciiAddress(address: string): string {
  const match = /^"?([^"<]*?)"?\s*<([^>]+)>$/.exec(address);
  if (!match || [...match[1]!].every((ch) => ch.charCodeAt(0) < 128)) return address;
  return `${encodedWord(match[1]!.trim(), 'UTF-8', 'B')} <${match[2]}>`;
}

function head(h: Headers, subjectHeader: string): string[] {
  return [
    `From: ${asciiAddress(h.from)}`,
    `To: ${asciiAddress(h.to)}`,
    `Subject: ${subjectHeader}`,
    `Date: ${h.date ?? 'Mon, 30 Nov 2026 09:15:00 +0200'}`,
    ...(h.messageId === null ? [] : [`Message-ID: ${h.messageId ?? `<${Math.random().toString(36).slice(2)}@test.bellsystems.gr>`}`]),
    'MIME-Version: 1.0',
    ...(h.extra ?? []),
  ];
}

/** ISO-8859-7: Q-encoded subject, quoted-printable body. */
export function iso88597Message(h: Headers): TestMessage {
  const subject = 'Προσφορά για καμπάνες Ιερού Ναού';
  const text = 'Καλημέρα σας,\nθα θέλαμε προσφορά για δύο καμπάνες και έναν κρουστήρα.\nΕυχαριστούμε, π. Νικόλαος';
  const raw = [
    ...head(h, encodedWord(subject, 'ISO-8859-7', 'Q')),
    'Content-Type: text/plain; charset="ISO-8859-7"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(iconv.encode(text, 'ISO-8859-7')),
    '',
  ].join(CRLF);
  return { raw: Buffer.from(raw, 'latin1'), subject, text };
}

/** windows-1253: B-encoded subject, base64 body. */
export function windows1253Message(h: Headers): TestMessage {
  const subject = 'Βλάβη στο ρολόι του καμπαναριού';
  const text = 'Το ρολόι σταμάτησε στις 3:15 μετά την καταιγίδα. Ώρα για επισκευή;';
  const raw = [
    ...head(h, encodedWord(subject, 'windows-1253', 'B')),
    'Content-Type: text/plain; charset=windows-1253',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(iconv.encode(text, 'windows-1253')),
    '',
  ].join(CRLF);
  return { raw: Buffer.from(raw, 'latin1'), subject, text };
}

/**
 * UTF-8: a subject split over two B words in the middle of a character, an HTML body with a
 * script, a remote and a `cid:` image, and a PDF whose Greek name is in RFC 2231 form.
 */
export function utf8HtmlMessage(h: Headers): TestMessage & { filename: string; cid: string } {
  const subject = 'Τιμολόγιο Δήμου Αθηναίων';
  const bytes = Buffer.from(subject, 'utf8');
  // Cut inside a two-byte letter: only a parser that joins adjacent words before decoding gets it right.
  const cut = 5;
  const subjectHeader = `=?UTF-8?B?${bytes.subarray(0, cut).toString('base64')}?= =?UTF-8?B?${bytes.subarray(cut).toString('base64')}?=`;
  const text = 'Σας επισυνάπτουμε το τιμολόγιο.';
  const html = `<p>Σας επισυνάπτουμε το <b>τιμολόγιο</b>.</p><script>alert(1)</script><img src="https://tracker.example/p.gif"><img src="cid:logo@bell"><a href="javascript:alert(2)" onclick="x()">σύνδεσμος</a>`;
  const filename = 'Τιμολόγιο Νο 42.pdf';
  const encodedName = encodeURIComponent(filename).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const pdf = Buffer.from('%PDF-1.4\n% Greek invoice test\n%%EOF\n');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const raw = [
    ...head(h, subjectHeader),
    'Content-Type: multipart/mixed; boundary="mix"',
    '',
    '--mix',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(Buffer.from(text, 'utf8')),
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(html, 'utf8')),
    '--alt--',
    '--rel',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@bell>',
    'Content-Disposition: inline',
    '',
    base64Lines(png),
    '--rel--',
    '--mix',
    'Content-Type: application/pdf',
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename*=utf-8''${encodedName}`,
    '',
    base64Lines(pdf),
    '--mix--',
    '',
  ].join(CRLF);
  return { raw: Buffer.from(raw, 'latin1'), subject, text, filename, cid: 'logo@bell' };
}

/** A forward with the original attached as message/rfc822 (itself ISO-8859-7). */
export function forwardedMessage(h: Headers): TestMessage & { innerSubject: string; innerText: string } {
  const inner = iso88597Message({ from: '"Πατήρ Νικόλαος" <naos@example.gr>', to: h.from });
  const subject = 'ΠΡΘ: Προσφορά για καμπάνες';
  const text = 'Δείτε το παρακάτω μήνυμα.';
  const raw = Buffer.concat([
    Buffer.from(
      [
        ...head(h, encodedWord(subject, 'UTF-8', 'B')),
        'Content-Type: multipart/mixed; boundary="fwd"',
        '',
        '--fwd',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(Buffer.from(text, 'utf8')),
        '--fwd',
        'Content-Type: message/rfc822',
        'Content-Disposition: attachment; filename="original.eml"',
        '',
        '',
      ].join(CRLF),
      'latin1',
    ),
    inner.raw,
    Buffer.from(`${CRLF}--fwd--${CRLF}`, 'latin1'),
  ]);
  return { raw, subject, text, innerSubject: inner.subject, innerText: inner.text };
}

/** A plain UTF-8 message, optionally a reply (In-Reply-To / References). */
export function plainMessage(h: Headers & { subject: string; text: string; inReplyTo?: string; references?: string[] }): TestMessage {
  const raw = [
    ...head({ ...h, extra: [...(h.extra ?? []), ...(h.inReplyTo ? [`In-Reply-To: ${h.inReplyTo}`] : []), ...(h.references ? [`References: ${h.references.join(' ')}`] : [])] }, encodedWord(h.subject, 'UTF-8', 'B')),
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    h.text,
    '',
  ].join(CRLF);
  return { raw: Buffer.from(raw, 'utf8'), subject: h.subject, text: h.text };
}

/** A delivery failure report (RFC 3464). */
export function bounceMessage(h: Headers): TestMessage {
  const subject = 'Undelivered Mail Returned to Sender';
  const text = 'Η παράδοση του μηνύματος απέτυχε.';
  const raw = [
    ...head({ ...h, from: 'MAILER-DAEMON@mx.example.gr' }, subject),
    'Content-Type: multipart/report; report-type=delivery-status; boundary="rep"',
    '',
    '--rep',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    '--rep',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.gr',
    '',
    'Final-Recipient: rfc822; nobody@example.gr',
    'Action: failed',
    'Status: 5.1.1',
    '',
    '--rep--',
    '',
  ].join(CRLF);
  return { raw: Buffer.from(raw, 'utf8'), subject, text };
}

/** An out-of-office answer (RFC 3834 Auto-Submitted). */
export function autoReplyMessage(h: Headers): TestMessage {
  return plainMessage({ ...h, subject: 'Αυτόματη απάντηση: Εκτός γραφείου', text: 'Θα επιστρέψω τη Δευτέρα.', extra: ['Auto-Submitted: auto-replied'] });
}
