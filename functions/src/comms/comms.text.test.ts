import { describe, expect, it } from 'vitest';
import { wordSearchKey } from '../search/search-keys.js';
import { parseAddress, searchKeyOf } from './comms.address.js';
import { ftsQuery, ftsText } from './comms.text.js';

describe('ftsText / ftsQuery', () => {
  it('stores each word as written (folded) and as it sounds', () => {
    expect(ftsText('Ο κ. Μπίμπης')).toBe('ο κ μπιμπησ o k bibis');
    expect(ftsText(null)).toBe('');
  });

  it('asks for every word, as a prefix, in either form', () => {
    expect(ftsQuery('Μπίμπης καμπάνα')).toBe('("μπιμπησ"* OR "bibis"*) AND ("καμπανα"* OR "kabana"*)');
    expect(ftsQuery('bibis')).toBe('("bibis"*)');
  });

  it('leaves no FTS5 syntax through and has nothing to search for in punctuation', () => {
    expect(ftsQuery('" OR * NEAR(')).toBe('("or"*) AND ("near"*)');
    expect(ftsQuery('!!! ---')).toBeNull();
  });
});

describe('parseAddress', () => {
  it('reads e-mail addresses in lower case, with or without a display name', () => {
    expect(parseAddress('"Στέλιος" <Stelios.B@Example.GR>')).toEqual({ kind: 'email', key: 'stelios.b@example.gr' });
    expect(parseAddress('mailto:a@b.gr')).toEqual({ kind: 'email', key: 'a@b.gr' });
    expect(parseAddress('not an @ address')).toBeNull();
  });

  it('reads phone numbers as E.164, Greek by default', () => {
    expect(parseAddress('697 123 4567')).toEqual({ kind: 'phone', key: '+306971234567' });
    expect(parseAddress('+44 20 7946 0958')).toEqual({ kind: 'phone', key: '+442079460958' });
    expect(parseAddress('whatsapp:+306971234567')).toEqual({ kind: 'phone', key: '+306971234567' });
    expect(parseAddress('anonymous')).toBeNull();
  });

  it('gives the customer search key: digits for phones, the longest word for e-mail', () => {
    expect(searchKeyOf({ kind: 'phone', key: '+306971234567' })).toBe('306971234567');
    expect(searchKeyOf({ kind: 'email', key: 'info@agiosnikolaos-patras.gr' })).toBe(wordSearchKey('agiosnikolaos'));
  });
});
