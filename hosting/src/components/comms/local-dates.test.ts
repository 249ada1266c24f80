import { describe, expect, it } from 'vitest';
import { endOfDay, fromDateTimeInput, startOfDay, toDateTimeInput } from './local-dates';

describe('local date inputs', () => {
  it('round-trips a datetime-local value in local time', () => {
    const date = new Date(2026, 0, 5, 7, 3);
    expect(toDateTimeInput(date)).toBe('2026-01-05T07:03');
    expect(fromDateTimeInput('2026-01-05T07:03')?.getTime()).toBe(date.getTime());
    expect(fromDateTimeInput('2026-01-05T07:03:30')?.getTime()).toBe(new Date(2026, 0, 5, 7, 3, 30).getTime());
  });

  it('refuses empty and impossible values', () => {
    expect(fromDateTimeInput('')).toBeNull();
    expect(fromDateTimeInput('2026-02-30T10:00')).toBeNull();
    expect(startOfDay('')).toBeNull();
    expect(startOfDay('2026-13-01')).toBeNull();
    expect(endOfDay('nonsense')).toBeNull();
  });

  it('gives a day as local midnight to the next local midnight', () => {
    expect(startOfDay('2026-03-29')?.getTime()).toBe(new Date(2026, 2, 29).getTime());
    expect(endOfDay('2026-03-29')?.getTime()).toBe(new Date(2026, 2, 30).getTime());
    expect(endOfDay('2026-12-31')?.getTime()).toBe(new Date(2027, 0, 1).getTime());
  });
});
