import { addDays, isoWeekday } from '../shared/athens-time.js';
import type { RepeatRule } from './tasks.schema.js';

/**
 * When a repeating task comes again. Occurrences are counted from the first due day (the
 * origin), not from the last one, so "every month on the 31st" falls on 28 February and then
 * on 31 March again instead of drifting to the 28th for good.
 */

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

function monthDay(year: number, month: number, day: number): string {
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, last))).toISOString().slice(0, 10);
}

/** The nth (or, with -1, the last) ISO weekday of a month. */
function nthWeekdayOf(year: number, month: number, nth: number, weekday: number): string {
  if (nth === -1) {
    const last = monthDay(year, month, 31);
    return addDays(last, -((isoWeekday(last) - weekday + 7) % 7));
  }
  const first = monthDay(year, month, 1);
  return addDays(first, ((weekday - isoWeekday(first) + 7) % 7) + (nth - 1) * 7);
}

function monthlyOccurrence(rule: RepeatRule, origin: string, n: number): string {
  const [y, m, d] = origin.split('-').map(Number) as [number, number, number];
  const months = (m - 1) + n * rule.every * (rule.unit === 'year' ? 12 : 1);
  const year = y + Math.floor(months / 12);
  const month = months % 12;
  return rule.nth_weekday ? nthWeekdayOf(year, month, rule.nth_weekday.nth, rule.nth_weekday.weekday) : monthDay(year, month, d);
}

/** The first occurrence after `current` (a day), or null when the rule has ended (`until`). */
export function nextOccurrence(rule: RepeatRule, origin: string, current: string): string | null {
  let next: string | null = null;
  if (rule.unit === 'day' || rule.unit === 'week') {
    const step = rule.every * (rule.unit === 'week' ? 7 : 1);
    const n = Math.max(1, Math.floor((dayNumber(current) - dayNumber(origin)) / step) + 1);
    next = addDays(origin, n * step);
  } else {
    // Occurrences grow with n, so the loop ends within (years between origin and current) steps.
    for (let n = 1; next === null; n++) {
      const candidate = monthlyOccurrence(rule, origin, n);
      if (candidate > current) next = candidate;
    }
  }
  return rule.until !== null && next > rule.until ? null : next;
}
