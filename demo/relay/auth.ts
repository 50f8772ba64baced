/**
 * Sessions: HMAC-SHA256 signed bearer tokens that name a user and expire. The relay keeps no session
 * table; it trusts a token whose signature checks out, and takes the user id from it, never from a body.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { isValidUserId } from '../../src/core/envelope.js';
import { HttpError } from './errors.js';

const SECRET_FILE = 'session-secret';
const MIN_SECRET_LENGTH = 32;
const PREFIX = 'v1';

/** Context variables: the signed-in user, and what went wrong when a request failed unexpectedly. */
export interface AuthEnv {
  Variables: { userId: string; failure: string };
}

/**
 * The signing secret: `given` (SESSION_SECRET), else the one kept in `dataDir`, else a new random one
 * written there, so tokens survive restarts. Relays sharing a database need the same secret.
 */
export async function loadSessionSecret(dataDir: string, given?: string): Promise<string> {
  if (given !== undefined) {
    if (given.length < MIN_SECRET_LENGTH) throw new Error(`The session secret must be at least ${MIN_SECRET_LENGTH} characters`);
    return given;
  }
  const file = join(dataDir, SECRET_FILE);
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= MIN_SECRET_LENGTH) return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: string;
}

export class Tokens {
  readonly #secret: string;

  constructor(
    secret: string,
    readonly ttlMs: number,
  ) {
    this.#secret = secret;
  }

  issue(userId: string, now = Date.now()): IssuedToken {
    const exp = now + this.ttlMs;
    const body = `${PREFIX}.${Buffer.from(JSON.stringify({ sub: userId, exp })).toString('base64url')}`;
    return { token: `${body}.${this.#sign(body)}`, expiresAt: new Date(exp).toISOString() };
  }

  /** The user id a token names, or null when it is malformed, forged or expired. */
  verify(token: string, now = Date.now()): string | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return null;
    const body = `${parts[0]}.${parts[1]}`;
    const given = Buffer.from(parts[2]!, 'base64url');
    const expected = Buffer.from(this.#sign(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: { sub?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number' || claims.exp <= now || !isValidUserId(claims.sub)) return null;
    return claims.sub;
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url');
  }
}

/** Requires `Authorization: Bearer <token>`; sets `userId`. Tokens in URLs are not accepted. */
export function requireUser(tokens: Tokens): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(c.req.header('authorization') ?? '');
    const userId = match ? tokens.verify(match[1]!) : null;
    if (userId === null) throw new HttpError(401, match ? 'The session token is invalid or expired' : 'Sign in first (Authorization: Bearer <token>)');
    c.set('userId', userId);
    await next();
  };
}
