/**
 * `npm run set-role -- <email-or-uid> <viewer|editor|admin>`: gives a Firebase Auth account its
 * role (the custom claim `role`), e.g. the first admin. Against the Auth emulator when
 * FIREBASE_AUTH_EMULATOR_HOST is set; otherwise against production with Application Default
 * Credentials (`gcloud auth application-default login` or GOOGLE_APPLICATION_CREDENTIALS).
 */
import { parseRole, roles } from '../functions/src/auth/auth.types.js';
import { adminAuth, firebaseUserDirectory } from '../functions/src/auth/firebase-auth.js';
import { DEMO_PROJECT_ID } from '../functions/src/auth/auth-emulator.js';

const usage = `usage: npm run set-role -- <email-or-uid> <${roles.join('|')}>

  FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:9099 npm run set-role -- maria@bellsystems.gr admin
      on the Auth emulator (project ${DEMO_PROJECT_ID} unless GOOGLE_CLOUD_PROJECT says otherwise)
  GOOGLE_CLOUD_PROJECT=<project-id> npm run set-role -- maria@bellsystems.gr admin
      on production Firebase Auth, with Application Default Credentials`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const args = process.argv.slice(2).filter((arg) => arg !== '--');
if (args.includes('-h') || args.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
if (args.length !== 2) fail(`Expected an account and a role, got ${args.length} argument(s).\n\n${usage}`, 2);
const [account, roleArg] = args as [string, string];
const role = parseRole(roleArg);
if (!role) fail(`Unknown role "${roleArg}": use one of ${roles.join(', ')}.\n\n${usage}`, 2);

const emulator = process.env.FIREBASE_AUTH_EMULATOR_HOST;
const projectId = process.env.GOOGLE_CLOUD_PROJECT ?? process.env.GCLOUD_PROJECT ?? (emulator ? DEMO_PROJECT_ID : undefined);
if (!projectId) {
  fail(`No Firebase project: set GOOGLE_CLOUD_PROJECT for production, or FIREBASE_AUTH_EMULATOR_HOST for the emulator.\n\n${usage}`, 2);
}

const users = firebaseUserDirectory(adminAuth(projectId));
const where = emulator ? `the Auth emulator at ${emulator}` : `project ${projectId}`;
try {
  const user = await users.find(account);
  if (!user) fail(`No account ${account} on ${where}.`, 1);
  const who = `${user.email ?? user.uid} (uid ${user.uid})`;
  if (user.role === role) {
    console.log(`${who} already has the ${role} role on ${where}.`);
  } else {
    await users.setRole(user.uid, role);
    console.log(`${who} now has the ${role} role on ${where} (was ${user.role ?? 'none'}).`);
    console.log('Their sessions were ended: the new role applies from their next sign-in.');
  }
  process.exit(0);
} catch (err) {
  fail(`Could not set the role on ${where}: ${err instanceof Error ? err.message : String(err)}`, 1);
}
