/**
 * Value handling of DateField: the native input values (`YYYY-MM-DD`, `YYYY-MM-DDTHH:mm`)
 * against what staff type (dd/mm/yyyy, or dd.mm.yy, and a 24-hour hh:mm).
 */

const pad = (n: number): string => String(n).padStart(2, '0');

/** A `YYYY-MM-DD[THH:mm]` value split into its day and time ('' for a missing part). */
export function splitDateTime(value: string): { day: string; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(value);
  return match ? { day: match[1]!, time: match[2] ?? '' } : { day: '', time: '' };
}

/** A day and a time as a datetime-local value; midnight when only the day is known. */
export function joinDateTime(day: string, time: string): string {
  return day ? `${day}T${time || '00:00'}` : '';
}

/** `YYYY-MM-DD` as staff read it: dd/mm/yyyy. */
export function toDayText(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/**
 * What was typed, as `YYYY-MM-DD`: day, month and year separated by / . - or a space, the year
 * in two or four digits. '' for an empty box, null for something that is not a date.
 */
export function parseDayText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const match = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})$/.exec(trimmed);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A typed 24-hour time ("9:05", "0905", "17.30") as `HH:mm`; '' for empty, null when not a time. */
export function parseTimeText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${pad(hours)}:${pad(minutes)}`;
}
