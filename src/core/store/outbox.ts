import type { SealTransport } from '../../transport/transport.js';
import { isSealError, SealError, type SealErrorInfo } from '../errors.js';
import { callTransport } from '../transport-call.js';
import type { OutboxRecord, SealDatabase } from './database.js';

export interface OutboxPolicy {
  /** First retry delay after a retryable failure; doubles per attempt, with ±20% jitter. Default 1 s. */
  readonly baseDelayMs: number;
  /** Upper bound of the retry delay. Default 5 minutes. */
  readonly maxDelayMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = Object.freeze({ baseDelayMs: 1000, maxDelayMs: 5 * 60_000 });

/**
 * - `sending`: being handed to the transport now.
 * - `queued`: waiting for the next try (offline, or the backend asked to retry later).
 * - `failed`: the backend refused it; it waits for the user to retry or discard it.
 */
export type DeliveryState = 'sending' | 'queued' | 'failed';

/** An undelivered message as the client shows it: ids and delivery metadata only. */
export interface OutboxItem {
  readonly id: string;
  readonly threadId: string;
  readonly to: readonly string[];
  readonly createdAt: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  /** Epoch ms of the next automatic try, for `queued` items. */
  readonly nextAttemptAt: number | null;
  readonly lastError: SealErrorInfo | null;
}

export function retryDelay(attempts: number, policy: OutboxPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * The durable outbox. `send()` commits the encrypted envelope here before any network call; this
 * class delivers it, retrying retryable failures with backoff. Delivery is idempotent by envelope id
 * (the transport stores an id once), and tabs of the same user take turns through a Web Lock, so a
 * reload or a second tab never sends a message twice.
 */
export class Outbox {
  readonly #db: SealDatabase;
  readonly #transport: SealTransport;
  readonly #policy: OutboxPolicy;
  readonly #lockName: string;
  readonly #onChange: () => void;
  readonly #onDelivered: (id: string) => void;
  readonly #sending = new Set<string>();
  #flushing: Promise<void> | null = null;
  #again = false;
  #force = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: {
    db: SealDatabase;
    transport: SealTransport;
    policy: OutboxPolicy;
    lockName: string;
    onChange: () => void;
    onDelivered: (id: string) => void;
  }) {
    this.#db = options.db;
    this.#transport = options.transport;
    this.#policy = options.policy;
    this.#lockName = options.lockName;
    this.#onChange = options.onChange;
    this.#onDelivered = options.onDelivered;
  }

  /** Starts delivering; queued items are tried at once, since the network may have changed since the last visit. */
  start(): void {
    this.#stopped = false;
    globalThis.addEventListener?.('online', this.#onOnline);
    void this.flush({ force: true });
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    globalThis.removeEventListener?.('online', this.#onOnline);
  }

  async list(): Promise<OutboxItem[]> {
    const records = await this.#db.getAllFromIndex('outbox', 'byCreated');
    return records.map((record) => this.#toItem(record));
  }

  /**
   * Delivers every due item; with `force`, every queued item regardless of its backoff (the browser
   * came back online, or the user asked). Concurrent calls share one run.
   */
  flush(options: { force?: boolean } = {}): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#force ||= options.force ?? false;
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      do {
        this.#again = false;
        const force = this.#force;
        this.#force = false;
        await this.#withLock(() => this.#deliverDue(force));
      } while (this.#again && !this.#stopped);
    })()
      .catch((error: unknown) => {
        // After stop() the database is closing; anything else is a storage failure worth reporting.
        if (!this.#stopped) throw error;
      })
      .finally(() => {
        this.#flushing = null;
        void this.#schedule().catch(() => {});
      });
    return this.#flushing;
  }

  /** Tries a queued or failed item again now. */
  async retry(id: string): Promise<void> {
    const tx = this.#db.transaction('outbox', 'readwrite');
    const record = await tx.store.get(id);
    if (!record) throw new SealError('NOT_FOUND', 'No such message in the outbox', { details: { messageId: id } });
    await tx.store.put({ ...record, state: 'pending', nextAttemptAt: 0 });
    await tx.done;
    this.#onChange();
    await this.flush();
  }

  /** Whether the item is being handed to the transport right now (and must not be discarded). */
  isSending(id: string): boolean {
    return this.#sending.has(id);
  }

  /** Lets listeners know the outbox changed outside this class (an item was discarded). */
  changed(): void {
    this.#onChange();
  }

  async #deliverDue(force: boolean): Promise<void> {
    const now = Date.now();
    const due = (await this.#db.getAllFromIndex('outbox', 'byCreated')).filter((r) => r.state === 'pending' && (force || r.nextAttemptAt <= now));
    for (const record of due) {
      if (this.#stopped) return;
      // Another tab may have delivered it while this one waited for the lock.
      const current = await this.#db.get('outbox', record.id);
      if (!current || current.state !== 'pending') continue;
      this.#sending.add(record.id);
      this.#onChange();
      try {
        await callTransport(() => this.#transport.send(current.envelope));
        await this.#db.delete('outbox', record.id);
        this.#onDelivered(record.id);
      } catch (error) {
        const failure = isSealError(error) ? error : new SealError('TRANSPORT', 'Delivery failed', { cause: error });
        const attempts = current.attempts + 1;
        const next: OutboxRecord = failure.retryable
          ? { ...current, attempts, nextAttemptAt: Date.now() + retryDelay(attempts, this.#policy), lastError: failure.toJSON() }
          : { ...current, attempts, state: 'failed', lastError: failure.toJSON() };
        await this.#db.put('outbox', next);
        // Keep order: later messages wait while an earlier one is queued.
        if (failure.retryable) return;
      } finally {
        this.#sending.delete(record.id);
        this.#onChange();
      }
    }
  }

  async #schedule(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    const pending = (await this.#db.getAll('outbox')).filter((r) => r.state === 'pending');
    if (pending.length === 0 || this.#stopped) return;
    const wait = Math.max(0, Math.min(...pending.map((r) => r.nextAttemptAt)) - Date.now());
    this.#timer = setTimeout(() => void this.flush().catch(() => {}), wait);
  }

  #withLock(work: () => Promise<void>): Promise<void> {
    const locks = globalThis.navigator?.locks;
    return locks ? locks.request(this.#lockName, () => work()).then(() => undefined) : work();
  }

  #toItem(record: OutboxRecord): OutboxItem {
    const state: DeliveryState = this.#sending.has(record.id) ? 'sending' : record.state === 'failed' ? 'failed' : 'queued';
    const { id, threadId, to, createdAt } = record.envelope;
    return Object.freeze({
      id,
      threadId,
      to,
      createdAt,
      state,
      attempts: record.attempts,
      nextAttemptAt: state === 'queued' ? record.nextAttemptAt : null,
      lastError: record.lastError,
    });
  }

  readonly #onOnline = () => void this.flush({ force: true }).catch(() => {});
}
