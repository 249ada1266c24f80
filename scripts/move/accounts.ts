/**
 * Embedded mode's sign-in accounts (auth_users) as Firebase Auth users with the same uid, e-mail,
 * name, role (custom claim) and disabled state. Passwords are not moved (Firebase cannot take our
 * scrypt parameters): each account created gets a link to set its password, for the admin to send.
 */
import type { Client } from '@libsql/client';
import type { Auth } from 'firebase-admin/auth';
import { Digest } from './canonical.js';
import type { Check } from './progress.js';

interface Account {
  uid: string;
  email: string;
  name: string;
  role: string | null;
  disabled: boolean;
}

async function accountsOf(client: Client): Promise<Account[]> {
  const exists = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_users'");
  if (exists.rows.length === 0) return [];
  const rs = await client.execute('SELECT uid, email, display_name, role, disabled FROM auth_users ORDER BY uid');
  return rs.rows.map((row) => ({
    uid: String(row.uid),
    email: String(row.email),
    name: String(row.display_name),
    role: row.role === null ? null : String(row.role),
    disabled: Number(row.disabled) === 1,
  }));
}

const notFound = (err: unknown) => (err as { code?: string }).code === 'auth/user-not-found';

export async function copyAccounts(source: Client, auth: Auth): Promise<{ email: string; link: string }[]> {
  const invitations: { email: string; link: string }[] = [];
  const accounts = await accountsOf(source);
  for (const account of accounts) {
    let existing = await auth.getUser(account.uid).catch((err: unknown) => (notFound(err) ? null : Promise.reject(err)));
    if (!existing) {
      existing = await auth.createUser({ uid: account.uid, email: account.email, displayName: account.name, disabled: account.disabled });
      invitations.push({ email: account.email, link: await auth.generatePasswordResetLink(account.email) });
    } else if (existing.disabled !== account.disabled || existing.displayName !== account.name) {
      await auth.updateUser(account.uid, { disabled: account.disabled, displayName: account.name });
    }
    if ((existing.customClaims?.role ?? null) !== account.role) {
      await auth.setCustomUserClaims(account.uid, { ...existing.customClaims, role: account.role });
    }
  }
  console.log(`accounts: ${accounts.length} (${invitations.length} new, each needs its password set)`);
  return invitations;
}

export async function verifyAccounts(source: Client, auth: Auth): Promise<Check> {
  const accounts = await accountsOf(source);
  const mine = new Digest();
  const theirs = new Digest();
  for (const account of accounts) mine.add([account.uid, account.email, account.name, account.role, account.disabled]);
  for (let i = 0; i < accounts.length; i += 100) {
    const { users } = await auth.getUsers(accounts.slice(i, i + 100).map(({ uid }) => ({ uid })));
    const byUid = new Map(users.map((user) => [user.uid, user]));
    for (const { uid } of accounts.slice(i, i + 100)) {
      const user = byUid.get(uid);
      if (user) theirs.add([user.uid, user.email ?? '', user.displayName ?? '', (user.customClaims?.role as string | undefined) ?? null, user.disabled]);
    }
  }
  return { name: 'accounts', source: mine.result(), target: theirs.result() };
}
