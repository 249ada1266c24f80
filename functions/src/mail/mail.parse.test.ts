import { describe, expect, it } from 'vitest';
import { parseEmail, sanitizeEmailHtml } from './mail.parse.js';
import {
  autoReplyMessage,
  bounceMessage,
  forwardedMessage,
  iso88597Message,
  plainMessage,
  utf8HtmlMessage,
  windows1253Message,
} from './test-support/greek-mail.js';

const h = { from: '"Πατήρ Νικόλαος" <Naos@Example.GR>', to: 'info@bellsystems.gr' };

describe('parseEmail: Greek in every charset', () => {
  it('reads ISO-8859-7 with a Q-encoded subject and a quoted-printable body', async () => {
    const msg = iso88597Message({ ...h, messageId: '<Abc.123@MAIL.Example.GR>' });
    const parsed = await parseEmail(msg.raw);
    expect(parsed.subject).toBe(msg.subject);
    expect(parsed.text).toBe(msg.text);
    expect(parsed.from).toEqual({ address: 'naos@example.gr', name: 'Πατήρ Νικόλαος' });
    expect(parsed.key).toBe('Abc.123@mail.example.gr');
  });

  it('reads windows-1253 with a B-encoded subject and a base64 body', async () => {
    const msg = windows1253Message(h);
    const parsed = await parseEmail(msg.raw);
    expect(parsed.subject).toBe(msg.subject);
    expect(parsed.text).toBe(msg.text);
  });

  it('joins a UTF-8 subject split inside a letter, sanitises HTML, keeps cid images and RFC 2231 names', async () => {
    const msg = utf8HtmlMessage(h);
    const parsed = await parseEmail(msg.raw);
    expect(parsed.subject).toBe(msg.subject);
    expect(parsed.text).toBe(msg.text);
    expect(parsed.html).toContain('<b>τιμολόγιο</b>');
    expect(parsed.html).not.toMatch(/script|javascript:|onclick/);
    expect(parsed.html).toContain('src="cid:logo@bell"');
    expect(parsed.html).toContain('src="https://tracker.example/p.gif"');
    const pdf = parsed.parts.find((p) => p.content_type === 'application/pdf');
    expect(pdf?.filename).toBe(msg.filename);
    expect(pdf?.content.toString()).toContain('%PDF-1.4');
    const logo = parsed.parts.find((p) => p.cid === msg.cid);
    expect(logo).toMatchObject({ inline: true, content_type: 'image/png' });
  });

  it('reads a forwarded message/rfc822 inside, in its own charset', async () => {
    const msg = forwardedMessage(h);
    const parsed = await parseEmail(msg.raw);
    expect(parsed.subject).toBe(msg.subject);
    expect(parsed.forwarded[0]).toMatchObject({ subject: msg.innerSubject, text: msg.innerText });
    expect(parsed.parts.some((p) => p.content_type === 'message/rfc822')).toBe(true);
  });

  it('keys a message without Message-ID by the sha256 of its bytes', async () => {
    const msg = plainMessage({ ...h, messageId: null, subject: 'Χωρίς αναγνωριστικό', text: 'κείμενο' });
    const parsed = await parseEmail(msg.raw);
    expect(parsed.message_id).toBeNull();
    expect(parsed.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await parseEmail(msg.raw)).key).toBe(parsed.key);
  });

  it('orders References then In-Reply-To as keys', async () => {
    const msg = plainMessage({ ...h, subject: 'ΑΠ: θέμα', text: 'x', inReplyTo: '<b@X.gr>', references: ['<a@X.GR>', '<b@x.gr>'] });
    const parsed = await parseEmail(msg.raw);
    expect(parsed.references).toEqual(['a@x.gr', 'b@x.gr']);
    expect(parsed.in_reply_to).toBe('b@x.gr');
  });
});

describe('parseEmail: bounces and automatic replies', () => {
  it('marks a delivery status report as a bounce', async () => {
    expect((await parseEmail(bounceMessage(h).raw)).auto).toBe('bounce');
  });
  it('marks Auto-Submitted mail as an automatic reply', async () => {
    expect((await parseEmail(autoReplyMessage(h).raw)).auto).toBe('auto_reply');
  });
  it('leaves a person\'s mail unmarked', async () => {
    expect((await parseEmail(iso88597Message(h).raw)).auto).toBeNull();
  });
});

describe('sanitizeEmailHtml', () => {
  it('drops styles, forms, iframes and event handlers; keeps data: images only on img', () => {
    const out = sanitizeEmailHtml(
      '<style>p{}</style><form><input></form><iframe src="x"></iframe><p onmouseover="x()">α</p><img src="data:image/png;base64,AA"><a href="data:text/html,x">β</a>',
    );
    expect(out).toBe('<p>α</p><img src="data:image/png;base64,AA" /><a rel="noopener noreferrer" target="_blank">β</a>');
  });
});
