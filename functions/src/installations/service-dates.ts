/**
 * Calendar days of the installed base: `YYYY-MM-DD` strings, a day in Europe/Athens, where a
 * technician's "today" and a warranty's last day live. Month arithmetic clamps to the month's
 * end (31/01 + 1 month = 28/02 or 29/02; 29/02/2024 + 12 months = 28/02/2025), as the plan's
 * "every N months" means to a technician.
 */

const athensDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day `at` falls on in Athens. */
export function athensDate(at: Date): string {
  return athensDay.format(at);
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD` (no 2025-02-29). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `day` plus `months` calendar months, clamped to the last day of the month reached. */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const nextYear = Math.floor(index / 12);
  const nextMonth = (index % 12) + 1;
  return `${pad(nextYear, 4)}-${pad(nextMonth)}-${pad(Math.min(date, daysInMonth(nextYear, nextMonth)))}`;
}

/** `day` plus `days` days. */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * When an installation is next due: the interval after its last completed maintenance visit,
 * or after its install date when it was never serviced; null without a plan.
 */
export function nextServiceDue(input: { installedOn: string | null; lastServiceOn: string | null; intervalMonths: number | null }): string | null {
  const from = input.lastServiceOn ?? input.installedOn;
  if (input.intervalMonths === null || from === null) return null;
  return addMonths(from, input.intervalMonths);
}
