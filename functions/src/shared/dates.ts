import { z } from 'zod';

/** A date a request body gives: an ISO 8601 date-time (with offset or Z) or a calendar date, as a Date. */
export const dateInputSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
  .transform((value) => new Date(value));
