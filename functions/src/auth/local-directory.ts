/** Embedded mode's UserDirectory: the accounts of LocalAuth, managed by admins in Settings. */
import { ApiError } from '../http/errors.js';
import { hashPassword, temporaryPassword } from './password-hash.js';
import { summaryOf, type LocalAuth } from './local-auth.js';
import type { AccountActor, UserDirectory, UserSummary } from './auth.types.js';

const system: AccountActor = { uid: 'script:set-role', name: 'set-role' };

export function localUserDirectory(auth: LocalAuth): UserDirectory {
  const existing = async (uid: string) => {
    const account = await auth.get(uid);
    if (!account) throw new ApiError('not_found', `User ${uid} not found`);
    return account;
  };
  return {
    async list(): Promise<UserSummary[]> {
      return (await auth.list()).map(summaryOf);
    },

    async find(emailOrUid) {
      const account = await auth.get(emailOrUid);
      return account ? summaryOf(account) : null;
    },

    async setRole(uid, role, by = system) {
      const account = await existing(uid);
      if (account.role === role) return summaryOf(account);
      return summaryOf(await auth.update(uid, { role }, by, true));
    },

    async create(account, by) {
      const password = temporaryPassword();
      const created = await auth.create({ ...account, password, mustChangePassword: true }, by);
      return { user: summaryOf(created), temporary_password: password };
    },

    async setDisabled(uid, disabled, by) {
      const account = await existing(uid);
      if (account.disabled === disabled) return summaryOf(account);
      return summaryOf(await auth.update(uid, { disabled: disabled ? 1 : 0 }, by, disabled));
    },

    async resetPassword(uid, by) {
      await existing(uid);
      const password = temporaryPassword();
      const account = await auth.update(uid, { password_hash: await hashPassword(password), must_change_password: 1 }, by, true);
      return { user: summaryOf(account), temporary_password: password };
    },
  };
}
