import { describe, expect, it } from 'vitest';
import { addDays, addMonths, athensDate, isCalendarDay, nextServiceDue } from './service-dates.js';

describe('service dates', () => {
  it('adds months clamped to the month end, across leap years', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonths('2024-03-31', 120)).toBe('2034-03-31');
  });

  it('computes the next due date from the last service, or else the install date', () => {
    expect(nextServiceDue({ installedOn: '2024-02-29', lastServiceOn: null, intervalMonths: 12 })).toBe('2025-02-28');
    expect(nextServiceDue({ installedOn: '2024-02-29', lastServiceOn: '2025-03-31', intervalMonths: 6 })).toBe('2025-09-30');
    expect(nextServiceDue({ installedOn: '2024-02-29', lastServiceOn: null, intervalMonths: null })).toBeNull();
    expect(nextServiceDue({ installedOn: null, lastServiceOn: null, intervalMonths: 12 })).toBeNull();
  });

  it('knows real calendar days and the Athens day of an instant', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(isCalendarDay('2025-13-01')).toBe(false);
    expect(isCalendarDay('2025-1-01')).toBe(false);
    // 22:30 UTC on 31 December is already New Year's Day in Athens (UTC+2).
    expect(athensDate(new Date('2025-12-31T22:30:00Z'))).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 30)).toBe('2025-03-30');
  });
});
