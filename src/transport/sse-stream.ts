/**
 * A Server-Sent Events subscription read with `fetch` (so it can send an Authorization header, which
 * `EventSource` cannot). It keeps the last event id, reconnects with backoff after a drop and sends
 * `Last-Event-ID`, so the server resumes where the stream stopped; envelopes seen before are dropped.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { isSealError, type SealError } from '../core/errors.js';
import { sleep } from './http-request.js';
import { parseStreamEnvelope } from './http-schemas.js';
import type { DeliveredEnvelope } from './transport.js';
import { transportError } from './transport-error.js';

/** Cursors remembered for de-duplication: far more than a reconnection can replay twice. */
const SEEN_CURSORS = 4096;
/** Largest event the parser buffers; an envelope is bounded by the server's body limit. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface EventStreamHooks {
  /** Opens the stream (one try), sending `Last-Event-ID` when given; rejects with a TRANSPORT error. */
  open(lastEventId: string | null, signal: AbortSignal): Promise<Response>;
  /** The wait before reconnection number `failures` (1 for the first). */
  delay(failures: number): number;
  /** Reconnect after this long without a byte from the server (heartbeats count); 0 never. */
  readonly idleMs: number;
  onEnvelope(envelope: DeliveredEnvelope): void;
  /** A temporary failure (the stream reconnects) or, when `final`, the end of the subscription. */
  onError(error: SealError, final: boolean): void;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => {}); // Nobody may be waiting.
  return { promise, resolve, reject };
}

export class EventStream {
  readonly #hooks: EventStreamHooks;
  readonly #stop = new AbortController();
  readonly #seen = new Set<string>();
  #lastEventId: string | null = null;
  #ready = deferred();
  #isReady = false;

  constructor(hooks: EventStreamHooks) {
    this.#hooks = hooks;
    void this.#run();
  }

  /** Resolves once the server has sent `ready` on the current connection; rejects if the stream ends for good. */
  whenReady(): Promise<void> {
    return this.#ready.promise;
  }

  /** Ends the stream; safe to call more than once. */
  stop(): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#ready.reject(transportError('The subscription ended', { retryable: false }));
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    let failures = 0;
    while (!signal.aborted) {
      let failure: SealError;
      let opened = false;
      try {
        const response = await this.#hooks.open(this.#lastEventId, signal);
        if (!/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '')) {
          void response.body?.cancel().catch(() => {});
          throw transportError('The event stream is not text/event-stream', { retryable: false, status: response.status });
        }
        opened = true;
        const silent = await this.#read(response, () => (failures = 0));
        failure = transportError(silent ? `The event stream was silent for ${this.#hooks.idleMs} ms` : 'The event stream ended', { retryable: true });
      } catch (error) {
        failure = isSealError(error, 'TRANSPORT') ? error : transportError('The event stream failed', { retryable: true, cause: error });
      }
      if (signal.aborted) return;
      this.#notReady();
      // An expired session may be refreshed by the host page: keep trying, as for network failures.
      if (!failure.retryable && failure.details.status !== 401) {
        this.#hooks.onError(failure, true);
        this.stop();
        return;
      }
      failures += 1;
      // A stream that ran and dropped reconnects quietly; a failing reconnection is reported.
      if (!opened || failures > 1) this.#hooks.onError(failure, false);
      try {
        // The server's Retry-After (e.g. too many streams), within reason: polling covers the wait.
        const retryAfter = failure.details.retryAfterMs;
        await sleep(typeof retryAfter === 'number' ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) : this.#hooks.delay(failures), signal);
      } catch {
        return;
      }
    }
  }

  /**
   * Reads events until the stream ends (resolves, with true if it went silent: a connection can die
   * without a word, e.g. a sleeping laptop or a dropped mobile network) or fails (rejects).
   */
  async #read(response: Response, onReady: () => void): Promise<boolean> {
    if (!response.body) throw transportError('The event stream has no body', { retryable: true });
    const parser = createParser({
      maxBufferSize: MAX_EVENT_BYTES,
      onEvent: (event) => {
        // As in EventSource, any event's id moves the resume position, even past an unreadable one
        // (it would fail the same way again); a server may tag `ready` with its current position.
        if (event.id !== undefined) this.#lastEventId = event.id;
        if (event.event === 'ready') {
          onReady();
          this.#isReady = true;
          this.#ready.resolve();
        } else if (event.event === 'envelope') {
          this.#deliver(event);
        }
      },
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') void reader.cancel(error).catch(() => {});
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const stop = () => void reader.cancel().catch(() => {});
    this.#stop.signal.addEventListener('abort', stop);
    const { idleMs } = this.#hooks;
    let silent = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(timer);
      if (idleMs > 0) timer = setTimeout(() => ((silent = true), stop()), idleMs);
    };
    try {
      for (;;) {
        watch();
        const { done, value } = await reader.read();
        if (done) return silent;
        parser.feed(value);
      }
    } finally {
      clearTimeout(timer);
      this.#stop.signal.removeEventListener('abort', stop);
    }
  }

  #deliver(event: EventSourceMessage): void {
    let envelope: DeliveredEnvelope;
    try {
      envelope = parseStreamEnvelope(JSON.parse(event.data));
    } catch (error) {
      const failure = isSealError(error) ? error : transportError('Malformed event stream envelope from the server (not JSON)', { retryable: false });
      this.#hooks.onError(failure, false);
      return;
    }
    if (this.#seen.has(envelope.cursor)) return;
    this.#seen.add(envelope.cursor);
    if (this.#seen.size > SEEN_CURSORS) this.#seen.delete(this.#seen.values().next().value!);
    this.#hooks.onEnvelope(envelope);
  }

  #notReady(): void {
    if (!this.#isReady) return;
    this.#isReady = false;
    this.#ready = deferred();
  }
}
