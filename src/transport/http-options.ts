/** Options of `HttpTransport`, their defaults and how they are checked. */
import { CHUNK_OVERHEAD_BYTES, DEFAULT_LIMITS } from '../core/crypto/limits.js';
import { SealError } from '../core/errors.js';

/** What a path may name: the user of a key lookup, the blob and chunk of a blob call. */
export interface HttpPathParams {
  readonly userId?: string;
  readonly blobId?: string;
  readonly index?: number;
}

/**
 * Where an operation goes: a path (or absolute URL) in which `:userId`, `:blobId` and `:index` are
 * replaced by the URL-encoded values, or a function returning one (it gets the raw values: encode them yourself).
 */
export type HttpPath = string | ((params: HttpPathParams) => string);

/** The path of each operation, relative to `baseUrl`. */
export interface HttpPaths {
  /** `PUT`, the signed-in user's key. Default `/v1/keys/me`. */
  readonly publishKey: HttpPath;
  /** `GET`, someone's key (`:userId`). Default `/v1/keys/:userId`. */
  readonly lookupKey: HttpPath;
  /** `POST`, one envelope. Default `/v1/envelopes`. */
  readonly send: HttpPath;
  /** `GET ?after=&limit=`, a page of the mailbox. Default `/v1/envelopes`. */
  readonly fetch: HttpPath;
  /** `GET`, the Server-Sent Events stream. Default `/v1/events`. */
  readonly events: HttpPath;
  /** `GET ?q=&limit=`. Default `/v1/directory`. */
  readonly directory: HttpPath;
  /** `POST`, one consent receipt. Default `/v1/consent`. */
  readonly consent: HttpPath;
  /** `POST {records}`, a batch of audit entries. Default `/v1/audit`. */
  readonly audit: HttpPath;
  /**
   * One attachment chunk (`:blobId`, `:index`): `PUT ?count=` with the bytes (`application/octet-stream`,
   * header `X-Content-SHA256`), and `GET` for the bytes. Default `/v1/blobs/:blobId/chunks/:index`.
   */
  readonly blobChunk: HttpPath;
  /** `GET`, `{indexes}` of the chunks of `:blobId` already uploaded. Default `/v1/blobs/:blobId/chunks`. */
  readonly blobChunks: HttpPath;
}

/** Retries of one call: exponential backoff with full jitter (a random wait up to the exponential bound). */
export interface HttpRetryPolicy {
  /** Tries per call, the first included; 1 turns retries off. Default 3. */
  readonly attempts?: number;
  /** Bound of the first wait. Default 250 ms. */
  readonly baseDelayMs?: number;
  /** Largest wait, also for the event stream's reconnections; a longer `Retry-After` ends the call. Default 10 s. */
  readonly maxDelayMs?: number;
}

export interface HttpTransportOptions {
  /** Where the API lives, e.g. `https://portal.example.org/sealbox` (paths are appended to it). */
  readonly baseUrl: string;
  /** Paths that differ from the defaults. */
  readonly paths?: Partial<HttpPaths>;
  /** Extra headers sent with every request (never put secrets the server should not log here). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The portal's token for the signed-in user, sent as `Authorization: Bearer`. Called for every
   * request, so a refreshed token is used at once. Leave out for cookie sessions.
   */
  readonly getAuthToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** `fetch` credentials mode, e.g. `'include'` for cookie sessions across origins. Default: fetch's own. */
  readonly credentials?: RequestCredentials;
  /** Time allowed for one try, response body included (for the event stream: until it opens). Default 15 s. */
  readonly timeoutMs?: number;
  readonly retry?: HttpRetryPolicy;
  /**
   * Reconnects the event stream after this long without a byte from the server (the reference relay
   * sends a heartbeat every 15 s), so a connection that died silently is noticed. 0 turns it off. Default 45 s.
   */
  readonly streamIdleMs?: number;
  /**
   * Largest attachment chunk accepted from the server; a longer answer is refused while it is read.
   * Default 4 MiB + 256 KiB, the engine's largest chunk plus its ciphertext overhead.
   */
  readonly maxBlobChunkBytes?: number;
  /** The `fetch` to use. Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
}

export interface ResolvedHttpOptions {
  readonly baseUrl: string;
  readonly paths: HttpPaths;
  readonly headers: Readonly<Record<string, string>>;
  readonly getAuthToken: HttpTransportOptions['getAuthToken'];
  readonly credentials: RequestCredentials | undefined;
  readonly timeoutMs: number;
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly streamIdleMs: number;
  readonly maxBlobChunkBytes: number;
  readonly fetch: typeof globalThis.fetch;
}

export const DEFAULT_PATHS: HttpPaths = Object.freeze({
  publishKey: '/v1/keys/me',
  lookupKey: '/v1/keys/:userId',
  send: '/v1/envelopes',
  fetch: '/v1/envelopes',
  events: '/v1/events',
  directory: '/v1/directory',
  consent: '/v1/consent',
  audit: '/v1/audit',
  blobChunk: '/v1/blobs/:blobId/chunks/:index',
  blobChunks: '/v1/blobs/:blobId/chunks',
});

const KNOWN_OPTIONS = new Set(['baseUrl', 'paths', 'headers', 'getAuthToken', 'credentials', 'timeoutMs', 'retry', 'streamIdleMs', 'maxBlobChunkBytes', 'fetch']);
const KNOWN_RETRY = new Set(['attempts', 'baseDelayMs', 'maxDelayMs']);

function invalid(message: string): never {
  throw new SealError('INVALID_INPUT', `HttpTransport: ${message}`);
}

function unknownKeys(value: object, known: Set<string>, what: string): void {
  const extra = Object.keys(value).filter((key) => !known.has(key));
  if (extra.length > 0) invalid(`unknown ${what} ${extra.join(', ')}`);
}

function count(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) invalid(`${name} must be a number of at least ${min}`);
  return value;
}

/** Checks the options (unknown keys and bad values throw INVALID_INPUT) and fills in the defaults. */
export function resolveHttpOptions(options: HttpTransportOptions): ResolvedHttpOptions {
  if (typeof options !== 'object' || options === null) invalid('options are required');
  unknownKeys(options, KNOWN_OPTIONS, 'option');
  if (typeof options.baseUrl !== 'string' || options.baseUrl === '') invalid('baseUrl must be a URL');
  const paths = { ...DEFAULT_PATHS, ...options.paths };
  unknownKeys(paths, new Set(Object.keys(DEFAULT_PATHS)), 'path');
  for (const [name, path] of Object.entries(paths)) {
    if (typeof path !== 'string' && typeof path !== 'function') invalid(`path ${name} must be a path or a function`);
  }
  const retry = options.retry ?? {};
  unknownKeys(retry, KNOWN_RETRY, 'retry option');
  if (options.getAuthToken !== undefined && typeof options.getAuthToken !== 'function') invalid('getAuthToken must be a function');
  const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (typeof fetch !== 'function') invalid('fetch must be a function');
  return Object.freeze({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    paths,
    headers: Object.freeze({ ...options.headers }),
    getAuthToken: options.getAuthToken,
    credentials: options.credentials,
    timeoutMs: count(options.timeoutMs, 15_000, 'timeoutMs', 1),
    attempts: Math.floor(count(retry.attempts, 3, 'retry.attempts', 1)),
    baseDelayMs: count(retry.baseDelayMs, 250, 'retry.baseDelayMs', 0),
    maxDelayMs: count(retry.maxDelayMs, 10_000, 'retry.maxDelayMs', 0),
    streamIdleMs: count(options.streamIdleMs, 45_000, 'streamIdleMs', 0),
    maxBlobChunkBytes: Math.floor(count(options.maxBlobChunkBytes, DEFAULT_LIMITS.maxChunkBytes + CHUNK_OVERHEAD_BYTES, 'maxBlobChunkBytes', 1)),
    fetch,
  });
}

/** The URL of a path: its parameters filled in, appended to `baseUrl` unless it is an absolute URL. */
export function pathUrl(options: ResolvedHttpOptions, template: HttpPath, params: HttpPathParams = {}): string {
  const fill = (text: string, name: keyof HttpPathParams) => text.replaceAll(`:${name}`, encodeURIComponent(String(params[name] ?? '')));
  const path = typeof template === 'function' ? template(params) : fill(fill(fill(template, 'userId'), 'blobId'), 'index');
  return /^[a-z][a-z\d+.-]*:/i.test(path) ? path : `${options.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
}
