import { AuthFailure, type AuthBackend, type SessionUser } from '../auth/auth-backend';
import type { AuthConnector } from '../stores/auth';

/**
 * An in-memory identity provider for component tests. Firebase Auth is not ours, and these tests run
 * in happy-dom without the Auth emulator; the e2e tests drive the real SDK against the emulator.
 * It behaves as the Firebase backend does: reports the persisted user at start, refuses a wrong
 * password, and hands out a new ID token on each call.
 */
export class FakeAuth implements AuthBackend {
  private current: SessionUser | null;
  private readonly listeners = new Set<(user: SessionUser | null) => void>();
  private tokenCount = 0;
  readonly signIns: { email: string; password: string }[] = [];

  constructor(
    private readonly accounts: Record<string, { uid: string; password: string }>,
    signedInAs: string | null = null,
  ) {
    this.current = signedInAs ? this.session(signedInAs) : null;
  }

  private session(email: string): SessionUser {
    const account = this.accounts[email];
    if (!account) throw new Error(`No account ${email}`);
    return { uid: account.uid, email };
  }

  /** The connector to pass to the auth store's start(). */
  readonly connect: AuthConnector = async () => this;

  onUserChanged(listener: (user: SessionUser | null) => void): () => void {
    this.listeners.add(listener);
    queueMicrotask(() => listener(this.current));
    return () => this.listeners.delete(listener);
  }

  async signIn(email: string, password: string): Promise<SessionUser> {
    this.signIns.push({ email, password });
    const account = this.accounts[email];
    if (!account || account.password !== password) throw new AuthFailure('invalid-credentials', 'auth/invalid-credential');
    this.emit(this.session(email));
    return this.current!;
  }

  async signOut(): Promise<void> {
    this.emit(null);
  }

  /** Another tab signing out, or the session being revoked. */
  revoke(): void {
    this.emit(null);
  }

  async idToken(): Promise<string | null> {
    return this.current ? `token-${this.current.uid}-${++this.tokenCount}` : null;
  }

  private emit(user: SessionUser | null): void {
    this.current = user;
    for (const listener of this.listeners) queueMicrotask(() => listener(user));
  }
}
