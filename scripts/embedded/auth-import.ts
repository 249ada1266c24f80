/**
 * Embedded mode's accounts used to live in the Firebase Auth emulator, which exported them to
 * `<data>/auth/auth_export/accounts.json` with every password in clear
 * (`fakeHash:salt=…:password=…`). On the first start with such an export its accounts move into
 * the database (roles from customAttributes, passwords hashed with scrypt), and the export goes.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseRole } from '../../functions/src/auth/auth.types.js';
import type { LocalAuth } from '../../functions/src/auth/local-auth.js';

const exportSchema = z.object({
  users: z
    .array(
      z.object({
        localId: z.string().min(1),
        email: z.string().optional(),
        displayName: z.string().optional(),
        passwordHash: z.string().optional(),
        customAttributes: z.string().optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .default([]),
});

const importer = { uid: 'script:auth-emulator-import', name: 'auth-emulator-import' };

/** The emulator's clear-text password out of its fake hash; null when there is none. */
export function emulatorPassword(fakeHash: string | undefined): string | null {
  const match = /^fakeHash:salt=[^:]*:password=(.*)$/s.exec(fakeHash ?? '');
  return match ? match[1]! : null;
}

function roleOf(customAttributes: string | undefined) {
  try {
    return parseRole((JSON.parse(customAttributes ?? '{}') as { role?: unknown }).role);
  } catch {
    return null;
  }
}

const demoLoginsSchema = z.array(z.object({ email: z.string(), password: z.string() }));

/** The demo logins the old server saved in clear; their accounts get the new derived demo password instead. */
function savedDemoLogins(file: string): Map<string, string> {
  if (!existsSync(file)) return new Map();
  const parsed = demoLoginsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(parsed.success ? parsed.data.map((login) => [login.email, login.password]) : []);
}

/**
 * Imports the old emulator export in `dataDir` (if any) and removes it, with the clear-text
 * demo logins file. Accounts already in the database are kept as they are. A demo account whose
 * password is still the saved demo one comes in without a password: the server gives it the
 * demo password it prints. Answers how many accounts came in.
 */
export async function importEmulatorAccounts(dataDir: string, auth: LocalAuth): Promise<number> {
  const folder = join(dataDir, 'auth');
  const file = join(folder, 'auth_export', 'accounts.json');
  const demoFile = join(dataDir, 'demo-logins.json');
  let imported = 0;
  if (existsSync(file)) {
    const { users } = exportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const demo = savedDemoLogins(demoFile);
    for (const user of users) {
      if (!user.email || (await auth.get(user.localId)) || (await auth.get(user.email))) continue;
      const clear = emulatorPassword(user.passwordHash);
      const password = clear !== null && demo.get(user.email) === clear ? null : clear;
      await auth.create(
        {
          uid: user.localId,
          email: user.email,
          name: user.displayName ?? '',
          role: roleOf(user.customAttributes),
          ...(password === null ? {} : { password }),
          disabled: user.disabled ?? false,
        },
        importer,
      );
      imported += 1;
    }
  }
  // Only once every account is in the database: a crash before this point imports again next start.
  rmSync(folder, { recursive: true, force: true });
  rmSync(demoFile, { force: true });
  return imported;
}
