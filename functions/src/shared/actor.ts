import type { AuthUser } from '../auth/auth.types.js';

/** Who did it: always the signed-in user, never the request body (DESIGN.md). */
export interface Actor {
  name: string;
  uid: string;
}

export function actorOf(user: AuthUser): Actor {
  return { name: user.name || user.email || user.uid, uid: user.uid };
}
