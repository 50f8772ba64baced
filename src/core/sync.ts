import type { SealTransport, Unsubscribe } from '../transport/transport.js';
import { checkDeliveredEnvelope, parseEnvelopePage } from './envelope.js';
import { SealError, toSealError } from './errors.js';
import type { MessageRecord } from './store/database.js';
import { unreadable, type Incoming, type MessageStore } from './store/messages.js';
import { callTransport } from './transport-call.js';

const PAGE_SIZE = 100;

export interface SyncCallbacks {
  onAdded(records: readonly MessageRecord[]): void;
  /** An envelope was refused (not for this user) or kept only as unreadable (MALFORMED_ENVELOPE). */
  onRejected(error: SealError): void;
  onError(error: SealError): void;
}

/**
 * Pulls the user's mailbox from the transport into the local ciphertext cache, resuming after the
 * last stored cursor. Realtime notifications only trigger a pull, so a lost or repeated notification
 * can neither skip nor duplicate a message. No envelope can stop the others: one that is malformed or
 * cannot be stored is kept as a message that cannot be read, and the cursor moves past it.
 */
export class MailboxSync {
  readonly #transport: SealTransport;
  readonly #store: MessageStore;
  readonly #me: string;
  readonly #callbacks: SyncCallbacks;
  readonly #pollIntervalMs: number;
  #running: Promise<number> | null = null;
  #again = false;
  #unsubscribe: Unsubscribe | null = null;
  #poll: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  constructor(options: { transport: SealTransport; store: MessageStore; me: string; pollIntervalMs: number; callbacks: SyncCallbacks }) {
    this.#transport = options.transport;
    this.#store = options.store;
    this.#me = options.me;
    this.#pollIntervalMs = options.pollIntervalMs;
    this.#callbacks = options.callbacks;
  }

  start(): void {
    if (this.#transport.subscribe) {
      try {
        this.#unsubscribe = this.#transport.subscribe(() => void this.run().catch(() => {}), {
          onError: (error) => this.#callbacks.onError(toSealError(error, 'TRANSPORT', 'The realtime subscription failed')),
        });
      } catch (error) {
        this.#callbacks.onError(toSealError(error, 'TRANSPORT', 'The realtime subscription failed'));
      }
    }
    if (this.#pollIntervalMs > 0) this.#poll = setInterval(() => void this.run().catch(() => {}), this.#pollIntervalMs);
    void this.run().catch(() => {});
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    clearInterval(this.#poll);
  }

  /** Fetches everything new; concurrent calls share one run. Resolves to the number of new messages. */
  run(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let added = 0;
      do {
        this.#again = false;
        added += await this.#pullAll();
      } while (this.#again);
      return added;
    })()
      .catch((error: unknown) => {
        const failure = this.#stopped ? new SealError('CLOSED', 'Sync stopped') : toSealError(error, 'TRANSPORT', 'Sync failed');
        if (!this.#stopped) this.#callbacks.onError(failure);
        throw failure;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  async #pullAll(): Promise<number> {
    let added = 0;
    let cursor = await this.#store.syncCursor();
    for (;;) {
      const after = cursor;
      const page = parseEnvelopePage(await callTransport(() => this.#transport.fetch({ after, limit: PAGE_SIZE })));
      const records = await this.#store.ingest(this.#accept(page.envelopes));
      added += records.length;
      if (page.cursor && page.cursor !== cursor) {
        cursor = page.cursor;
        await this.#store.setSyncCursor(cursor);
      }
      if (records.length > 0 && !this.#stopped) this.#callbacks.onAdded(records);
      if (!page.hasMore || page.envelopes.length === 0) return added;
    }
  }

  /**
   * Checks each envelope on its own: one not addressed to or from this user is dropped, a malformed one
   * is kept as unreadable when its ids are usable (it shows in its thread), and each is reported.
   */
  #accept(values: readonly unknown[]): Incoming[] {
    const accepted: Incoming[] = [];
    for (const value of values) {
      const checked = checkDeliveredEnvelope(value);
      if (checked.ok) {
        const { envelope } = checked;
        if (envelope.from === this.#me || envelope.to.includes(this.#me)) accepted.push({ envelope });
        else this.#callbacks.onRejected(new SealError('INVALID_INPUT', 'The transport delivered an envelope for someone else', { details: { messageId: envelope.id } }));
        continue;
      }
      const { ids, reason } = checked;
      if (ids) accepted.push(unreadable(ids, reason));
      this.#callbacks.onRejected(
        new SealError('MALFORMED_ENVELOPE', `Malformed envelope from transport (${reason})`, { details: { reason, ...(ids ? { messageId: ids.id, threadId: ids.threadId } : {}) } }),
      );
    }
    return accepted;
  }
}
