/**
 * Sign-in through the app's own origin, for embedded mode only (production signs in at Firebase
 * Auth and has no such routes). Sign-in is public; changing the password and signing out take
 * the session, and answer while a temporary password is still to be replaced. Every wrong
 * password counts against the caller's address (and, at sign-in, the account): auth-throttle.ts.
 */
import type { Request } from 'express';
import type { AppDeps } from '../app/deps.js';
import { ApiError } from '../http/errors.js';
import { createAuthThrottle } from '../http/auth-throttle.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { normaliseEmail, type LocalAuth } from './local-auth.js';
import { changePasswordBodySchema, signInBodySchema } from './auth.schema.js';

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
      role: 'viewer',
      beforePasswordChange: true,
      body: changePasswordBodySchema,
      async handler({ body, req, user }) {
        return counted(req, undefined, () => auth.changePassword(user.uid, body.current_password, body.new_password));
      },
    }),

    defineRoute({
      method: 'post',
      path: '/auth/sign-out',
      role: 'viewer',
      beforePasswordChange: true,
      status: 204,
      async handler({ user }) {
        await auth.signOut(user);
        return undefined;
      },
    }),
  ];
}
