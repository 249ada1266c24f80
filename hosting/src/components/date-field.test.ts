import { describe, expect, it } from 'vitest';
import { joinDateTime, parseDayText, parseTimeText, splitDateTime, toDayText } from './date-field';

describe('date field values', () => {
  it('reads what staff type as the native value', () => {
    expect(parseDayText('24/03/2026')).toBe('2026-03-24');
    expect(parseDayText('5.1.31')).toBe('2031-01-05');
    expect(parseDayText(' 01-12-2026 ')).toBe('2026-12-01');
    expect(parseDayText('')).toBe('');
  });

  it('refuses what is not a day', () => {
    expect(parseDayText('31/02/2026')).toBeNull();
    expect(parseDayText('03/24/2026')).toBeNull();
    expect(parseDayText('tomorrow')).toBeNull();
  });

  it('reads a 24-hour time', () => {
    expect(parseTimeText('9:05')).toBe('09:05');
    expect(parseTimeText('1730')).toBe('17:30');
    expect(parseTimeText('17.30')).toBe('17:30');
    expect(parseTimeText('24:00')).toBeNull();
    expect(parseTimeText('5 pm')).toBeNull();
  });

  it('shows and joins native values', () => {
    expect(toDayText('2026-03-24')).toBe('24/03/2026');
    expect(splitDateTime('2026-03-24T17:05')).toEqual({ day: '2026-03-24', time: '17:05' });
    expect(splitDateTime('')).toEqual({ day: '', time: '' });
    expect(joinDateTime('2026-03-24', '')).toBe('2026-03-24T00:00');
    expect(joinDateTime('', '10:00')).toBe('');
  });
});
