import { describe, expect, it } from 'vitest';
import { emailDocument, groupThreads, hasRemoteImages } from './email-html';
import type { EmailEntry } from './mail.api';

describe('emailDocument', () => {
  const html = '<p>Γεια</p><img src="cid:logo@bell"><img src="https://tracker.example/p.gif">';

  it('blocks remote images until asked, and shows inline parts from data: URLs', () => {
    const doc = emailDocument(html, { remoteImages: false, inline: { 'logo@bell': 'data:image/png;base64,AA' } });
    expect(doc).toContain("img-src data:;");
    expect(doc).toContain('src="data:image/png;base64,AA"');
    expect(doc).toContain("default-src 'none'");
    expect(emailDocument(html, { remoteImages: true, inline: {} })).toContain('img-src data: https: http:');
  });

  it('spots remote images', () => {
    expect(hasRemoteImages(html)).toBe(true);
    expect(hasRemoteImages('<img src="cid:x">')).toBe(false);
  });
});

describe('groupThreads', () => {
  it('groups by thread, newest first, and keeps a message without a thread on its own', () => {
    const entry = (id: string, thread: string | null, subject: string) => ({ id, thread_id: thread, subject }) as EmailEntry;
    const threads = groupThreads([entry('3', 't1', 'Re: Καμπάνες'), entry('2', null, 'Bounce'), entry('1', 't1', 'Καμπάνες')]);
    expect(threads.map((t) => [t.id, t.count, t.latest.id])).toEqual([
      ['t1', 2, '3'],
      ['2', 1, '2'],
    ]);
  });
});
