/**
 * One HTTP call of `HttpTransport`: headers and token, a timeout per try, retries with backoff, and the
 * mapping of every failure to a TRANSPORT `SealError`. Bodies and tokens never reach error messages.
 */
import { isSealError, SealError } from '../core/errors.js';
import type { ResolvedHttpOptions } from './http-options.js';
import { sha256Hex } from './sha256-hex.js';
import { transportError } from './transport-error.js';

export interface HttpCall {
  /** Names the operation in error messages, e.g. `send`. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as `application/octet-stream` (instead of `body`). */
  readonly bytes?: Uint8Array;
  /**
   * Read the answer as bytes, refusing more than `maxBytes`, instead of as JSON. With `digestHeader`,
   * bytes that do not match the lowercase hex SHA-256 the server sends in that header were damaged on
   * the way: the try fails retryably (an answer without the header is taken as it is).
   */
  readonly binary?: { readonly maxBytes: number; readonly digestHeader?: string };
  readonly signal?: AbortSignal;
  /** Headers of this call only (e.g. `Last-Event-ID`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A non-2xx status that is an answer rather than a failure (404 for key lookups). */
  readonly accept?: number;
}

export interface HttpAnswer {
  readonly status: number;
  /** Parsed JSON, or undefined for an empty body; a `Uint8Array` for a `binary` call. */
  readonly body: unknown;
}

/** A random wait up to the exponential bound of this retry ("full jitter"). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retry - 1, 30)));
}

/** `Retry-After` in milliseconds (delay-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      if (signal.aborted) reject(signal.reason);
      else resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * The server's `{error: {code, message}}`: a short code word, and its message trimmed to one line of
 * printable text (servers name ids and fields there, never content).
 */
function serverError(body: string): { code?: string; message?: string } {
  try {
    const { code, message } = JSON.parse(body)?.error ?? {};
    return {
      code: typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? code : undefined,
      message: typeof message === 'string' ? message.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim().slice(0, 200) || undefined : undefined,
    };
  } catch {
    return {};
  }
}

const closedError = () => transportError('The transport is closed', { retryable: false });

export class HttpClient {
  readonly #options: ResolvedHttpOptions;
  readonly #closed: AbortSignal;
  readonly #onUnauthorized: (operation: string) => void;

  constructor(options: ResolvedHttpOptions, closed: AbortSignal, onUnauthorized: (operation: string) => void) {
    this.#options = options;
    this.#closed = closed;
    this.#onUnauthorized = onUnauthorized;
  }

  /**
   * Makes the call, retrying network failures, timeouts, 5xx and 429 (after `Retry-After` when the
   * server sends one) up to `attempts` tries. Rejects with the last failure.
   */
  async request(call: HttpCall): Promise<HttpAnswer> {
    const { attempts, baseDelayMs, maxDelayMs } = this.#options;
    const stop = call.signal ? AbortSignal.any([call.signal, this.#closed]) : this.#closed;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { response, timeout, done } = await this.#try(call, false);
        let body: string | Uint8Array;
        try {
          body = call.binary ? await readBytes(response, call.binary.maxBytes, call.operation) : await response.text();
        } catch (cause) {
          if (isSealError(cause)) throw cause;
          throw this.#networkFailure(call, cause, timeout);
        } finally {
          done();
        }
        if (typeof body !== 'string') {
          await checkDigest(body, response, call);
          return { status: response.status, body };
        }
        return { status: response.status, body: body === '' ? undefined : parseJson(body, call.operation) };
      } catch (error) {
        const failure = isSealError(error) ? error : transportError(`${call.operation}: the request failed`, { retryable: false, cause: error });
        const retryAfter = failure.details.retryAfterMs;
        const wait = typeof retryAfter === 'number' ? retryAfter : backoffDelay(attempt, baseDelayMs, maxDelayMs);
        if (!failure.retryable || attempt >= attempts || stop.aborted || wait > maxDelayMs) throw failure;
        try {
          await sleep(wait, stop);
        } catch {
          throw this.#closed.aborted ? closedError() : failure;
        }
      }
    }
  }

  /** Opens a streaming response (the event stream): one try, the timeout covering only the response head. */
  async open(call: HttpCall): Promise<Response> {
    const { response, done } = await this.#try(call, true);
    done();
    return response;
  }

  /**
   * One try: the response with a 2xx (or accepted) status, else a TRANSPORT error. The timeout keeps
   * running (for the body) until `done()`.
   */
  async #try(call: HttpCall, stream: boolean): Promise<{ response: Response; timeout: AbortSignal; done: () => void }> {
    if (this.#closed.aborted) throw closedError();
    const options = this.#options;
    const accept = stream ? 'text/event-stream' : call.binary ? 'application/octet-stream' : 'application/json';
    const headers: Record<string, string> = { accept, ...options.headers, ...call.headers };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.bytes !== undefined) headers['content-type'] = 'application/octet-stream';
    let token: string | null | undefined;
    try {
      token = await options.getAuthToken?.();
    } catch (cause) {
      if (isSealError(cause, 'TRANSPORT')) throw cause;
      throw transportError(`${call.operation}: getAuthToken failed`, { retryable: true, cause });
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
    const signals = [this.#closed, timeout.signal];
    if (call.signal) signals.push(call.signal);
    let response: Response;
    try {
      // Called unbound: the browser's fetch throws "Illegal invocation" with another `this`.
      const fetch = options.fetch;
      response = await fetch(call.url, {
        method: call.method,
        headers,
        body: call.bytes !== undefined ? (call.bytes as Uint8Array<ArrayBuffer>) : call.body === undefined ? undefined : JSON.stringify(call.body),
        credentials: options.credentials,
        cache: 'no-store',
        signal: AbortSignal.any(signals),
      });
    } catch (cause) {
      clearTimeout(timer);
      throw this.#networkFailure(call, cause, timeout.signal);
    }
    if (response.ok || response.status === call.accept) return { response, timeout: timeout.signal, done: () => clearTimeout(timer) };
    const body = await response.text().catch(() => '');
    clearTimeout(timer);
    const { status } = response;
    if (status === 401) this.#onUnauthorized(call.operation);
    const { code, message: reason } = serverError(body);
    const retryable = status >= 500 || status === 429;
    const retryAfterMs = retryable ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
    const details: Record<string, string | number> = { status };
    if (code) details.serverCode = code;
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
    const message = `${call.operation}: the server answered ${status}${code ? ` ${code}` : ''}${reason ? `: ${reason}` : ''}`;
    throw new SealError('TRANSPORT', message, { retryable, details });
  }

  #networkFailure(call: HttpCall, cause: unknown, timeout?: AbortSignal): SealError {
    if (this.#closed.aborted) return closedError();
    if (call.signal?.aborted) return transportError(`${call.operation}: aborted`, { retryable: true, cause: call.signal.reason });
    if (timeout?.aborted) return transportError(`${call.operation}: no answer within ${this.#options.timeoutMs} ms`, { retryable: true, cause });
    return transportError(`${call.operation}: the server could not be reached`, { retryable: true, cause });
  }
}

/** The body as bytes, refused (non-retryably) as soon as it is known to pass `maxBytes`. */
async function readBytes(response: Response, maxBytes: number, operation: string): Promise<Uint8Array> {
  const tooLarge = () => transportError(`${operation}: the server answered with more than ${maxBytes} bytes`, { retryable: false });
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    total += part.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(part.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** Fails the try (retryably) when the bytes do not match the digest the server sent with them. */
async function checkDigest(bytes: Uint8Array, response: Response, call: HttpCall): Promise<void> {
  const header = call.binary?.digestHeader;
  const expected = header ? response.headers.get(header)?.trim().toLowerCase() : undefined;
  if (!expected || !/^[0-9a-f]{64}$/.test(expected)) return;
  if ((await sha256Hex(bytes)) !== expected) {
    throw transportError(`${call.operation}: the bytes received do not match the server's SHA-256 (damaged on the way)`, { retryable: true });
  }
}

function parseJson(text: string, operation: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw transportError(`${operation}: the server answered with malformed JSON`, { retryable: false, cause });
  }
}
