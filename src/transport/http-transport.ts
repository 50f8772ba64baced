/**
 * The ready-made adapter for REST + Server-Sent-Events backends, such as the reference relay in
 * demo/relay/. Paths, headers, authentication, timeouts and retries are options (http-options.ts).
 */
import { SealError } from '../core/errors.js';
import { HttpAuthExpiredEvent, type HttpTransportEventMap } from './http-auth-expired-event.js';
import { pathUrl, resolveHttpOptions, type HttpPathParams, type HttpTransportOptions, type ResolvedHttpOptions } from './http-options.js';
import { backoffDelay, HttpClient, type HttpCall } from './http-request.js';
import { parseChunkIndexes, parseDirectory, parseKey, parsePage } from './http-schemas.js';
import type { EventStream } from './sse-stream.js';
import type {
  BlobChunk,
  BlobRequestOptions,
  DeliveredEnvelope,
  DirectoryEntry,
  EnvelopePage,
  FetchOptions,
  OutgoingEnvelope,
  PublishedKey,
  SealTransport,
  SignedRecord,
  SubscribeOptions,
  Unsubscribe,
} from './transport.js';
import { transportError } from './transport-error.js';

interface Subscription {
  readonly listener: (envelope: DeliveredEnvelope) => void;
  readonly onError?: (error: unknown) => void;
}

function query(params: Record<string, string | number | null | undefined>): string {
  const entries = Object.entries(params).flatMap(([key, value]) => (value == null ? [] : [[key, String(value)]]));
  return entries.length > 0 ? `?${new URLSearchParams(entries)}` : '';
}

export interface HttpTransport {
  addEventListener<K extends keyof HttpTransportEventMap>(type: K, listener: (this: HttpTransport, event: HttpTransportEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof HttpTransportEventMap>(type: K, listener: (this: HttpTransport, event: HttpTransportEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * A `SealTransport` over HTTP: JSON requests for the mailbox, keys, directory and records, binary ones
 * for attachment chunks, and one Server-Sent Events stream (read with `fetch`, so it carries the Authorization header) for realtime
 * delivery. Works wherever `fetch` and web streams exist: browsers and Node 20.
 *
 * Failed tries are retried (network failures, timeouts, 5xx, 429 after `Retry-After`) with exponential
 * backoff and full jitter; other 4xx answers are not. A 401 dispatches `auth-expired` and rejects
 * non-retryably: the host refreshes its session, and later calls use the new token.
 *
 * @example
 * const transport = new HttpTransport({ baseUrl: 'https://portal.example.org/sealbox', getAuthToken: () => session.token() });
 * transport.addEventListener('auth-expired', () => session.refresh());
 */
export class HttpTransport extends EventTarget implements SealTransport {
  readonly #options: ResolvedHttpOptions;
  readonly #closed = new AbortController();
  readonly #http: HttpClient;
  readonly #subscriptions = new Set<Subscription>();
  /** The shared event stream; its code (and the SSE parser) loads with the first subscription. */
  #stream: Promise<EventStream> | null = null;

  /** Throws INVALID_INPUT for unknown or malformed options. */
  constructor(options: HttpTransportOptions) {
    super();
    this.#options = resolveHttpOptions(options);
    this.#http = new HttpClient(this.#options, this.#closed.signal, (operation) => this.dispatchEvent(new HttpAuthExpiredEvent(operation)));
  }

  async publishKey(key: PublishedKey): Promise<void> {
    await this.#call({ operation: 'publishKey', method: 'PUT', url: this.#url('publishKey', { userId: key.userId }), body: key });
  }

  async lookupKey(userId: string): Promise<PublishedKey | null> {
    const answer = await this.#call({ operation: 'lookupKey', method: 'GET', url: this.#url('lookupKey', { userId }), accept: 404 });
    return answer.status === 404 ? null : parseKey(answer.body, userId);
  }

  /** Resolves when the server stored the envelope (201) or already had it (200); 409 and 403 reject. */
  async send(envelope: OutgoingEnvelope): Promise<void> {
    await this.#call({ operation: 'send', method: 'POST', url: this.#url('send'), body: envelope });
  }

  async fetch(options: FetchOptions): Promise<EnvelopePage> {
    const url = this.#url('fetch') + query({ after: options.after, limit: options.limit });
    return parsePage((await this.#call({ operation: 'fetch', method: 'GET', url, signal: options.signal })).body);
  }

  /**
   * Calls `listener` for each envelope stored for the signed-in user. All subscriptions of a
   * transport share one event stream, which reconnects after drops and resumes after the last event
   * id; `onError` hears about failed reconnections and malformed events, and the end of the stream
   * when the server refuses it (other than 401, which keeps retrying until the host refreshes).
   */
  subscribe(listener: (envelope: DeliveredEnvelope) => void, options: SubscribeOptions = {}): Unsubscribe {
    this.#assertOpen();
    const subscription: Subscription = { listener, onError: options?.onError };
    this.#subscriptions.add(subscription);
    if (!this.#stream) {
      this.#stream = this.#openStream();
      this.#stream.catch(() => {}); // Reported to onError; whenSubscribed() rejects.
    }
    return () => {
      if (this.#subscriptions.delete(subscription) && this.#subscriptions.size === 0) this.#stopStream();
    };
  }

  /** Resolves once the event stream is open and the server said `ready`: new envelopes will be delivered. */
  whenSubscribed(): Promise<void> {
    if (this.#closed.signal.aborted) return Promise.reject(transportError('The transport is closed', { retryable: false }));
    if (!this.#stream) return Promise.reject(transportError('There is no subscription', { retryable: false }));
    return this.#stream.then((stream) => stream.whenReady());
  }

  async searchDirectory(search: string, options: { readonly limit?: number } = {}): Promise<readonly DirectoryEntry[]> {
    const url = this.#url('directory') + query({ q: search, limit: options?.limit });
    return parseDirectory((await this.#call({ operation: 'searchDirectory', method: 'GET', url })).body);
  }

  async recordConsent(record: SignedRecord): Promise<void> {
    await this.#call({ operation: 'recordConsent', method: 'POST', url: this.#url('consent'), body: record });
  }

  async recordAudit(records: readonly SignedRecord[]): Promise<void> {
    await this.#call({ operation: 'recordAudit', method: 'POST', url: this.#url('audit'), body: { records } });
  }

  /**
   * Uploads one attachment chunk: `PUT` of its bytes with `?count=` and `X-Content-SHA256`. Resolves
   * when the server stored it (201) or already had it (200); refusals (409, 403, 413, 400) reject
   * without retrying, and so does a chunk whose bytes or digest cannot be sent.
   */
  async putBlobChunk(chunk: BlobChunk, options: BlobRequestOptions = {}): Promise<void> {
    if (!(chunk?.bytes instanceof Uint8Array) || typeof chunk.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(chunk.sha256)) {
      throw transportError('putBlobChunk: a chunk needs its bytes as a Uint8Array and their lowercase hex SHA-256', { retryable: false });
    }
    const url = this.#url('blobChunk', { blobId: chunk.blobId, index: chunk.index }) + query({ count: chunk.count });
    await this.#call({ operation: 'putBlobChunk', method: 'PUT', url, bytes: chunk.bytes, headers: { 'x-content-sha256': chunk.sha256 }, signal: options?.signal });
  }

  /** The indexes of the chunks of `blobId` the server holds from the signed-in user, ascending. */
  async listBlobChunks(blobId: string, options: BlobRequestOptions = {}): Promise<readonly number[]> {
    const answer = await this.#call({ operation: 'listBlobChunks', method: 'GET', url: this.#url('blobChunks', { blobId }), signal: options?.signal });
    return parseChunkIndexes(answer.body);
  }

  /** One chunk's bytes; 403 and 404 reject without retrying, as does an empty answer or one over `maxBlobChunkBytes`. */
  async getBlobChunk(blobId: string, index: number, options: BlobRequestOptions = {}): Promise<Uint8Array> {
    const binary = { maxBytes: this.#options.maxBlobChunkBytes, digestHeader: 'x-content-sha256' };
    const answer = await this.#call({ operation: 'getBlobChunk', method: 'GET', url: this.#url('blobChunk', { blobId, index }), signal: options?.signal, binary });
    const bytes = answer.body as Uint8Array;
    if (bytes.byteLength === 0) throw transportError('Malformed chunk from the server (empty)', { retryable: false });
    return bytes;
  }

  /** Aborts requests in flight and the event stream; later calls reject. Safe to call more than once. */
  close(): void {
    this.#closed.abort();
    this.#subscriptions.clear();
    this.#stopStream();
  }

  #url(path: keyof ResolvedHttpOptions['paths'], params?: HttpPathParams): string {
    return pathUrl(this.#options, this.#options.paths[path], params);
  }

  #call(call: HttpCall) {
    this.#assertOpen();
    return this.#http.request(call);
  }

  #stopStream(): void {
    void this.#stream?.then((stream) => stream.stop(), () => {});
    this.#stream = null;
  }

  async #openStream(): Promise<EventStream> {
    const { baseDelayMs, maxDelayMs, streamIdleMs } = this.#options;
    let EventStream: typeof import('./sse-stream.js').EventStream;
    try {
      ({ EventStream } = await import('./sse-stream.js'));
    } catch (cause) {
      const error = transportError('The event stream code could not be loaded', { retryable: true, cause });
      this.#report(error, true);
      throw error;
    }
    return new EventStream({
      open: (lastEventId, signal) =>
        this.#http.open({
          operation: 'subscribe',
          method: 'GET',
          url: this.#url('events'),
          signal,
          headers: lastEventId === null ? {} : { 'last-event-id': lastEventId },
        }),
      delay: (failures) => backoffDelay(failures, Math.max(baseDelayMs, 100), Math.max(maxDelayMs, 1000)),
      idleMs: streamIdleMs,
      onEnvelope: (envelope) => {
        for (const { listener } of [...this.#subscriptions]) {
          try {
            listener(envelope);
          } catch {
            // One listener's bug must not starve the others or end the stream.
          }
        }
      },
      onError: (error, final) => this.#report(error, final),
    });
  }

  /** Tells every subscription about a stream failure; a final one ends them. */
  #report(error: SealError, final: boolean): void {
    const subscriptions = [...this.#subscriptions];
    if (final) {
      this.#subscriptions.clear();
      this.#stream = null;
    }
    for (const { onError } of subscriptions) {
      try {
        onError?.(error);
      } catch {
        // As for listeners: one handler's bug must not break the others.
      }
    }
  }

  #assertOpen(): void {
    if (this.#closed.signal.aborted) throw transportError('The transport is closed', { retryable: false });
  }
}
