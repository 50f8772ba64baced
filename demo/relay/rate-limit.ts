/**
 * Rate limiting with token buckets: each key (a user, a client address, the whole relay) may spend
 * `requests` at once and earns them back evenly over `windowMs`. Buckets live in memory, per relay process.
 */
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from './auth.js';
import { HttpError } from './errors.js';

export interface RateLimit {
  readonly requests: number;
  readonly windowMs: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;
  #lastSweep = 0;

  /** `refusal` starts the message of a 429, e.g. "Too many requests". */
  constructor(
    readonly limit: RateLimit,
    readonly refusal = 'Too many requests',
  ) {
    this.#perMs = limit.requests / limit.windowMs;
  }

  /** Spends one token of `key`; throws a 429 HttpError with a Retry-After header when none is left. */
  take(key: string, now = Date.now()): void {
    this.#sweep(now);
    const bucket = this.#buckets.get(key) ?? { tokens: this.limit.requests, updated: now };
    bucket.tokens = Math.min(this.limit.requests, bucket.tokens + (now - bucket.updated) * this.#perMs);
    bucket.updated = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000));
    throw new HttpError(429, `${this.refusal}; retry in ${retryAfter} s`, { headers: { 'Retry-After': String(retryAfter) } });
  }

  /** Gives back a token `take` spent, for what turned out not to count. */
  giveBack(key: string): void {
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.limit.requests, bucket.tokens + 1);
  }

  /** Forgets buckets that have refilled completely, so idle keys cost no memory. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.limit.windowMs) return;
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updated) * this.#perMs >= this.limit.requests) this.#buckets.delete(key);
    }
  }
}

/** Limits the signed-in user (run after `requireUser`). */
export function limitPerUser(limiter: RateLimiter): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    limiter.take(`user:${c.get('userId')}`);
    await next();
  };
}

/**
 * Sign-in attempts, admitted before the password is hashed: failed ones per client address, so guessing
 * from one address stops while the same users sign in from elsewhere; and all of them together, as each
 * costs a password hash (random user ids too: an unknown account is hashed against all the same).
 */
export class SignInLimiter {
  readonly #perAddress: RateLimiter;
  readonly #global: RateLimiter;

  constructor(perAddress: RateLimit, global: RateLimit) {
    this.#perAddress = new RateLimiter(perAddress, 'Too many sign-in attempts from this address');
    this.#global = new RateLimiter(global, 'Too many sign-in attempts at the moment');
  }

  /**
   * Admits one attempt from `address` (a key from `clientAddress`), or throws a 429. Call `succeeded()`
   * once the password checked out: a successful sign-in does not count against its address.
   */
  admit(address: string): { succeeded(): void } {
    // The address first: an address over its limit must not spend everyone's attempts.
    this.#perAddress.take(address);
    try {
      this.#global.take('all');
    } catch (error) {
      this.#perAddress.giveBack(address);
      throw error;
    }
    return { succeeded: () => this.#perAddress.giveBack(address) };
  }
}
