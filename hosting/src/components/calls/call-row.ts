import type { CallDisposition, CommsEntry, CommsDirection, TimelineCall } from '../comms/comms.types';

/** What a logged call's row shows (CallRow.vue), from a comms entry or a timeline event. */
export interface CallRowInfo {
  direction: CommsDirection;
  /** E.164; null when withheld. */
  number: string | null;
  disposition: CallDisposition;
  durationSeconds: number;
  answeredBy: string | null;
  answeredByName: string | null;
  /** Extensions that rang, in order. */
  rang: string[];
}

/** The call fields the timeline adds to a logged call's ref (functions/src/timeline/timeline.schema.ts). */
const dispositions: readonly string[] = ['answered', 'missed', 'busy', 'failed', 'voicemail'] satisfies CallDisposition[];

function isDisposition(value: unknown): value is CallDisposition {
  return typeof value === 'string' && dispositions.includes(value);
}

/**
 * A call the PBX logged: every entry from the API carries `disposition`, `duration_seconds` and
 * `details`; a call noted by hand has no disposition and keeps the generic row.
 */
export function callRowFromEntry(entry: CommsEntry & { disposition?: unknown; duration_seconds?: unknown; details?: unknown }): CallRowInfo | null {
  if (entry.type !== 'call' || !isDisposition(entry.disposition)) return null;
  const details = typeof entry.details === 'object' && entry.details !== null ? (entry.details as Record<string, unknown>) : {};
  const answeredBy = typeof details.answered_by === 'string' ? details.answered_by : null;
  const staff = typeof details.staff === 'object' && details.staff !== null ? (details.staff as Record<string, { name?: unknown } | undefined>) : {};
  const name = answeredBy ? staff[answeredBy]?.name : undefined;
  return {
    direction: entry.direction,
    number: entry.address,
    disposition: entry.disposition,
    durationSeconds: typeof entry.duration_seconds === 'number' ? entry.duration_seconds : 0,
    answeredBy,
    answeredByName: typeof name === 'string' ? name : null,
    rang: Array.isArray(details.extensions_rang) ? details.extensions_rang.filter((e): e is string => typeof e === 'string') : [],
  };
}

export function callRowFromTimeline(direction: CommsDirection | undefined, call: TimelineCall | undefined): CallRowInfo | null {
  if (!call || !direction || !isDisposition(call.disposition)) return null;
  return {
    direction,
    number: call.address,
    disposition: call.disposition,
    durationSeconds: call.duration_seconds,
    answeredBy: call.answered_by,
    answeredByName: call.answered_by_name,
    rang: call.extensions_rang,
  };
}

/** Talk time as mm:ss (minutes grow past 59: a 75-minute call is 75:00). */
export function formatTalk(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
