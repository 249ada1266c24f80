import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPersonName, formatPhone } from './format';
import { i18n } from './i18n';

describe('dates', () => {
  it('shows the date in the locale\'s numeric style, in local time', () => {
    expect(formatDate(new Date(2026, 2, 24, 9, 5), 'el')).toBe('24/03/2026');
    expect(formatDate(new Date(2031, 0, 5).toISOString(), 'en')).toBe('05/01/2031');
  });

  it('adds the time on a 24-hour clock in both languages', () => {
    expect(formatDateTime(new Date(2026, 11, 1, 17, 3), 'el')).toBe('01/12/2026, 17:03');
    expect(formatDateTime(new Date(2026, 11, 1, 17, 3), 'en')).toBe('01/12/2026, 17:03');
  });

  it('follows the active UI language by default', () => {
    i18n.global.locale.value = 'el';
    expect(formatNumber(1234.5)).toBe('1.234,5');
    i18n.global.locale.value = 'en';
    expect(formatNumber(1234.5)).toBe('1,234.5');
  });

  it('shows nothing for a missing or unreadable date', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });
});

describe('money', () => {
  const nbsp = /\u00a0/g;

  it('formats in the currency, in the UI locale', () => {
    expect(formatMoney(1234.5, 'EUR', 'el').replace(nbsp, ' ')).toBe('1.234,50 €');
    expect(formatMoney(1234.5, 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMoney(99, 'USD', 'en')).toBe('US$99.00');
  });

  it('still shows an amount in an unknown currency code', () => {
    expect(formatMoney(10, 'EURO', 'en')).toBe('10.00 EURO');
  });

  it('shows nothing for a missing amount', () => {
    expect(formatMoney(null)).toBe('');
  });
});

describe('names', () => {
  it('joins title, name and surname, skipping what is missing', () => {
    expect(formatPersonName({ title: 'π.', name: 'Γεώργιος', surname: 'Μπίμπης' })).toBe('π. Γεώργιος Μπίμπης');
    expect(formatPersonName({ name: 'Δήμος Αθηναίων', title: null, surname: '' })).toBe('Δήμος Αθηναίων');
  });
});

describe('formatPhone', () => {
  it.each([
    ['+306944000111', '6944 000 111'],
    ['00306944000111', '6944 000 111'],
    ['6932118904', '6932 118 904'],
    ['6932 118 904', '6932 118 904'],
    ['2610 123456', '2610 123 456'],
    ['+30 210-1234567', '210 123 4567'],
    ['2310 555 666', '2310 555 666'],
    ['+442079460958', '+44 207 946 0958'],
    ['Απόκρυψη', 'Απόκρυψη'],
    ['12345', '12345'],
    ['', ''],
  ])('shows %j as %j', (raw, shown) => {
    expect(formatPhone(raw)).toBe(shown);
  });
});
