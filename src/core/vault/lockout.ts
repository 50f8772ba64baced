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

/** A counted passphrase attempt (see {@link Lockout.begin}). */
export interface LockoutTicket {
  /** The state if this attempt fails: already stored. */
  readonly failed: LockoutRecord;
  succeeded(): Promise<void>;
  notTried(): Promise<void>;
}

/**
 * Persists passphrase attempts in IndexedDB, so a reload does not reset the delay. Every passphrase
 * check (unlock, importing a backup, changing the passphrase, exporting the backup) goes through it.
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

  /**
   * Counts a passphrase attempt before it is tried, in one transaction: throws LOCKED_OUT while a delay
   * runs, else records the attempt as failed (with the delay a failure brings) and returns a ticket.
   * Attempts made at once are counted one by one, so no more of them run than the policy allows. Settle
   * the ticket with `succeeded()` (the count starts over) or `notTried()` (the attempt is given back);
   * a wrong passphrase needs nothing more.
   */
  async begin(): Promise<LockoutTicket> {
    const tx = this.#db.transaction('security', 'readwrite');
    const previous = (await tx.store.get('lockout')) ?? NONE;
    if (previous.retryAt > this.#now()) {
      await tx.done;
      throw new SealError('LOCKED_OUT', 'Too many wrong passphrases: wait before trying again', {
        retryAt: previous.retryAt,
        details: { failures: previous.failures, retryAt: previous.retryAt },
      });
    }
    const counted = this.#after(previous.failures + 1);
    await tx.store.put(counted, 'lockout');
    await tx.done;
    return {
      failed: counted,
      succeeded: () => this.reset(),
      notTried: () => this.#giveBack(),
    };
  }

  #after(failures: number): LockoutRecord {
    const delay = delayAfter(failures, this.#policy);
    return { failures, retryAt: delay > 0 ? this.#now() + delay : 0 };
  }

  async #giveBack(): Promise<void> {
    const tx = this.#db.transaction('security', 'readwrite');
    const current = (await tx.store.get('lockout')) ?? NONE;
    if (current.failures > 0) await tx.store.put(this.#after(current.failures - 1), 'lockout');
    await tx.done;
  }

  async reset(): Promise<void> {
    await this.#db.put('security', NONE, 'lockout');
  }
}
