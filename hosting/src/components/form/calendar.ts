/**
 * Calendar arithmetic of the date picker on `YYYY-MM-DD` days, in UTC so no time zone or
 * daylight-saving change can shift a day. Weeks start on Monday, as in Greece and the UK.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

const toDate = (day: string): Date => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date): string => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

export function addDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

/** The same day of another month, or that month's last day when it is shorter (31/01 + 1 → 28/02). */
export function addMonths(day: string, months: number): string {
  const date = toDate(day);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return toDay(target);
}

/** The first day of the month `day` is in. */
export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/** Monday = 0 … Sunday = 6. */
export const weekdayOf = (day: string): number => (toDate(day).getUTCDay() + 6) % 7;

/** The six weeks shown for a month: from the Monday on or before its first day, 42 days. */
export function monthGrid(month: string): string[] {
  const start = addDays(monthOf(month), -weekdayOf(monthOf(month)));
  return Array.from({ length: 42 }, (_, i) => addDays(start, i));
}

/** Today in local time, as the user's calendar has it. */
export function today(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether `day` is inside the optional bounds (inclusive). */
export const withinBounds = (day: string, min?: string, max?: string): boolean => (!min || day >= min) && (!max || day <= max);

/** A day as a Date at UTC midnight, for Intl formatting with timeZone 'UTC'. */
export const dateOfDay = toDate;
