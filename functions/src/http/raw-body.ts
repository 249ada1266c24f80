import type { Request } from 'express';

/** A webhook's bytes as they arrived, for its signature: Cloud Functions keeps them in `rawBody`; express.raw leaves them in `body`. */
export function rawBodyOf(req: Request): Buffer | null {
  const fromFunctions = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(fromFunctions)) return fromFunctions;
  return Buffer.isBuffer(req.body) ? req.body : null;
}
