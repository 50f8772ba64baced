/**
 * Test helpers for the reference relay: temp data folders, a small JSON client, users with unique ids
 * and an event-stream reader. Everything talks to a real relay over HTTP.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { Tokens } from '../../../demo/relay/auth.js';
import { hashPassword } from '../../../demo/relay/passwords.js';
import { DEFAULT_LIMITS, startRelay, type Relay, type RelayOptions } from '../../../demo/relay/relay.js';
import { openPgliteStore } from '../../../demo/relay/store/pglite-store.js';
import type { OutgoingEnvelope } from '../../../src/transport/transport.js';
import { makeEnvelope } from '../../../src/testing/fixtures.js';
import type { PostgresForTests } from './postgres.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A PGlite cluster with the relay's tables, made once and cached in the temp folder (so clones share
 * it): creating one runs initdb in WebAssembly (about 10 s), copying one takes a moment. Keyed by
 * PGlite version and schema. Asked for by several fixtures at once, it is made once per process.
 */
let template: Promise<string> | undefined;
function pgliteTemplate(): Promise<string> {
  template ??= makePgliteTemplate();
  template.catch(() => (template = undefined));
  return template;
}

async function makePgliteTemplate(): Promise<string> {
  const version = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
  const schema = createHash('sha256').update(readFileSync(join(ROOT, 'demo/relay/store/schema.sql'))).digest('hex').slice(0, 12);
  await mkdir(join(tmpdir(), 'sealbox-test-cache'), { recursive: true });
  const template = join(tmpdir(), 'sealbox-test-cache', `relay-pglite-${version}-${schema}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = `${template}.building-${process.pid}`;
  await (await openPgliteStore(building)).close();
  // Another test process may have finished first: keep its copy.
  await rename(building, template).catch(() => rm(building, { recursive: true, force: true }));
  return template;
}

/** A new empty temp data folder (enough for a relay on PostgreSQL, which keeps only its secret there). */
export function emptyDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sealbox-relay-test-'));
}

/** A new temp data folder whose PGlite database is a fresh copy of the template. */
export async function freshDataDir(): Promise<string> {
  const dir = await emptyDataDir();
  await cp(await pgliteTemplate(), join(dir, 'pglite'), { recursive: true });
  return dir;
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Where a test relay keeps its data: PGlite in its data folder, or a PostgreSQL test database. */
export interface Backend {
  readonly name: string;
  /** Why the backend is not available (the tests then skip, printing it). */
  readonly skip?: string;
  /** Options for a relay on new data: a fresh folder, and the test database (shared within a test file). */
  prepare(): Promise<{ dataDir: string; databaseUrl?: string }>;
}

export function backends(postgres: PostgresForTests): Backend[] {
  return [
    { name: 'PGlite', prepare: async () => ({ dataDir: await freshDataDir() }) },
    {
      name: 'PostgreSQL',
      skip: postgres.skip,
      prepare: async () => ({ dataDir: await emptyDataDir(), databaseUrl: postgres.database!.url }),
    },
  ];
}

/** Small limits, so the tests reach them quickly (sign-ins: ones the suites sharing a relay never reach). */
export const TEST_LIMITS = Object.freeze({
  bodyBytes: 96 * 1024,
  chunkBytes: 128 * 1024,
  blobBytes: 320 * 1024,
  blobChunks: 16,
  userBlobBytes: 1024 * 1024,
  requests: 25,
  windowMs: 60_000,
  addressSignInFailuresPerMinute: 10,
  globalSignInsPerMinute: 50,
  heartbeatMs: 200,
  streamsPerUser: 3,
});

/** Starts a relay with no seeded users, a silent log and the test limits, unless `options` say otherwise. */
export function startTestRelay(options: Partial<RelayOptions> & { dataDir: string }): Promise<Relay> {
  return startRelay({ users: [], log: false, limits: TEST_LIMITS, ...options });
}

/** The line the relay logs for each sweep of orphaned uploads: counts, never ids. */
export const SWEEP_LINE = /^SWEEP orphaned-blobs (blobs=\d+ chunks=\d+ bytes=\d+|failed) \d+ms( error=\w+(:\w+)?)?$/;

export const TEST_PASSWORD = 'test password';
let testPasswordHash: Promise<string> | undefined;

/**
 * The relay the suites of one backend share: started before them, closed after. Each test makes its
 * own users, so tests do not see each other's mailboxes. Its log lines are kept in `lines`.
 */
export class RelayFixture {
  relay!: Relay;
  options!: { dataDir: string; databaseUrl?: string };
  readonly lines: string[] = [];
  #tokens!: Tokens;
  #relayOptions: Partial<RelayOptions>;

  /** `relayOptions` add to or replace those of startTestRelay. */
  constructor(
    readonly backend: Backend,
    relayOptions: Partial<RelayOptions> = {},
  ) {
    this.#relayOptions = relayOptions;
    before(async () => {
      this.options = await backend.prepare();
      await this.#start();
    });
    after(async () => {
      await this.relay?.close();
      await removeDir(this.options?.dataDir);
    });
  }

  /** Closes the relay and starts a new one on the same data, with `relayOptions` (default: those of the last start). */
  async restart(relayOptions?: Partial<RelayOptions>): Promise<void> {
    await this.relay.close();
    if (relayOptions) this.#relayOptions = relayOptions;
    await this.#start();
  }

  /** The session secret the relay generated and keeps in its data folder. */
  async secret(): Promise<string> {
    return (await readFile(join(this.options.dataDir, 'session-secret'), 'utf8')).trim();
  }

  /**
   * A new account (unique id starting with `name`, password TEST_PASSWORD) with a token issued the way
   * POST /v1/session issues one. Cheaper than signing in: one password hash per run, not two per user.
   * With `careTeam` (a patient's), the account is made through `relay.addUser`, as a portal would.
   */
  async user(name: string, profile: { displayName?: string; role?: string; careTeam?: readonly Client[] } = {}): Promise<Client> {
    const userId = uniqueId(name);
    const [displayName, role] = [profile.displayName ?? name, profile.role ?? 'Patient'];
    if (profile.careTeam) {
      await this.relay.addUser({ userId, password: TEST_PASSWORD, displayName, role, careTeam: profile.careTeam.map((member) => member.userId) });
    } else {
      const passwordHash = await (testPasswordHash ??= hashPassword(TEST_PASSWORD));
      await this.relay.store.putAccount({ userId, displayName, role, passwordHash });
    }
    return new Client(this.relay.url, userId, this.#tokens.issue(userId).token, TEST_PASSWORD);
  }

  async #start(): Promise<void> {
    this.relay = await startTestRelay({ ...this.#relayOptions, ...this.options, log: (line) => this.lines.push(line) });
    this.#tokens = new Tokens(await this.secret(), DEFAULT_LIMITS.sessionTtlMs);
  }
}

let counter = 0;
/** A user id unique to this run, starting with `name`. */
export function uniqueId(name: string): string {
  counter += 1;
  return `${name}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

export class Client {
  constructor(
    readonly baseUrl: string,
    readonly userId: string,
    readonly token: string,
    readonly password: string,
  ) {}

  /** A request with this user's token; `body` is sent as JSON unless it is already a string. */
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return call(this.baseUrl, method, path, body, { authorization: `Bearer ${this.token}`, ...headers });
  }

  send(envelope: OutgoingEnvelope): Promise<Answer> {
    return this.request('POST', '/v1/envelopes', envelope);
  }

  /** Uploads a chunk the way HttpTransport does; `sha256` defaults to the bytes' own digest. */
  async putChunk(blobId: string, index: number, count: number, bytes: Uint8Array, sha256 = sha256Hex(bytes)): Promise<Answer> {
    const response = await fetch(`${this.baseUrl}/v1/blobs/${blobId}/chunks/${index}?count=${count}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/octet-stream', 'x-content-sha256': sha256 },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Reads a chunk: its bytes on 200, the JSON error otherwise. */
  async getChunk(blobId: string, index: number): Promise<Answer & { bytes?: Uint8Array }> {
    const response = await fetch(`${this.baseUrl}/v1/blobs/${blobId}/chunks/${index}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (response.status === 200) return { status: 200, body: undefined, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  /** Uploads a whole blob, one chunk per part; every upload must be stored (201). */
  async putBlob(blobId: string, parts: readonly Uint8Array[]): Promise<void> {
    for (const [index, bytes] of parts.entries()) {
      const { status, body } = await this.putChunk(blobId, index, parts.length, bytes);
      if (status !== 201) throw new Error(`chunk ${index}: ${status} ${JSON.stringify(body)}`);
    }
  }

  /** The whole mailbox, `limit` per page, checking every page's shape on the way. */
  async mailbox(limit = 100, after: string | null = null): Promise<any[]> {
    const all: any[] = [];
    for (;;) {
      const { status, body } = await this.request('GET', `/v1/envelopes?limit=${limit}${after ? `&after=${after}` : ''}`);
      if (status !== 200) throw new Error(`mailbox page: ${status} ${JSON.stringify(body)}`);
      all.push(...body.envelopes);
      if (!body.hasMore) return all;
      after = body.cursor;
    }
  }
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `length` random bytes, like ciphertext. */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // getRandomValues fills at most 64 KiB per call.
  for (let start = 0; start < length; start += 65_536) crypto.getRandomValues(bytes.subarray(start, start + 65_536));
  return bytes;
}

export async function call(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** Where a sign-in attempt comes from: a local address to send from, and an X-Forwarded-For header. */
export interface Origin {
  readonly localAddress?: string;
  readonly forwardedFor?: string;
}

/** POST /v1/session from `origin` (node:http, which can send from another loopback address). */
export function attemptSignIn(baseUrl: string, userId: string, password: string, origin: Origin = {}): Promise<Answer> {
  const url = new URL('/v1/session', baseUrl);
  const body = JSON.stringify({ userId, password });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  if (origin.forwardedFor !== undefined) headers['x-forwarded-for'] = origin.forwardedFor;
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers, localAddress: origin.localAddress, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, headers: responseHeaders });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Whether this machine lets a client send from `address` (Linux routes all of 127/8 to loopback; macOS does not). */
export function canSendFrom(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, address, () => server.close(() => resolve(true)));
    server.on('error', () => resolve(false));
  });
}

export async function signIn(baseUrl: string, userId: string, password: string): Promise<Client> {
  const { status, body } = await call(baseUrl, 'POST', '/v1/session', { userId, password });
  if (status !== 200) throw new Error(`sign-in of ${userId}: ${status} ${JSON.stringify(body)}`);
  return new Client(baseUrl, userId, body.token, password);
}

/** A well-formed envelope between test users. */
export function envelope(from: Client, to: readonly Client[], overrides: Partial<OutgoingEnvelope> = {}): OutgoingEnvelope {
  return makeEnvelope(
    from.userId,
    to.map((client) => client.userId),
    overrides,
  );
}

export interface ServerEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

/** Reads a relay's event stream, the way a browser's fetch-based reader would. */
export class EventReader {
  readonly events: ServerEvent[] = [];
  readonly comments: string[] = [];
  readonly #waiters = new Set<() => void>();
  #ended = false;

  private constructor(
    readonly response: Response,
    readonly controller: AbortController,
  ) {
    if (response.ok) void this.#read();
  }

  static async open(client: Client, lastEventId?: string): Promise<EventReader> {
    const controller = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${client.token}` };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    return new EventReader(await fetch(`${client.baseUrl}/v1/events`, { headers, signal: controller.signal }), controller);
  }

  /** Opens a stream and waits for its `ready` event. */
  static async ready(client: Client, lastEventId?: string): Promise<EventReader> {
    const reader = await EventReader.open(client, lastEventId);
    if (!reader.response.ok) throw new Error(`event stream of ${client.userId}: ${reader.response.status}`);
    await reader.until(() => reader.events.some((event) => event.event === 'ready'), 'the ready event');
    return reader;
  }

  /** Envelopes received so far, parsed. */
  envelopes(): any[] {
    return this.events.filter((event) => event.event === 'envelope').map((event) => JSON.parse(event.data));
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Resolves once `test` holds for what was received; rejects if the stream ends or `timeoutMs` passes first. */
  async until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      const remaining = deadline - Date.now();
      if (this.#ended || remaining <= 0) {
        throw new Error(`${this.#ended ? 'The stream ended' : 'Timed out'} waiting for ${what}; received ${JSON.stringify(this.events.map((event) => event.event))}`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, remaining);
        this.#waiters.add(done);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }

  async #read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.#parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        for (const wake of [...this.#waiters]) wake();
      }
    } catch {
      // aborted
    } finally {
      this.#ended = true;
      for (const wake of [...this.#waiters]) wake();
    }
  }

  #parse(block: string): void {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) this.events.push({ event, ...(id !== undefined ? { id } : {}), data: data.join('\n') });
  }
}
