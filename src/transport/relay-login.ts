/**
 * Demo login against the reference relay (demo/relay/): `POST /v1/session`. Real portals sign users
 * in their own way and hand `HttpTransport` a `getAuthToken()`; this helper exists for the demo and tests.
 */
import * as v from 'valibot';
import { userId } from '../core/envelope.js';
import { transportError } from './transport-error.js';

export interface RelaySession {
  readonly token: string;
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  /** ISO 8601 time the token stops working. */
  readonly expiresAt: string;
}

const sessionSchema = v.object({
  token: v.pipe(v.string(), v.minLength(1)),
  userId,
  displayName: v.string(),
  role: v.string(),
  expiresAt: v.string(),
});

/** Signs in to the relay; rejects with a TRANSPORT error (401: wrong user id or password). */
export async function loginToRelay(baseUrl: string, user: string, password: string, fetch = globalThis.fetch): Promise<RelaySession> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, '')}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ userId: user, password }),
    });
  } catch (cause) {
    throw transportError('login: the relay could not be reached', { retryable: true, cause });
  }
  const { status } = response;
  if (!response.ok) throw transportError(`login: the relay answered ${status}`, { retryable: status >= 500 || status === 429, status });
  const result = v.safeParse(sessionSchema, await response.json().catch(() => undefined));
  if (!result.success) throw transportError('login: malformed session from the relay', { retryable: false });
  return result.output;
}
