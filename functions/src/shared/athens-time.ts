/**
 * Days and hours as BellSystems lives them: in Europe/Athens, whose offset is +02:00 in winter
 * and +03:00 in summer (the clocks move on the last Sundays of March and October). Every
 * "today", "overdue", "at 08:00" and "a working day later" is computed here, from the time zone
 * database, so a clock change never shifts a day.
 */

export const ATHENS = 'Europe/Athens';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ATHENS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTime(at: Date): LocalTime {
  const values: Record<string, number> = {};
  for (const part of parts.formatToParts(at)) if (part.type !== 'literal') values[part.type] = Number(part.value);
  return { year: values.year!, month: values.month!, day: values.day!, hour: values.hour!, minute: values.minute!, second: values.second! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The Athens calendar day of an instant, `YYYY-MM-DD`. */
export function athensDay(at: Date): string {
  const t = localTime(at);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/** Minutes past midnight on the Athens clock. */
export function athensMinuteOfDay(at: Date): number {
  const t = localTime(at);
  return t.hour * 60 + t.minute;
}

/** Athens' offset from UTC at an instant, in minutes (120 or 180). */
function offsetMinutes(at: Date): number {
  const t = localTime(at);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant the Athens wall clock shows `hh:mm` on `day`. A time the spring change skips
 * (03:00–03:59 on the last Sunday of March) is the instant an hour later on the clock; a time the
 * autumn change shows twice is its first occurrence.
 */
export function athensInstant(day: string, minuteOfDay = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  // Try the summer offset first, so a doubled hour resolves to its first (summer) occurrence.
  for (const offset of [180, 120]) {
    const candidate = new Date(wall - offset * 60_000);
    if (offsetMinutes(candidate) === offset) return candidate;
  }
  return new Date(wall - 120 * 60_000);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar day: 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week holding `day`. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (no 30 February). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The instant `workingDays` working days (Monday to Friday, Athens) after `at`: a message that
 * arrives on Friday at 15:00 is a working day late on Monday at 15:00; one that arrives on a
 * weekend counts from Monday's start.
 */
export function addWorkingDays(at: Date, workingDays: number): Date {
  let day = athensDay(at);
  let minute = athensMinuteOfDay(at);
  if (isoWeekday(day) > 5) {
    while (isoWeekday(day) > 5) day = addDays(day, 1);
    minute = 0;
  }
  for (let left = workingDays; left > 0; ) {
    day = addDays(day, 1);
    if (isoWeekday(day) <= 5) left--;
  }
  return athensInstant(day, minute);
}
