/**
 * Sign-in through the app's own origin, for embedded mode only (production signs in at Firebase
 * Auth and has no such routes). Public in the route table: each checks what it needs itself (a
 * password, or the Bearer session), and every wrong password counts against the caller's
 * address and the account (http/auth-throttle.ts).
 */
import type { Request } from 'express';
import type { AppDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { createAuthThrottle } from '../http/auth-throttle.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { normaliseEmail, type LocalAuth } from './local-auth.js';
import { changePasswordBodySchema, signInBodySchema } from './auth.schema.js';

function bearerOf(req: Request): string {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!match?.[1]) throw new ApiError('unauthenticated', 'Sign in first: missing Bearer token');
  return match[1];
}

export function authRoutes(deps: AppDeps, auth: LocalAuth): RouteDef[] {
  const throttle = createAuthThrottle(deps.sql, auth.now);
  /** Runs `attempt`, counting a refusal against the caller (and the account, when named). */
  const counted = async <T>(req: Request, account: string | undefined, attempt: () => Promise<T>): Promise<T> => {
    const subject = { address: req.ip ?? '', account };
    await throttle.check(subject);
    try {
      return await attempt();
    } catch (err) {
      const refused = err instanceof ApiError && (err.code === 'unauthenticated' || (err.code === 'validation_failed' && err.details[0]?.path === 'current_password'));
      if (refused) await throttle.recordFailure(subject);
      throw err;
    }
  };

  return [
    defineRoute({
      method: 'post',
      path: '/auth/sign-in',
      role: 'public',
      body: signInBodySchema,
      async handler({ body, req }) {
        return counted(req, normaliseEmail(body.email), () => auth.signIn(body.email, body.password));
      },
    }),

    defineRoute({
      method: 'post',
      path: '/auth/password',
      role: 'public',
      body: changePasswordBodySchema,
      async handler({ body, req }) {
        const token = bearerOf(req);
        return counted(req, undefined, () => auth.changePassword(token, body.current_password, body.new_password));
      },
    }),

    defineRoute({
      method: 'post',
      path: '/auth/sign-out',
      role: 'public',
      status: 204,
      async handler({ req }) {
        const token = bearerOf(req);
        await counted(req, undefined, () => auth.signOut(token));
        return undefined;
      },
    }),
  ];
}
