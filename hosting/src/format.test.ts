import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatPersonName } from './format';

describe('dates', () => {
  it('shows dd.mm.yy in local time', () => {
    expect(formatDate(new Date(2026, 2, 24, 9, 5))).toBe('24.03.26');
    expect(formatDate(new Date(2031, 0, 5).toISOString())).toBe('05.01.31');
  });

  it('adds HH:mm for date and time', () => {
    expect(formatDateTime(new Date(2026, 11, 1, 7, 3))).toBe('01.12.26 07:03');
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
