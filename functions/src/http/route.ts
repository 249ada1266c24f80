import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AuthUser, Role } from '../auth/auth.types.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present on every route but public ones. */
  user: AuthUser;
  req: Request;
  res: Response;
}

/**
 * One API route. The app factory adds, for every route alike: token verification and the
 * role check (unless `role` is 'public'), zod validation of params, query and body (400 with
 * field paths), and JSON serialisation of what the handler returns. A handler that streams
 * writes to `res` itself and returns undefined.
 */
export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** Express path under /api, e.g. `/crm/customers/:id`. */
  path: string;
  role: Role | 'public';
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Success status; 200 unless set (201 for creates, 204 for deletes). */
  status?: number;
  /** Reachable while the account must still replace a temporary password (changing it, signing out). */
  beforePasswordChange?: boolean;
  /** Skip JSON body parsing (uploads stream the raw request). */
  rawBody?: boolean;
  /** What a success answers (functions/src/contract/api-responses.ts); the wiring sets it. */
  response?: RouteResponse;
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>;
}

/** A success that answers no body: a 204. */
export interface NoContent {
  answers: 'no content';
}
/** A success that answers a file rather than JSON, of this media type. */
export interface Download {
  answers: 'download';
  mediaType: string;
}
/** What a route answers on success: JSON of a schema, nothing, or a file. */
export type RouteResponse = z.ZodType | NoContent | Download;

export const noContent: NoContent = { answers: 'no content' };
export const download = (mediaType: string): Download => ({ answers: 'download', mediaType });

/** The schema of a route's answer when it answers JSON; null for a 204 or a file. */
export function jsonResponseOf(response: RouteResponse | undefined): z.ZodType | null {
  return response === undefined || 'answers' in response ? null : response;
}

/** Keeps the handler's context typed by the schemas given. */
export function defineRoute<P = Record<string, string>, Q = Record<string, unknown>, B = unknown>(
  route: RouteDef<P, Q, B>,
): RouteDef {
  return route as unknown as RouteDef;
}
