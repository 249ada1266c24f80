import { z } from 'zod';
import { roles } from '../auth/auth.types.js';

/** Firebase Auth uids are 1–128 characters. */
export const userParamsSchema = z.object({ uid: z.string().min(1).max(128) });

export const setRoleBodySchema = z.strictObject({ role: z.enum(roles) });

export type SetRoleBody = z.infer<typeof setRoleBodySchema>;
