import { SealError } from '../errors.js';
import type { LockoutRecord, SealDatabase } from '../store/database.js';

/** How wrong passphrases slow down further tries. */
export interface LockoutPolicy {
  /** Wrong passphrases allowed before delays start. Default 5. */
  readonly freeAttempts: number;
  /** Delay after the last free attempt fails; doubles with every further failure. Default 30 s. */
  readonly baseDelayMs: number;
  /** Upper bound of the delay. Default 15 minutes. */
  readonly maxDelayMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = Object.freeze({ freeAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 });

const NONE: LockoutRecord = { failures: 0, retryAt: 0 };

export function delayAfter(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.freeAttempts) return 0;
  const doublings = Math.min(failures - policy.freeAttempts, 30);
  return Math.min(policy.baseDelayMs * 2 ** doublings, policy.maxDelayMs);
}

/**
 * Persists failed unlock attempts in IndexedDB, so a reload does not reset the delay.
 */
export class Lockout {
  readonly #db: SealDatabase;
  readonly #policy: LockoutPolicy;
  readonly #now: () => number;

  constructor(db: SealDatabase, policy: LockoutPolicy, now: () => number = Date.now) {
    this.#db = db;
    this.#policy = policy;
    this.#now = now;
  }

  get policy(): LockoutPolicy {
    return this.#policy;
  }

  async state(): Promise<LockoutRecord> {
    return (await this.#db.get('security', 'lockout')) ?? NONE;
  }

  /** Throws LOCKED_OUT while a delay is running. */
  async assertAllowed(): Promise<void> {
    const { failures, retryAt } = await this.state();
    if (retryAt > this.#now()) {
      throw new SealError('LOCKED_OUT', 'Too many wrong passphrases: wait before trying again', {
        retryAt,
        details: { failures, retryAt },
      });
    }
  }

  /** Records a wrong passphrase and returns the new state. */
  async recordFailure(): Promise<LockoutRecord> {
    const tx = this.#db.transaction('security', 'readwrite');
    const previous = (await tx.store.get('lockout')) ?? NONE;
    const failures = previous.failures + 1;
    const delay = delayAfter(failures, this.#policy);
    const next: LockoutRecord = { failures, retryAt: delay > 0 ? this.#now() + delay : 0 };
    await tx.store.put(next, 'lockout');
    await tx.done;
    return next;
  }

  async reset(): Promise<void> {
    await this.#db.put('security', NONE, 'lockout');
  }
}
