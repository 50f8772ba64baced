// The portal's own sign-in, as the demo plays it: the relay's demo login (POST /v1/session) gives a
// signed, expiring token that HttpTransport sends with each request. A real portal already has a session
// (its cookie or JWT) and hands Sealbox a getAuthToken() for it instead.
import { loginToRelay, type RelaySession } from '../src/transport/relay-login.js';
import { isSealError } from '../src/core/errors.js';

/** The demo accounts' password unless the relay was started with DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'demo';

export type SignInResult = { readonly ok: true; readonly session: RelaySession } | { readonly ok: false; readonly reason: 'wrong-password' | 'unreachable' | 'failed' };

export class PortalSession {
  #session: RelaySession | null = null;
  // Kept in memory only, so an expired token can be renewed without asking again (demo convenience).
  #password: string | null = null;

  constructor(
    readonly baseUrl: string,
    readonly userId: string,
  ) {}

  get token(): string | null {
    return this.#session?.token ?? null;
  }

  async signIn(password: string): Promise<SignInResult> {
    try {
      this.#session = await loginToRelay(this.baseUrl, this.userId, password);
      this.#password = password;
      return { ok: true, session: this.#session };
    } catch (error) {
      this.#session = null;
      const status = isSealError(error) ? error.details.status : undefined;
      if (status === 401) return { ok: false, reason: 'wrong-password' };
      if (isSealError(error) && (error.retryable || status === undefined)) return { ok: false, reason: 'unreachable' };
      return { ok: false, reason: 'failed' };
    }
  }

  /** Answers HttpTransport's auth-expired event: signs in again with what the user gave. */
  async renew(): Promise<boolean> {
    return this.#password !== null && (await this.signIn(this.#password)).ok;
  }
}
