import type { AppDeps } from '../app/deps.js';
import type { Actor } from '../shared/actor.js';

/** The demo staff (the embedded server's demo accounts), by the accounts' uids when they exist. */
export const demoAccounts = {
  editor: { email: 'editor@bellsystems.gr', name: 'Γιώργος Νικολάου' },
  admin: { email: 'admin@bellsystems.gr', name: 'Μαρία Παπαδοπούλου' },
};

export type DemoRole = keyof typeof demoAccounts;

export async function staffActor(deps: Pick<AppDeps, 'users'>, role: DemoRole): Promise<Actor> {
  const account = demoAccounts[role];
  const user = await deps.users.find(account.email);
  return { name: user?.displayName || account.name, uid: user?.uid ?? `demo-${role}` };
}
