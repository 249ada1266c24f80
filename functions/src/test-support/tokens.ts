/**
 * ID tokens as the Firebase Auth emulator issues them: unsigned JWTs (alg "none"), which
 * firebase-admin accepts in emulator mode after checking audience, issuer, expiry and that the
 * user exists and is not disabled or revoked. Also deliberately broken ones for the 401 tests,
 * and forgeries of embedded mode's own signed sessions.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { DEMO_PROJECT_ID } from '../auth/auth-emulator.js';

export interface TokenClaims {
  uid: string;
  email?: string | null;
  name?: string | null;
  /** The custom claim; any value, so tests can send unknown roles. */
  role?: unknown;
  projectId?: string;
  /** Seconds since the epoch; now when omitted. */
  issuedAt?: number;
  /** Seconds the token lives; one hour when omitted. */
  lifetime?: number;
  /** When the user signed in, seconds since the epoch; issuedAt when omitted. */
  authTime?: number;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function mintIdToken(claims: TokenClaims): string {
  const projectId = claims.projectId ?? DEMO_PROJECT_ID;
  const iat = claims.issuedAt ?? nowSeconds();
  const payload = {
    iss: `https://securetoken.google.com/${projectId}`,
    aud: projectId,
    sub: claims.uid,
    user_id: claims.uid,
    iat,
    exp: iat + (claims.lifetime ?? 3600),
    auth_time: claims.authTime ?? iat,
    ...(claims.email ? { email: claims.email, email_verified: false } : {}),
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.role === undefined ? {} : { role: claims.role }),
    firebase: {
      sign_in_provider: 'password',
      identities: claims.email ? { email: [claims.email] } : {},
    },
  };
  return `${segment({ alg: 'none', typ: 'JWT' })}.${segment(payload)}.`;
}

/** Expired an hour ago, otherwise valid. */
export function expiredIdToken(claims: TokenClaims): string {
  const iat = nowSeconds() - 7200;
  return mintIdToken({ ...claims, issuedAt: iat, lifetime: 3600 });
}

/** Issued for another Firebase project (audience and issuer). */
export function wrongProjectIdToken(claims: TokenClaims): string {
  return mintIdToken({ ...claims, projectId: 'another-project' });
}

/** Broken in ways a client or an attacker might send; each must get a 401. */
export function malformedIdTokens(claims: TokenClaims): Record<string, string> {
  const valid = mintIdToken(claims);
  const [header, payload] = valid.split('.') as [string, string];
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const withPayload = (changes: Record<string, unknown>) => `${header}.${segment({ ...decoded, ...changes })}.`;
  return {
    'not a JWT': 'not-a-jwt',
    'three garbage segments': 'abc.def.ghi',
    'payload is not JSON': `${header}.${Buffer.from('{"sub":').toString('base64url')}.`,
    'signature appended to an unsigned token': `${valid}c2lnbmF0dXJl`,
    'RS256 header without a key id': `${segment({ alg: 'RS256', typ: 'JWT' })}.${payload}.c2lnbmF0dXJl`,
    'issuer of another project': withPayload({ iss: 'https://securetoken.google.com/another-project' }),
    'no subject': withPayload({ sub: undefined, user_id: undefined }),
    'empty subject': withPayload({ sub: '' }),
    'subject of a user that does not exist': withPayload({ sub: 'no-such-user', user_id: 'no-such-user' }),
  };
}

/**
 * Embedded mode's sessions as an attacker would try them, given a real session of a viewer and
 * the uid of an admin: none may pass. (Expired, disabled and signed-out sessions need the
 * store, so the tests make those.)
 */
export function forgedSessionTokens(viewerSession: string, adminUid: string): Record<string, string> {
  const [header, payload, signature] = viewerSession.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const asAdmin = segment({ ...claims, sub: adminUid, role: 'admin' });
  const otherKey = randomBytes(32);
  const signedWith = (key: Buffer, head: string, body: string) => `${head}.${body}.${createHmac('sha256', key).update(`${head}.${body}`).digest('base64url')}`;
  return {
    'alg none with role admin': `${segment({ alg: 'none', typ: 'JWT' })}.${asAdmin}.`,
    'alg none with the real signature kept': `${segment({ alg: 'none', typ: 'JWT' })}.${asAdmin}.${signature}`,
    'payload edited to an admin, signature kept': `${header}.${asAdmin}.${signature}`,
    'role added to the payload, signature kept': `${header}.${segment({ ...claims, role: 'admin' })}.${signature}`,
    'signed with another key': signedWith(otherKey, header, asAdmin),
    'HS512 header': signedWith(otherKey, segment({ alg: 'HS512', typ: 'JWT' }), asAdmin),
    'RS256 header': `${segment({ alg: 'RS256', typ: 'JWT' })}.${asAdmin}.${signature}`,
    'signature truncated': `${header}.${payload}.${signature.slice(0, -4)}`,
    'signature missing': `${header}.${payload}.`,
    'expiry pushed out, signature kept': `${header}.${segment({ ...claims, exp: Number(claims.exp) + 86_400 })}.${signature}`,
    'a Firebase emulator token of the admin': mintIdToken({ uid: adminUid, role: 'admin' }),
    'not a JWT': 'not-a-jwt',
    'three garbage segments': 'abc.def.ghi',
  };
}
