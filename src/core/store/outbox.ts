import type { SealTransport } from '../../transport/transport.js';
import { isSealError, SealError, type SealErrorInfo } from '../errors.js';
import { callTransport } from '../transport-call.js';
import { deleteBlobChunks, type BlobChunkStore } from './blob-chunks.js';
import type { OutboxBlob, OutboxRecord, SealDatabase } from './database.js';

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
  /** For messages with attachments: encrypted chunks the backend holds, of all; null without attachments. */
  readonly upload: { readonly chunksDone: number; readonly chunks: number } | null;
}

/** One uploaded chunk of one attachment of a message being delivered. */
export interface UploadProgress {
  readonly messageId: string;
  readonly attachmentId: string;
  /** Chunks of this attachment the backend holds, of `total`. */
  readonly done: number;
  readonly total: number;
}

/** The error an outbox item keeps when the user stopped its upload. */
const cancelled = () => new SealError('ABORTED', 'The upload was cancelled; retry to resume it');

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
  readonly #chunks: BlobChunkStore;
  readonly #sending = new Set<string>();
  /** Attachment uploads in progress in this tab, by message id, so that `cancelUpload` can stop them. */
  readonly #uploads = new Map<string, AbortController>();
  readonly #watchers = new Map<string, (progress: UploadProgress) => void>();
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
    chunks: BlobChunkStore;
  }) {
    this.#db = options.db;
    this.#transport = options.transport;
    this.#policy = options.policy;
    this.#lockName = options.lockName;
    this.#onChange = options.onChange;
    this.#onDelivered = options.onDelivered;
    this.#chunks = options.chunks;
  }

  /** Reports the upload of one message's attachments to `listener` until it is delivered or discarded. */
  watch(messageId: string, listener: (progress: UploadProgress) => void): void {
    this.#watchers.set(messageId, listener);
  }

  unwatch(messageId: string): void {
    this.#watchers.delete(messageId);
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

  /**
   * Stops uploading a message's attachments: the message stays in the outbox as `failed` (ABORTED), its
   * chunks kept, for the user to retry (the upload resumes where it stopped) or discard. False when
   * there is nothing to stop: no such message, no attachments, already failed, or its attachments are
   * uploaded and the message itself is being handed to the transport.
   */
  async cancelUpload(id: string): Promise<boolean> {
    const upload = this.#uploads.get(id);
    if (upload) {
      upload.abort();
      return true;
    }
    if (this.#sending.has(id)) return false;
    // Waiting for its next try (or uploading in another tab, which checks the state after each chunk).
    const tx = this.#db.transaction('outbox', 'readwrite');
    const record = await tx.store.get(id);
    const cancellable = record?.state === 'pending' && !!record.blobs?.length;
    if (cancellable) await tx.store.put({ ...record, state: 'failed', lastError: cancelled().toJSON() });
    await tx.done;
    if (cancellable) this.#onChange();
    return cancellable;
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
        if (current.blobs?.length) {
          const upload = new AbortController();
          this.#uploads.set(current.id, upload);
          try {
            await this.#upload(current.id, current.blobs, upload.signal);
          } finally {
            this.#uploads.delete(current.id);
          }
        }
        if (this.#stopped) return;
        await callTransport(() => this.#transport.send(current.envelope));
        await this.#delivered(current);
        this.#onDelivered(record.id);
      } catch (error) {
        if (this.#stopped) return;
        const failure = isSealError(error) ? error : new SealError('TRANSPORT', 'Delivery failed', { cause: error });
        // Read and written in one transaction, so a cancel or retry in another tab is not overwritten.
        const tx = this.#db.transaction('outbox', 'readwrite');
        const latest = await tx.store.get(record.id);
        if (latest) {
          const attempts = latest.attempts + 1;
          const next: OutboxRecord = failure.retryable
            ? { ...latest, attempts, nextAttemptAt: Date.now() + retryDelay(attempts, this.#policy), lastError: failure.toJSON() }
            : { ...latest, attempts, state: 'failed', lastError: failure.toJSON() };
          await tx.store.put(next);
        }
        await tx.done;
        // Discarded meanwhile (in another tab): nothing is left to record.
        if (!latest) continue;
        // Keep order: later messages wait while an earlier one is queued.
        if (failure.retryable) return;
      } finally {
        this.#sending.delete(record.id);
        this.#onChange();
      }
    }
  }

  /**
   * Uploads the chunks of every attachment the backend does not hold yet: an upload cut short by a
   * network failure or a reload resumes where it stopped, never sending a stored chunk again.
   */
  async #upload(messageId: string, blobs: readonly OutboxBlob[], signal: AbortSignal): Promise<void> {
    const transport = this.#transport;
    const { putBlobChunk, listBlobChunks } = transport;
    if (!putBlobChunk || !listBlobChunks) {
      throw new SealError('ATTACHMENTS_UNSUPPORTED', 'This transport cannot carry attachments', { details: { messageId } });
    }
    const held = new Map<string, Set<number>>();
    for (const blob of blobs) {
      const indexes: unknown = await this.#cancellable(() => listBlobChunks.call(transport, blob.id, { signal }), signal);
      if (!Array.isArray(indexes)) throw new SealError('TRANSPORT', 'The transport listed stored chunks in a malformed answer', { details: { messageId } });
      held.set(blob.id, new Set(indexes.filter((index): index is number => Number.isInteger(index) && index >= 0 && index < blob.chunks)));
    }
    let done = blobs.reduce((sum, blob) => sum + held.get(blob.id)!.size, 0);
    await this.#setUploaded(messageId, done);
    for (const blob of blobs) {
      const present = held.get(blob.id)!;
      for (let index = 0; index < blob.chunks; index++) {
        if (present.has(index)) continue;
        if (this.#stopped) return;
        const chunk = await this.#chunks.get(blob.id, index);
        if (!chunk) {
          throw new SealError('STORAGE', 'An encrypted attachment of this message is no longer stored on this device', {
            details: { messageId, attachmentId: blob.id, chunk: index },
          });
        }
        await this.#cancellable(() => putBlobChunk.call(transport, { blobId: blob.id, index, count: blob.chunks, bytes: chunk.bytes, sha256: chunk.sha256 }, { signal }), signal);
        present.add(index);
        done += 1;
        await this.#setUploaded(messageId, done);
        if (signal.aborted) throw cancelled();
        this.#watchers.get(messageId)?.({ messageId, attachmentId: blob.id, done: present.size, total: blob.chunks });
      }
    }
  }

  /** A transport call that a cancelled upload stops at once: ABORTED, not a transport failure. */
  async #cancellable<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) throw cancelled();
    try {
      return await callTransport(call);
    } catch (error) {
      throw signal.aborted ? cancelled() : error;
    }
  }

  /** Records the chunks uploaded; ABORTED when the message was cancelled (in another tab) or discarded meanwhile. */
  async #setUploaded(id: string, chunksUploaded: number): Promise<void> {
    const tx = this.#db.transaction('outbox', 'readwrite');
    const record = await tx.store.get(id);
    if (record?.state === 'pending' && record.chunksUploaded !== chunksUploaded) await tx.store.put({ ...record, chunksUploaded });
    await tx.done;
    this.#onChange();
    if (record?.state !== 'pending') throw cancelled();
  }

  /** The envelope is stored: the outbox entry and the local chunk copies go, in one transaction. */
  async #delivered(record: OutboxRecord): Promise<void> {
    const tx = this.#db.transaction(['outbox', 'blobChunks'], 'readwrite');
    await tx.objectStore('outbox').delete(record.id);
    await deleteBlobChunks(tx.objectStore('blobChunks'), (record.blobs ?? []).map((blob) => blob.id));
    await tx.done;
    this.#watchers.delete(record.id);
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
      upload: record.blobs?.length
        ? Object.freeze({ chunksDone: record.chunksUploaded ?? 0, chunks: record.blobs.reduce((sum, blob) => sum + blob.chunks, 0) })
        : null,
    });
  }

  readonly #onOnline = () => void this.flush({ force: true }).catch(() => {});
}
