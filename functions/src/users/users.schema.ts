import { z } from 'zod';
import { roles, type AccountCredential, type UserSummary } from '../auth/auth.types.js';
import { singleLineText } from '../http/validate.js';

/** Firebase Auth uids are 1–128 characters. */
export const userParamsSchema = z.object({ uid: z.string().min(1).max(128) });

export const setRoleBodySchema = z.strictObject({ role: z.enum(roles) });

export type SetRoleBody = z.infer<typeof setRoleBodySchema>;

/** POST /admin/users: open sign-up stays closed, an admin makes each account. */
export const createUserBodySchema = z.strictObject({
  name: singleLineText().pipe(z.string().min(1).max(200)),
  email: z.string().trim().max(320).pipe(z.email()),
  role: z.enum(roles),
});

export type CreateUserBody = z.infer<typeof createUserBodySchema>;

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

/**
 * POST /admin/users and …/reset-password: the account, and what the admin passes on once
 * (embedded mode: a temporary password; Firebase: a link to set one).
 */
export const accountCredentialSchema = z.object({
  user: userSummarySchema,
  temporary_password: z.string().optional(),
  password_link: z.string().optional(),
  /** Whether the link went to the person by e-mail through the CRM's mail account (production). */
  link_sent: z.boolean().optional(),
}) satisfies z.ZodType<AccountCredential & { link_sent?: boolean }>;
