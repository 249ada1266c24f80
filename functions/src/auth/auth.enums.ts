/** The roles, without zod or Node, so the SPA imports the same list: lowest first, admin ⊃ editor ⊃ viewer. */
export const roles = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Whether `have` grants what `need` asks: admin ⊃ editor ⊃ viewer. */
export function roleAllows(have: Role | null, need: Role): boolean {
  if (!have) return false;
  return roles.indexOf(have) >= roles.indexOf(need);
}
