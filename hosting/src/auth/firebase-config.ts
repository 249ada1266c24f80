/** Web config of the Firebase project, as served at /__/firebase/init.json. */
export interface FirebaseWebConfig {
  apiKey: string;
  authDomain: string;
  projectId: string;
  /** An Auth emulator to sign in at instead of Firebase, e.g. http://127.0.0.1:9099. */
  authEmulatorHost?: string;
  /** The embedded server sends 'local': sign in through this origin (POST /api/auth/sign-in), not at Firebase. */
  authMode?: 'local';
}

const requiredKeys = ['apiKey', 'authDomain', 'projectId'] as const;

export function parseFirebaseConfig(value: unknown): FirebaseWebConfig {
  if (typeof value !== 'object' || value === null) throw new Error('The Firebase config is not an object');
  const record = value as Record<string, unknown>;
  const missing = requiredKeys.filter((key) => typeof record[key] !== 'string' || record[key] === '');
  if (missing.length > 0) throw new Error(`The Firebase config lacks ${missing.join(', ')}`);
  const config: FirebaseWebConfig = {
    apiKey: record.apiKey as string,
    authDomain: record.authDomain as string,
    projectId: record.projectId as string,
  };
  if (typeof record.authEmulatorHost === 'string' && record.authEmulatorHost) config.authEmulatorHost = record.authEmulatorHost;
  if (record.authMode === 'local') config.authMode = 'local';
  return config;
}

/** Firebase Hosting serves this file in production; the embedded server serves the same plus authMode 'local'. */
export async function loadFirebaseConfig(fetchImpl: typeof fetch = globalThis.fetch): Promise<FirebaseWebConfig> {
  const response = await fetchImpl('/__/firebase/init.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`/__/firebase/init.json answered HTTP ${response.status}`);
  return parseFirebaseConfig(await response.json());
}
