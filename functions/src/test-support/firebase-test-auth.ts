/**
 * The Firebase path for the few tests that exercise it (auth/firebase-auth.test.ts, set-role):
 * an Auth emulator of their own, firebase-admin pointed at it, and one account per role with
 * its unsigned emulator token. Everything else signs in through embedded mode's own sessions
 * (test-app.ts) and needs no emulator.
 */
import type { Auth } from 'firebase-admin/auth';
import { randomBytes } from 'node:crypto';
import type { AuthVerifier, Role, UserDirectory } from '../auth/auth.types.js';
import { DEMO_PROJECT_ID, startAuthEmulator } from '../auth/auth-emulator.js';
import { adminAuth, firebaseAuthVerifier, firebaseUserDirectory } from '../auth/firebase-auth.js';
import type { TestRole, TestUser } from './test-app.js';
import { mintIdToken } from './tokens.js';

export interface FirebaseTestAuth {
  /** firebase-admin Auth on the emulator, for tests that manage accounts. */
  auth: Auth;
  deps: { auth: AuthVerifier; users: UserDirectory };
  users: Record<TestRole, TestUser>;
  /** A valid emulator ID token per role. */
  tokens: Record<TestRole, string>;
  close(): Promise<void>;
}

const roleOf: Record<TestRole, Role | null> = { admin: 'admin', editor: 'editor', viewer: 'viewer', noRole: null };

export async function startFirebaseTestAuth(): Promise<FirebaseTestAuth> {
  const emulator = await startAuthEmulator({ readyTimeoutMs: 300_000 });
  try {
    process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;
    const auth = adminAuth(DEMO_PROJECT_ID);
    const suffix = randomBytes(5).toString('hex');
    const users = {} as Record<TestRole, TestUser>;
    const tokens = {} as Record<TestRole, string>;
    for (const key of Object.keys(roleOf) as TestRole[]) {
      const role = roleOf[key];
      const uid = `${key.toLowerCase()}-${suffix}`;
      const user: TestUser = { uid, email: `${uid}@bellsystems.test`, name: `Test ${key} ${suffix}`, role };
      await auth.createUser({ uid, email: user.email, displayName: user.name });
      if (role) await auth.setCustomUserClaims(uid, { role });
      users[key] = user;
      tokens[key] = mintIdToken({ uid, email: user.email, name: user.name, role: role ?? undefined });
    }
    return {
      auth,
      deps: { auth: firebaseAuthVerifier(auth), users: firebaseUserDirectory(auth) },
      users,
      tokens,
      close: () => emulator.stop(),
    };
  } catch (err) {
    await emulator.stop();
    throw err;
  }
}
