import type { AppDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
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
        return deps.users.setRole(params.uid, body.role);
      },
    }),
  ];
}
