/**
 * Per-user rate limiting with token buckets: each key may spend `requests` at once and earns them back
 * evenly over `windowMs`. Buckets live in memory, per relay process.
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

  constructor(readonly limit: RateLimit) {
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
    throw new HttpError(429, `Too many requests; retry in ${retryAfter} s`, { headers: { 'Retry-After': String(retryAfter) } });
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
