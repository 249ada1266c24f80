import { describe, expect, it } from 'vitest';
import { hasReplyPrefix, messageKey, normaliseMessageId, referenceKeys, stripReplyPrefixes, subjectKey } from './mail.key.js';

describe('message key', () => {
  it('strips angle brackets and folds only the domain part', () => {
    expect(normaliseMessageId(' <AbC.1@Mail.Example.GR> ')).toBe('AbC.1@mail.example.gr');
    expect(messageKey('<AbC.1@Mail.Example.GR>', null)).toBe('AbC.1@mail.example.gr');
  });
  it('falls back to sha256 of the raw bytes', () => {
    expect(messageKey(undefined, Buffer.from('x'))).toBe('sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
    expect(messageKey('<>', Buffer.from('x'))).toMatch(/^sha256:/);
  });
  it('reads reference lists in order, once each', () => {
    expect(referenceKeys('<a@X.gr>\r\n <b@y.GR> <a@x.gr>')).toEqual(['a@x.gr', 'b@y.gr']);
    expect(referenceKeys(['<a@x>', '<b@y>'])).toEqual(['a@x', 'b@y']);
  });
});

describe('reply prefixes', () => {
  it('ignores Re:, Fwd:, ΑΠ:, ΣΧΕΤ:, ΠΡΘ: repeated and in any case', () => {
    for (const subject of ['Re: Καμπάνες', 'ΑΠ: Re: καμπάνες', 'ΣΧΕΤ: ΚΑΜΠΑΝΕΣ', 'Fwd: ΠΡΘ: Καμπάνες', 'Απ: Re[2]: καμπανες', 'σχετ: Καμπάνες']) {
      expect(subjectKey(subject)).toBe('καμπανεσ');
      expect(hasReplyPrefix(subject)).toBe(true);
    }
    expect(stripReplyPrefixes('ΑΠ: Re: Καμπάνες')).toBe('Καμπάνες');
    expect(hasReplyPrefix('Ρεύμα: διακοπή')).toBe(false);
  });
});
