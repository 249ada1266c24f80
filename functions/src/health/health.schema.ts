import { z } from 'zod';

/** What `GET /api/health` answers: a state per dependency and, when not ok, a reason from a fixed list. */

export const probeStates = ['ok', 'degraded', 'down'] as const;
export type ProbeState = (typeof probeStates)[number];

export const probeReasons = [
  /** The integration has no configuration (no mail account, no WhatsApp number, no bridge yet). */
  'not_configured',
  /** The dependency did not answer, or answered with an error. */
  'unreachable',
  'timeout',
  /** Deliveries in the integration journal failed and wait for a retry. */
  'journal_failures',
  /** Some mail accounts failed their last poll. */
  'poll_errors',
  /** Nothing heard for longer than the schedule allows (mail poll, bridge check-in). */
  'stale',
  /** The AMI bridge runs but is not connected to the PBX. */
  'pbx_disconnected',
  /** The AMI bridge holds more undelivered calls than a short outage explains. */
  'backlog',
] as const;
export type ProbeReason = (typeof probeReasons)[number];

export const probeResultSchema = z.object({ state: z.enum(probeStates), reason: z.enum(probeReasons).optional() });
export type ProbeResult = z.output<typeof probeResultSchema>;

/** The same body with 200 and, when Firestore or Turso is down, 503. */
export const healthReportSchema = z.object({
  /** The worst state of all checks. */
  status: z.enum(probeStates),
  checks: z.record(z.string(), probeResultSchema),
  time: z.string(),
});
export type HealthReport = z.output<typeof healthReportSchema>;
