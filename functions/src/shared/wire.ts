import { z } from 'zod';

/**
 * How a response crosses the wire. Response schemas use these codecs, so one schema gives both
 * sides their type: `z.output` is what the server holds (a Date), `z.input` is the JSON the SPA
 * receives (an ISO 8601 string), and `schema.decode(json)` checks a body against the API.
 */
export const isoDate = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** The SPA's view of a response schema: what arrives as JSON. */
export type Wire<S extends z.ZodType> = z.input<S>;
