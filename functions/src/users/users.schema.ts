import { z } from 'zod';
import { roles, type UserSummary } from '../auth/auth.types.js';

/** Firebase Auth uids are 1–128 characters. */
export const userParamsSchema = z.object({ uid: z.string().min(1).max(128) });

export const setRoleBodySchema = z.strictObject({ role: z.enum(roles) });

export type SetRoleBody = z.infer<typeof setRoleBodySchema>;

/** GET /me: the signed-in user, from the token. */
export const meSchema = z.object({ uid: z.string(), email: z.string().nullable(), name: z.string(), role: z.enum(roles).nullable() });

/** An entry of GET /admin/users, and the answer of PUT /admin/users/:uid/role. */
export const userSummarySchema = z.object({
  uid: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  role: z.enum(roles).nullable(),
  disabled: z.boolean(),
}) satisfies z.ZodType<UserSummary>;

/** GET /admin/users: every account, in one page. */
export const userListSchema = z.object({ users: z.array(userSummarySchema), total: z.number(), next_cursor: z.null() });
