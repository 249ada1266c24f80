import { describe, expect, it } from 'vitest';
import { addDays, addMonths, monthGrid, today, weekdayOf, withinBounds } from './calendar';

describe('calendar arithmetic', () => {
  it('moves by days across months, years and the leap day', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    // The night Greek clocks go forward (29/03/2026) is an ordinary day here.
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('moves by months, keeping the day or taking the month’s last', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
    expect(addMonths('2026-12-10', 1)).toBe('2027-01-10');
  });

  it('lays a month out in six weeks from Monday', () => {
    const grid = monthGrid('2026-03-18');
    expect(grid).toHaveLength(42);
    // 1 March 2026 is a Sunday: the grid opens on Monday 23 February.
    expect(grid[0]).toBe('2026-02-23');
    expect(grid[6]).toBe('2026-03-01');
    expect(weekdayOf('2026-03-01')).toBe(6);
    expect(grid.every((day, i) => i === 0 || day === addDays(grid[i - 1]!, 1))).toBe(true);
  });

  it('knows today in local time and checks bounds inclusively', () => {
    expect(today(new Date(2026, 11, 7, 23, 59))).toBe('2026-12-07');
    expect(withinBounds('2026-03-01', '2026-03-01', '2026-03-31')).toBe(true);
    expect(withinBounds('2026-02-28', '2026-03-01')).toBe(false);
    expect(withinBounds('2026-04-01', undefined, '2026-03-31')).toBe(false);
    expect(withinBounds('2026-04-01')).toBe(true);
  });
});
