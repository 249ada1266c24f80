/** Quote days are Athens calendar days (`YYYY-MM-DD`): a quote valid until the 31st is valid all that day in Greece. */

const athensDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' });

export function athensDay(date: Date): string {
  return athensDayFormat.format(date);
}

/** `day` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `2026-12-07` → `07/12/2026`, the Greek way (and BellSystems' English documents too). */
export function dayMonthYear(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
