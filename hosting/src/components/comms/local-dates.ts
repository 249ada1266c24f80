/**
 * Conversions between the browser's date inputs, which speak local time without a zone, and the
 * API's ISO 8601 UTC instants.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` in local time, the value of an <input type="datetime-local">. */
export function toDateTimeInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a datetime-local value names in local time; null when it is empty or not a date. */
export function fromDateTimeInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  return date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}

/** Local midnight at the start of a `YYYY-MM-DD` day (an <input type="date"> value); null when empty. */
export function startOfDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(y, mo - 1, d);
  return date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}

/** Local midnight after a `YYYY-MM-DD` day: the exclusive end of that day. */
export function endOfDay(value: string): Date | null {
  const start = startOfDay(value);
  return start ? new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1) : null;
}
