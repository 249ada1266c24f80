import { z } from 'zod';
import { isoDate } from '../shared/wire.js';
import { roles } from './auth.types.js';

/** Long enough to resist guessing once hashed; an upper bound so scrypt is never fed megabytes. */
const newPassword = z.string().min(10, 'At least 10 characters').max(200);

export const signInBodySchema = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});

export const changePasswordBodySchema = z.strictObject({
  current_password: z.string().min(1).max(200),
  new_password: newPassword,
});

/** POST /auth/sign-in and /auth/password: a session the server signed (embedded mode only). */
export const sessionSchema = z.object({
  token: z.string(),
  expires_at: isoDate,
  user: z.object({ uid: z.string(), email: z.string().nullable(), name: z.string(), role: z.enum(roles).nullable() }),
  /** True after an admin created the account or reset its password: nothing else works until it is changed. */
  must_change_password: z.boolean(),
});
