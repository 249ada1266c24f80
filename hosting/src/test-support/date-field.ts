import type { DOMWrapper } from '@vue/test-utils';
import { joinDateTime, parseDayText } from '../components/date-field';

/**
 * The native value (`YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`) a DateField shows, read from its day
 * input (what a label names) and, when it has one, its time input.
 */
export function dateFieldValue(dayInput: DOMWrapper<HTMLInputElement>): string {
  const day = parseDayText(dayInput.element.value) ?? '';
  const time = dayInput.element.parentElement?.querySelector<HTMLInputElement>('.date-field-time');
  return time ? joinDateTime(day, time.value) : day;
}
