import { describe, expect, it } from 'vitest';
import { addWorkingDays, athensDay, athensInstant, athensMinuteOfDay } from '../shared/athens-time.js';
import { nextOccurrence } from './tasks.repeat.js';
import type { RepeatRule } from './tasks.schema.js';

const rule = (partial: Partial<RepeatRule>): RepeatRule => ({ every: 1, unit: 'day', nth_weekday: null, until: null, ...partial });

describe('nextOccurrence', () => {
  it('steps days and weeks from the origin, skipping what was missed', () => {
    expect(nextOccurrence(rule({ every: 3 }), '2026-03-27', '2026-03-27')).toBe('2026-03-30');
    expect(nextOccurrence(rule({ every: 2, unit: 'week' }), '2026-01-05', '2026-01-05')).toBe('2026-01-19');
    // Completed late (on the 25th for the 19th): the next stays on the series.
    expect(nextOccurrence(rule({ every: 2, unit: 'week' }), '2026-01-05', '2026-01-25')).toBe('2026-02-02');
  });

  it('keeps the 31st of the month without drifting after February', () => {
    const monthly = rule({ unit: 'month' });
    expect(nextOccurrence(monthly, '2026-01-31', '2026-01-31')).toBe('2026-02-28');
    expect(nextOccurrence(monthly, '2026-01-31', '2026-02-28')).toBe('2026-03-31');
    expect(nextOccurrence(rule({ unit: 'year' }), '2028-02-29', '2028-02-29')).toBe('2029-02-28');
  });

  it('finds the nth and the last weekday of a month', () => {
    // 2nd Tuesday, every month.
    const second = rule({ unit: 'month', nth_weekday: { nth: 2, weekday: 2 } });
    expect(nextOccurrence(second, '2026-01-13', '2026-01-13')).toBe('2026-02-10');
    expect(nextOccurrence(second, '2026-01-13', '2026-02-10')).toBe('2026-03-10');
    // Last Sunday of every 6 months (October, then April).
    const last = rule({ unit: 'month', every: 6, nth_weekday: { nth: -1, weekday: 7 } });
    expect(nextOccurrence(last, '2026-10-25', '2026-10-25')).toBe('2027-04-25');
  });

  it('ends at until', () => {
    expect(nextOccurrence(rule({ every: 7, until: '2026-01-07' }), '2026-01-01', '2026-01-01')).toBeNull();
    expect(nextOccurrence(rule({ every: 7, until: '2026-01-08' }), '2026-01-01', '2026-01-01')).toBe('2026-01-08');
  });
});

describe('Athens time', () => {
  it('puts 08:00 at 06:00Z in winter and 05:00Z in summer, across both changes of 2026', () => {
    expect(athensInstant('2026-03-28', 480).toISOString()).toBe('2026-03-28T06:00:00.000Z');
    expect(athensInstant('2026-03-29', 480).toISOString()).toBe('2026-03-29T05:00:00.000Z');
    expect(athensInstant('2026-10-24', 480).toISOString()).toBe('2026-10-24T05:00:00.000Z');
    expect(athensInstant('2026-10-25', 480).toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('resolves the skipped hour forward and the doubled hour to its first occurrence', () => {
    // 03:30 does not exist on 29 March 2026 (03:00 → 04:00).
    expect(athensInstant('2026-03-29', 210).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 03:30 happens twice on 25 October 2026: first at +03:00.
    expect(athensInstant('2026-10-25', 210).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads the Athens day and minute of an instant', () => {
    expect(athensDay(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
    expect(athensMinuteOfDay(new Date('2026-07-01T21:15:00Z'))).toBe(15);
  });

  it('counts working days over weekends', () => {
    // Friday 15:00 Athens → Monday 15:00.
    expect(addWorkingDays(new Date('2026-03-27T13:00:00Z'), 1).toISOString()).toBe('2026-03-30T12:00:00.000Z');
    // Saturday → counts from Monday 00:00, due Tuesday 00:00.
    expect(addWorkingDays(new Date('2026-03-28T10:00:00Z'), 1).toISOString()).toBe('2026-03-30T21:00:00.000Z');
  });
});
