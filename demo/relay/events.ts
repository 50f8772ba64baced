/**
 * Server-Sent Events: `GET /v1/events` streams each envelope newly stored for the signed-in user.
 *
 * A stream never trusts a notification's content: a notification only wakes it, and it then reads
 * the user's mailbox after the last cursor it sent. So a stream resumed with Last-Event-ID replays
 * exactly the missed envelopes, and live ones follow with no gap and no duplicate.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { deliveredEnvelope, formatCursor } from '../../src/transport/relay-rules.js';
import { HttpError } from './errors.js';
import type { RelayStore, StoredEnvelope } from './store/store.js';

const PAGE_SIZE = 100;

interface OpenStream {
  wake(): void;
  close(): void;
}

/** The open event streams of this relay process, by user. */
export class EventHub {
  readonly #streams = new Map<string, Set<OpenStream>>();

  constructor(readonly maxStreamsPerUser: number) {}

  add(userId: string, stream: OpenStream): () => void {
    const streams = this.#streams.get(userId) ?? new Set();
    if (streams.size >= this.maxStreamsPerUser) {
      throw new HttpError(429, `At most ${this.maxStreamsPerUser} event streams per user`, { headers: { 'Retry-After': '5' } });
    }
    streams.add(stream);
    this.#streams.set(userId, streams);
    return () => {
      streams.delete(stream);
      if (streams.size === 0 && this.#streams.get(userId) === streams) this.#streams.delete(userId);
    };
  }

  /** New envelopes for `participants` (or for anyone, when `null`). */
  wake(participants: readonly string[] | null): void {
    const users = participants ?? [...this.#streams.keys()];
    for (const userId of users) for (const stream of this.#streams.get(userId) ?? []) stream.wake();
  }

  closeAll(): void {
    for (const streams of this.#streams.values()) for (const stream of streams) stream.close();
    this.#streams.clear();
  }
}

/** The envelope as the transport contract hands it out: its fields and its cursor, nothing else. */
export function toDelivered({ seq, ...envelope }: StoredEnvelope) {
  return deliveredEnvelope(envelope, seq);
}

export interface EventStreamOptions {
  readonly store: RelayStore;
  readonly hub: EventHub;
  readonly userId: string;
  /** Replay envelopes after this seq first (from Last-Event-ID); `null` streams only new ones. */
  readonly after: number | null;
  readonly heartbeatMs: number;
}

/** One client's stream: sends the user's envelopes after `#last`, whenever it is woken. */
class MailboxStream implements OpenStream {
  #last = 0;
  #closed = false;
  // Starting counts as pumping: a wake meanwhile only sets `#again`, and the first pump catches up.
  #pumping = true;
  #again = false;
  #sse: SSEStreamingApi | null = null;
  #finish = () => {};
  readonly #finished = new Promise<void>((resolve) => (this.#finish = resolve));

  constructor(
    readonly store: RelayStore,
    readonly userId: string,
  ) {}

  wake(): void {
    void this.#pump();
  }

  close(): void {
    this.#closed = true;
    this.#finish();
  }

  /** Runs until the client goes away or the relay closes the stream. */
  async run(sse: SSEStreamingApi, after: number | null, heartbeatMs: number): Promise<void> {
    this.#sse = sse;
    sse.onAbort(() => this.close());
    const heartbeat = setInterval(() => void sse.write(': heartbeat\n\n').catch(() => this.close()), heartbeatMs);
    try {
      this.#last = after ?? (await this.store.lastSeq());
      // Tagged with the position the stream starts from, so a client that reconnects with it misses nothing.
      await sse.writeSSE({ event: 'ready', data: '{}', ...(this.#last > 0 ? { id: formatCursor(this.#last) } : {}) });
      this.#pumping = false;
      await this.#pump();
      await this.#finished;
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        await this.#drain();
      } while (this.#again && !this.#closed);
    } catch {
      // The database or the client went away: end the stream; the client resumes with Last-Event-ID.
      this.close();
    } finally {
      this.#pumping = false;
    }
  }

  async #drain(): Promise<void> {
    for (;;) {
      const page = await this.store.mailbox(this.userId, this.#last, PAGE_SIZE);
      for (const envelope of page.envelopes) {
        if (this.#closed) return;
        const delivered = toDelivered(envelope);
        await this.#sse!.writeSSE({ event: 'envelope', id: delivered.cursor, data: JSON.stringify(delivered) });
        this.#last = envelope.seq;
      }
      if (!page.hasMore) return;
    }
  }
}

export function eventStream(c: Context, { store, hub, userId, after, heartbeatMs }: EventStreamOptions): Response {
  const stream = new MailboxStream(store, userId);
  // Registered before the response starts, so one stream too many is a plain 429.
  const remove = hub.add(userId, stream);
  return streamSSE(c, async (sse) => {
    try {
      await stream.run(sse, after, heartbeatMs);
    } catch {
      // The database failed while starting: end the stream; the client reconnects.
    } finally {
      remove();
    }
  });
}
