import type { AccountCredential, UserSummary } from '../auth/auth.types.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { actorOf } from '../shared/actor.js';
import { withRoleLock } from './role-lock.js';
import { createUserBodySchema, setRoleBodySchema, userParamsSchema } from './users.schema.js';

const activeAdmin = (account: UserSummary): boolean => account.role === 'admin' && !account.disabled;

export interface UsersRoutesOptions {
  /**
   * Sends a password link (production's way to set a password) to its person; resolves whether
   * it went. Wired to the CRM's mail account; without it, or when it fails, the admin passes it on.
   */
  sendPasswordLink?: (credential: AccountCredential) => Promise<boolean>;
}

export function usersRoutes(deps: AppDeps, options: UsersRoutesOptions = {}): RouteDef[] {
  /** The credential as answered: a link is also e-mailed to its person where that can be done. */
  const delivered = async (credential: AccountCredential): Promise<AccountCredential & { link_sent?: boolean }> => {
    if (!credential.password_link || !options.sendPasswordLink) return credential;
    return { ...credential, link_sent: await options.sendPasswordLink(credential) };
  };

  /**
   * Runs a change that may take an admin away, under the role lock. Under the lock, two admins
   * demoting or disabling each other at once are two changes in a row: the second finds its
   * caller no admin any more. And the change is refused (409) when `uid` is the last active admin.
   */
  const keepingAnAdmin = <T>(callerUid: string, uid: string, change: () => Promise<T>): Promise<T> =>
    withRoleLock(deps, async () => {
      const accounts = await deps.users.list();
      const caller = accounts.find((account) => account.uid === callerUid);
      if (!caller || !activeAdmin(caller)) throw new ApiError('forbidden', 'Your admin role was removed meanwhile');
      const target = accounts.find((account) => account.uid === uid);
      if (target && activeAdmin(target) && !accounts.some((account) => account.uid !== uid && activeAdmin(account))) {
        throw new ApiError('conflict', 'This is the last active admin: make someone else admin first');
      }
      return change();
    });

  return [
    defineRoute({
      method: 'get',
      path: '/me',
      role: 'viewer',
      async handler({ user }) {
        return { uid: user.uid, email: user.email, name: user.name, role: user.role };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/admin/users',
      role: 'admin',
      async handler() {
        const users = await deps.users.list();
        return { users, total: users.length, next_cursor: null };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/admin/users',
      role: 'admin',
      status: 201,
      body: createUserBodySchema,
      async handler({ body, user }) {
        return delivered(await deps.users.create(body, actorOf(user)));
      },
    }),

    defineRoute({
      method: 'put',
      path: '/admin/users/:uid/role',
      role: 'admin',
      params: userParamsSchema,
      body: setRoleBodySchema,
      async handler({ params, body, user }) {
        // Keeps at least one admin: the last one cannot lock everyone out by accident.
        if (params.uid === user.uid && body.role !== 'admin') {
          throw new ApiError('conflict', 'You cannot remove your own admin role; ask another admin to do it');
        }
        if (body.role === 'admin') return deps.users.setRole(params.uid, body.role, actorOf(user));
        return keepingAnAdmin(user.uid, params.uid, () => deps.users.setRole(params.uid, body.role, actorOf(user)));
      },
    }),

    defineRoute({
      method: 'post',
      path: '/admin/users/:uid/disable',
      role: 'admin',
      params: userParamsSchema,
      async handler({ params, user }) {
        if (params.uid === user.uid) throw new ApiError('conflict', 'You cannot disable your own account; ask another admin to do it');
        return keepingAnAdmin(user.uid, params.uid, () => deps.users.setDisabled(params.uid, true, actorOf(user)));
      },
    }),

    defineRoute({
      method: 'post',
      path: '/admin/users/:uid/enable',
      role: 'admin',
      params: userParamsSchema,
      async handler({ params, user }) {
        return deps.users.setDisabled(params.uid, false, actorOf(user));
      },
    }),

    defineRoute({
      method: 'post',
      path: '/admin/users/:uid/reset-password',
      role: 'admin',
      params: userParamsSchema,
      async handler({ params, user }) {
        return delivered(await deps.users.resetPassword(params.uid, actorOf(user)));
      },
    }),
  ];
}
