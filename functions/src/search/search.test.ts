import { describe, expect, it } from 'vitest';
import { facetKey, facetKeys } from './facet-keys.js';
import { nameVariantKeys } from './first-names.js';
import { greekToLatin, phoneticKey } from './greeklish.js';
import { normalizeText, tokenize } from './normalize.js';
import { looksLikePhone, normalizePhone } from './phone.js';
import { nicknameKeys } from './nicknames.js';
import {
  caseTwins,
  matchesTerms,
  parseSearchQuery,
  phoneSearchKeys,
  textSearchKeys,
} from './search-keys.js';

/** Whether a document with this text and these phones is found by `query`. */
function finds(query: string, text: string, phones: string[] = []): boolean {
  const keys = new Set([...textSearchKeys(text), ...phones.flatMap(phoneSearchKeys)]);
  return matchesTerms(keys, parseSearchQuery(query));
}

describe('normalizeText', () => {
  it('lower-cases, strips accents and dialytika, folds final sigma', () => {
    expect(normalizeText('Στέλιος ΜΠΊΜΠΗΣ')).toBe('στελιοσ μπιμπησ');
    expect(normalizeText('Παϊσίου Ϊωάννης Προϋπόθεση')).toBe('παισιου ιωαννησ προυποθεση');
    expect(normalizeText('  Café   Ωραίος\t')).toBe('cafe ωραιοσ');
  });

  it('unifies compatibility forms', () => {
    expect(normalizeText('ﬁle １２３')).toBe('file 123');
  });

  it('tokenizes on punctuation', () => {
    expect(tokenize('Ενορία Αγ. Παρασκευής, stelios.bibis@gmail.com')).toEqual([
      'ενορια',
      'αγ',
      'παρασκευησ',
      'stelios',
      'bibis',
      'gmail',
      'com',
    ]);
  });
});

describe('greeklish', () => {
  it('transliterates Greek the ELOT way', () => {
    expect(greekToLatin(normalizeText('Μπίμπης'))).toBe('bimpis');
    expect(greekToLatin(normalizeText('Ντίνος Αγγελόπουλος'))).toBe('dinos angelopoulos');
    expect(greekToLatin(normalizeText('Ευθύμιος Παύλος'))).toBe('efthymios pavlos');
    expect(greekToLatin(normalizeText('Χρήστος Ψαρράς Ξένος'))).toBe('christos psarras xenos');
  });

  it.each([
    ['μπιμπης', 'bibis'],
    ['Μπίμπης', 'mpimpis'],
    ['Γιάννης', 'Yannis'],
    ['Γιάννης', 'Giannis'],
    ['Χρήστος', 'Xristos'],
    ['Χρήστος', 'Hristos'],
    ['Χρήστος', 'Christos'],
    ['Αλέξανδρος', 'Aleksandros'],
    ['Αλέξανδρος', 'Alexandros'],
    ['Θεόδωρος', 'Theodoros'],
    ['Θεόδωρος', 'Theodwros'],
    ['Ψαρράς', 'Psaras'],
    ['Βασίλης', 'Basilis'],
    ['Φώτης', 'Photis'],
    ['Κωνσταντίνος', 'Konstantinos'],
    ['Κωνσταντίνος', 'Constantinos'],
    ['Παπαδόπουλος', 'Papadopulos'],
    ['Ειρήνη', 'Irini'],
    ['Ευθύμιος', 'Efthimios'],
    ['Γκίκας', 'Gikas'],
    ['Νταλάρας', 'Dalaras'],
    ['Οικονόμου', 'Ikonomou'],
  ])('%s sounds like %s', (greek, latin) => {
    expect(phoneticKey(greek)).toBe(phoneticKey(latin));
  });

  it('keeps different names apart', () => {
    expect(phoneticKey('Μπίμπης')).not.toBe(phoneticKey('Μπάμπης'));
    expect(phoneticKey('Νίκος')).not.toBe(phoneticKey('Νίκας'));
  });
});

describe('normalizePhone', () => {
  it.each([
    ['+30 697 123 4567', '+306971234567'],
    ['697 123 4567', '+306971234567'],
    ['(+30) 697-123-4567', '+306971234567'],
    ['0030 6971234567', '+306971234567'],
    ['30 697 123 4567', '+306971234567'],
    ['210 123 4567', '+302101234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['00357 22 123456', '+35722123456'],
  ])('%s → %s', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it.each(['12345', 'call me', '697 123 45', '+0 123 456 789', '+1234567890123456', ''])('refuses %j', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });

  it('reads national numbers of another default country with its trunk prefix', () => {
    expect(normalizePhone('020 7946 0958', '44')).toBe('+442079460958');
  });

  it('tells phone-like input from words', () => {
    expect(looksLikePhone('+30 697')).toBe(true);
    expect(looksLikePhone('2024')).toBe(false);
    expect(looksLikePhone('Οδός 12345')).toBe(false);
  });
});

describe('search keys', () => {
  const customer = 'Στέλιος Μπίμπης Ενορία Αγ. Παρασκευής stelios.bibis@gmail.com';

  it.each(['μπιμπης', 'Μπίμπης', 'ΜΠΙΜΠΗΣ', 'bibis', 'mpimpis', 'Bibi', 'στελ', 'stelios bibis', 'Μπίμπης Στέλιος', 'paraskevis', 'gmail', 'stelios.bibis@gmail.com'])(
    '%j finds "Στέλιος Μπίμπης"',
    (query) => {
      expect(finds(query, customer)).toBe(true);
    },
  );

  it.each(['μ', 'Μπ', 'μπι', 'm', 'b', 'Στ', 'st'])('half-typed %j already finds "Στέλιος Μπίμπης"', (query) => {
    expect(finds(query, customer)).toBe(true);
  });

  it('matches a half-typed vowel pair', () => {
    expect(finds('ο', 'Ουρανία')).toBe(true);
    expect(finds('ou', 'Ουρανία')).toBe(true);
    expect(finds('urania', 'Ουρανία')).toBe(true);
  });

  it('holds one key per search word', () => {
    expect(parseSearchQuery('Μπίμπης bibis στέλιος')).toEqual([{ key: 'bibis' }, { key: 'stelios' }]);
  });

  it.each(['Μπάμπης', 'babis', 'stelios papadopoulos', 'nikos'])('%j does not find "Στέλιος Μπίμπης"', (query) => {
    expect(finds(query, customer)).toBe(false);
  });

  it.each(['6971234567', '+30 697 123 4567', '00306971234567', '306971234567', '697123', '4567', '1234567'])(
    '%j finds +30 697 123 4567 by its digits',
    (query) => {
      expect(finds(query, '', ['+306971234567'])).toBe(true);
    },
  );

  it('does not match a phone by digits from its middle', () => {
    expect(finds('71234', '', ['+306971234567'])).toBe(false);
    expect(finds('6971234568', '', ['+306971234567'])).toBe(false);
  });

  it('caps long words at the key length on both sides', () => {
    const long = 'Αγιοπαρασκευοπαναγιωτοπουλος';
    expect(finds(long, long)).toBe(true);
    expect(textSearchKeys(long).every((key) => key.length <= 20)).toBe(true);
  });

  it('never cuts a character outside the Basic Multilingual Plane in half', () => {
    const keys = textSearchKeys('𐀀𐐀 Ωραία');
    // A lone surrogate is a UTF-16 unit in D800–DFFF not paired with its neighbour.
    expect(keys.filter((key) => /\p{Cs}/u.test(key))).toEqual([]);
    expect(keys).toContain('𐀀');
    expect(finds('𐀀𐐀', '𐀀𐐀 Ωραία')).toBe(true);
    expect(finds('𐀀𐐁', '𐀀𐐀 Ωραία')).toBe(false);
  });

  it('ignores a query with no words', () => {
    expect(parseSearchQuery(' ,.; ')).toEqual([]);
  });
});

describe('greeklish as people type it', () => {
  it.each([
    ['Ευθύμιος', 'Evthymios'],
    ['Ευθύμιος', 'Euthimios'],
    ['Ευάγγελος', 'Efaggelos'],
    ['Ευάγγελος', 'Euaggelos'],
    ['Παύλος', 'Paulos'],
    ['Παύλος', 'Pavlos'],
    ['Αύγουστος', 'Afgoustos'],
    ['Αύγουστος', 'Augustos'],
    ['Χρήστος', 'Hristos'],
    ['Αλέξης', 'Aleksis'],
    ['Αλέξης', 'Alexis'],
    ['Ψαράς', 'Psaras'],
    ['Θεόδωρος', '8eodoros'],
    ['Θεόδωρος', 'Theodwros'],
    ['Ξένος', '3enos'],
    ['Ξένος', 'Ksenos'],
    ['Ειρήνη', 'Eirhnh'],
    ['Μητέρα', 'Mhtera'],
    ['Μιχάλης', 'Mihalis'],
    ['Μιχάλης', 'Michalis'],
    ['Μιχάλης', 'Mixalis'],
    ['Κωνσταντίνου', 'Kwnstantinou'],
    ['Κωνσταντίνου', 'Konstantinu'],
  ])('%s is typed %s', (greek, latin) => {
    expect(phoneticKey(latin)).toBe(phoneticKey(greek));
  });

  it('keeps digits of numbers and codes as digits', () => {
    expect(phoneticKey('2030')).toBe('2030');
    expect(phoneticKey('A100')).not.toBe(phoneticKey('A1000'));
    expect(finds('305', 'Οδός Πατησίων 305')).toBe(true);
    expect(finds('papadopoulos 305', 'Παπαδόπουλος Οδός Πατησίων 305')).toBe(true);
  });
});

describe('first-name forms', () => {
  it.each([
    ['Γιώργος', 'Γεώργιος'],
    ['giorgos', 'Γεώργιος'],
    ['Yiorgos', 'Γεώργιος'],
    ['Γιώργης', 'Γεώργιος'],
    ['Γιωργάκης', 'Γιώργος'],
    ['georgios', 'Γιώργος'],
    ['Γιάννης', 'Ιωάννης'],
    ['Ιωάννης', 'Γιάννης'],
    ['Giannakis', 'Ιωάννης'],
    ['Κώστας', 'Κωνσταντίνος'],
    ['konstantinos', 'Κώστας'],
    ['Μιχάλης', 'Μιχαήλ'],
    ['mixail', 'Μιχάλης'],
    ['Δημήτρης', 'Δημήτριος'],
    ['Νίκος', 'Νικόλαος'],
    ['Βασίλης', 'Βασίλειος'],
    ['Πάνος', 'Παναγιώτης'],
    ['Θανάσης', 'Αθανάσιος'],
    ['thanasis', 'Αθανάσιος'],
    ['Χρήστος', 'Χρηστάκης'],
    ['Σταύρος', 'Σταυράκης'],
    ['Αλέξης', 'Αλέξανδρος'],
    ['Κατερίνα', 'Αικατερίνη'],
    ['Μαίρη', 'Μαρία'],
    ['Λένα', 'Ελένη'],
    ['eleni', 'Λένα'],
  ])('%j finds %j', (query, name) => {
    expect(finds(query, `${name} Παπαδόπουλος`)).toBe(true);
    expect(finds(`${query} papadopoulos`, `${name} Παπαδόπουλος`)).toBe(true);
  });

  it('keeps different names apart', () => {
    expect(finds('Γιάννης', 'Γεώργιος Παπαδόπουλος')).toBe(false);
    expect(finds('Μαρία', 'Ελένη Παπαδοπούλου')).toBe(false);
    expect(finds('Κώστας', 'Νικόλαος Κωστόπουλος')).toBe(false);
  });

  it('adds nothing for a word that is not a first name', () => {
    expect(nameVariantKeys('παπαδοπουλοσ')).toEqual([]);
    expect(nameVariantKeys('γιωργοσ').length).toBeGreaterThan(0);
  });
});

describe('location search', () => {
  it('finds a city typed without accents or in greeklish', () => {
    const place = 'Ενορία Αγίου Νικολάου Αθήνα Αττική';
    for (const query of ['Αθηνα', 'αθήνα', 'athina', 'Attiki', 'αττ']) expect(finds(query, place), query).toBe(true);
  });
});

describe('facet keys', () => {
  it('holds one key per combination, in facet order', () => {
    const keys = facetKeys([
      ['tag', ['church', 'dealer']],
      ['rel', ['active']],
    ]);
    expect(keys.sort()).toEqual(
      ['tag=church', 'tag=dealer', 'rel=active', 'tag=church&rel=active', 'tag=dealer&rel=active'].sort(),
    );
  });

  it('finds the stored key of any filter combination', () => {
    const keys = new Set(
      facetKeys([
        ['tag', ['a&b=c']],
        ['rel', ['lead']],
        ['issue', ['1']],
      ]),
    );
    expect(keys.has(facetKey([['tag', 'a&b=c'], ['rel', undefined], ['issue', '1']])!)).toBe(true);
    expect(keys.has(facetKey([['tag', undefined], ['rel', 'lead'], ['issue', '1']])!)).toBe(true);
    expect(keys.has(facetKey([['tag', 'a'], ['rel', 'lead'], ['issue', '1']])!)).toBe(false);
    expect(facetKey([['tag', undefined]])).toBeNull();
  });
});

describe('Greek grammar in search (issue 19.8)', () => {
  it('matches names and places across nominative and genitive, in Greek and greeklish', () => {
    const parish = 'Ενορία Αγίου Νικολάου Πειραιά';
    for (const query of ['agios nikolaos', 'Άγιος Νικόλαος', 'αγιου νικολαου', 'ag nikolaou', 'agiou nikolaou']) expect(finds(query, parish), query).toBe(true);
    const priest = 'π. Νικόλαος Παπαδόπουλος';
    for (const query of ['Παπαδοπούλου', 'papadopoulou', 'Νικολάου', 'nikolaou papadopoulou']) expect(finds(query, priest), query).toBe(true);
    expect(finds('Γιάννη', 'Γιάννης Κωστόπουλος')).toBe(true);
    expect(finds('Μαρίας', 'Μαρία Αλεξίου')).toBe(true);
    expect(finds('Ελένης', 'Ελένη Σταθοπούλου')).toBe(true);
  });

  it('does not turn short words into other words', () => {
    expect(caseTwins('οσ')).toEqual([]);
    expect(caseTwins('ναο')).toEqual([]);
    expect(finds('Αγίου Γεωργίου', 'Ενορία Αγίου Νικολάου')).toBe(false);
  });

  it('reads ευ and αυ as ef, ev, eu, ey, af, av or au', () => {
    for (const query of ['Efthymiou', 'Evthimiou', 'Euthimiou', 'Eythimiou']) expect(finds(query, 'Ευθυμίου Ευάγγελος'), query).toBe(true);
    for (const query of ['Lafrio', 'Lavrio', 'Laurio', 'Layrio']) expect(finds(query, 'Λαύριο Αττικής'), query).toBe(true);
  });

  it('finds a formal name by its nickname from the list kept as data, and back', () => {
    expect(finds('Τάκης', 'Παναγιώτης Αλεξόπουλος')).toBe(true);
    expect(finds('takis', 'Παναγιώτης Αλεξόπουλος')).toBe(true);
    expect(finds('Λίτσα', 'Ελευθερία Μαυρίδου')).toBe(true);
    expect(finds('Λίτσα', 'Ευαγγελία Μαυρίδου')).toBe(true);
    expect(finds('Παναγιώτης', 'Τάκης Αλεξόπουλος')).toBe(true);
    expect(finds('Λίτσα', 'Μαρία Μαυρίδου')).toBe(false);
    expect(nicknameKeys('τακησ').length).toBeGreaterThan(0);
  });
});
