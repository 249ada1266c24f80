import { describe, expect, it } from 'vitest';
import { contentDisposition, isPreviewable } from './content-disposition.js';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact name per RFC 5987', () => {
    expect(contentDisposition('Προσφορά (τελική) 2026.pdf')).toBe(
      `attachment; filename="________ (______) 2026.pdf"; filename*=UTF-8''%CE%A0%CF%81%CE%BF%CF%83%CF%86%CE%BF%CF%81%CE%AC%20%28%CF%84%CE%B5%CE%BB%CE%B9%CE%BA%CE%AE%29%202026.pdf`,
    );
    expect(decodeURIComponent(contentDisposition("it's 100%.pdf").split("UTF-8''")[1]!)).toBe("it's 100%.pdf");
  });

  it('cannot be broken out of by quotes or backslashes', () => {
    const header = contentDisposition('a"; filename="evil.exe\\.pdf', true);
    expect(header.startsWith('inline; filename="a_; filename=_evil.exe_.pdf"; filename*=')).toBe(true);
  });

  it('previews only images and PDFs', () => {
    expect(isPreviewable('application/pdf')).toBe(true);
    expect(isPreviewable('image/svg+xml')).toBe(false);
    expect(isPreviewable('text/html')).toBe(false);
    expect(isPreviewable(null)).toBe(false);
  });
});
