import type { AppDeps } from '../app/deps.js';
import { ApiError } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { withRoleLock } from './role-lock.js';
import { setRoleBodySchema, userParamsSchema } from './users.schema.js';

export function usersRoutes(deps: AppDeps): RouteDef[] {
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
        // Under the lock, two admins demoting each other at once are two changes in a row: the
        // second finds its caller no admin any more. With self-demotion refused, a change by a
        // current admin always leaves that admin, so one admin always remains.
        return withRoleLock(deps, async () => {
          const accounts = await deps.users.list();
          if (accounts.find((account) => account.uid === user.uid)?.role !== 'admin') {
            throw new ApiError('forbidden', 'Your admin role was removed meanwhile');
          }
          return deps.users.setRole(params.uid, body.role);
        });
      },
    }),
  ];
}
