/**
 * `startRelay`: the reference relay as a function, for main.ts, tests and the transport conformance
 * kit. It stores and routes ciphertext only; see README.md for the API.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { isValidUserId } from '../../src/core/envelope.js';
import { HIDDEN_CHARACTERS } from '../../src/core/hidden-characters.js';
import { DEFAULT_BLOB_LIMITS, resolveBlobLimits } from '../../src/transport/relay-blob-rules.js';
import { createApp } from './app.js';
import { loadSessionSecret, Tokens } from './auth.js';
import { EventHub } from './events.js';
import { OrphanSweeper } from './orphan-sweep.js';
import { hashPassword } from './passwords.js';
import { RateLimiter, SignInLimiter } from './rate-limit.js';
import type { LogFunction } from './request-log.js';
import { DATA_MARKER } from './paths.js';
import { openPgStore } from './store/pg-store.js';
import { openPgliteStore } from './store/pglite-store.js';
import type { RelayStore, SweepCounts } from './store/store.js';

export interface RelayLimits {
  /** Largest JSON request body. Default 1 MiB. */
  readonly bodyBytes: number;
  /** Largest attachment chunk, the body of a chunk upload. Default 4 MiB + 256 KiB. */
  readonly chunkBytes: number;
  /** Largest attachment, all its chunks together. Default 26 MiB. */
  readonly blobBytes: number;
  /** Most chunks one attachment may have. Default 4096. */
  readonly blobChunks: number;
  /** Attachment bytes one user may keep in all; 0 for no quota. Default 1 GiB. */
  readonly userBlobBytes: number;
  /** Requests a user may make in a burst, earned back evenly over `windowMs`. Default 120. */
  readonly requests: number;
  /** Default 10 s. */
  readonly windowMs: number;
  /**
   * Failed sign-ins one client address may make in a burst, earned back evenly over a minute; a
   * successful sign-in gives its attempt back. Default 10.
   */
  readonly addressSignInFailuresPerMinute: number;
  /**
   * Sign-in attempts, successful or not, of all clients together in a burst, earned back evenly over a
   * minute: each costs a password hash, so this bounds the relay's hashing work. Default 300.
   */
  readonly globalSignInsPerMinute: number;
  /** Lifetime of a session token. Default 12 h. */
  readonly sessionTtlMs: number;
  /** Interval of the keep-alive comment on event streams. Default 15 s. */
  readonly heartbeatMs: number;
  /** Open event streams per user (tabs, devices). Default 10. */
  readonly streamsPerUser: number;
  /**
   * How long an upload no envelope lists is kept after its newest chunk; then the sweep deletes it and
   * frees its uploader's quota. 0 turns the sweep off. Default 24 h.
   */
  readonly orphanGraceMs: number;
  /** Interval of the sweep of orphaned uploads, which also runs once at start. Default 1 h. */
  readonly orphanSweepMs: number;
}

export const DEFAULT_LIMITS: RelayLimits = Object.freeze({
  bodyBytes: 1024 * 1024,
  chunkBytes: DEFAULT_BLOB_LIMITS.maxChunkBytes,
  blobBytes: DEFAULT_BLOB_LIMITS.maxBlobBytes,
  blobChunks: DEFAULT_BLOB_LIMITS.maxChunks,
  userBlobBytes: 1024 * 1024 * 1024,
  requests: 120,
  windowMs: 10_000,
  addressSignInFailuresPerMinute: 10,
  globalSignInsPerMinute: 300,
  sessionTtlMs: 12 * 60 * 60 * 1000,
  heartbeatMs: 15_000,
  streamsPerUser: 10,
  orphanGraceMs: 24 * 60 * 60 * 1000,
  orphanSweepMs: 60 * 60 * 1000,
});

/** The longest delay setInterval takes (about 24.8 days); longer ones fire at once. */
const MAX_INTERVAL_MS = 2 ** 31 - 1;

export interface NewUser {
  readonly userId: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: string;
  /**
   * For a patient: the user ids of their care team (accounts that exist, or are among the `users` a
   * relay starts with). Each member and the patient then find each other in the directory. Given, it
   * replaces the patient's care team; left out, the care team stays as it is.
   */
  readonly careTeam?: readonly string[];
}

export interface RelayOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Holds the PGlite database and the session secret. */
  readonly dataDir: string;
  /** A PostgreSQL server to use instead of PGlite (relays sharing it fan out events to each other). */
  readonly databaseUrl?: string;
  /** Token signing secret (at least 32 characters); default: generated and kept in `dataDir`. */
  readonly sessionSecret?: string;
  /**
   * Accounts to create or update; default the demo users ana and dr-lee, on her care team (password
   * DEMO_PASSWORD or "demo").
   */
  readonly users?: readonly NewUser[];
  readonly limits?: Partial<RelayLimits>;
  /** Receives one line per request; `false` for silence. Default console.log. */
  readonly log?: LogFunction | false;
  /** Origins allowed to call the relay from a browser, e.g. the demo portal's. Default none. */
  readonly corsOrigins?: readonly string[];
  /**
   * The relay is reached only through a reverse proxy that appends the client's address to
   * `X-Forwarded-For`: sign-in limits then count per that address (the header's last entry) instead of
   * the proxy's. Leave it off when clients can reach the relay directly, or they choose their own
   * address. Default false.
   */
  readonly behindProxy?: boolean;
}

export interface Relay {
  readonly url: string;
  readonly port: number;
  readonly store: RelayStore;
  /** Creates the account, or updates its password, name and role (and its care team, when given). */
  addUser(user: NewUser): Promise<void>;
  /**
   * Deletes orphaned uploads now (see `limits.orphanGraceMs`), as if at `at` (default the database's
   * clock), and logs the counts. Resolves with what was deleted; nothing when the sweep is off.
   */
  sweepOrphanBlobs(at?: Date): Promise<SweepCounts>;
  /** Ends event streams, stops sweeping and listening, and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

function demoUsers(): NewUser[] {
  const password = process.env.DEMO_PASSWORD || 'demo';
  return [
    { userId: 'ana', password, displayName: 'Ana Ruiz', role: 'Patient', careTeam: ['dr-lee'] },
    { userId: 'dr-lee', password, displayName: 'Dr. Lee', role: 'Clinician' },
  ];
}

/** Most members of one care team. */
const MAX_CARE_TEAM = 1000;

function checkUser({ userId, password, displayName, role, careTeam }: NewUser): void {
  if (!isValidUserId(userId)) throw new TypeError(`Invalid user id: ${JSON.stringify(userId)}`);
  if (typeof password !== 'string' || password.length === 0) throw new TypeError(`A password is needed for ${userId}`);
  for (const [name, value] of [['displayName', displayName], ['role', role]] as const) {
    if (typeof value !== 'string' || value.length > 200) throw new TypeError(`${name} of ${userId} must be a string of at most 200 characters`);
    if (value.search(HIDDEN_CHARACTERS) !== -1) throw new TypeError(`${name} of ${userId} must not hold control, bidi or invisible characters`);
  }
  if (careTeam === undefined) return;
  if (!Array.isArray(careTeam) || careTeam.length > MAX_CARE_TEAM || !careTeam.every((member) => isValidUserId(member) && member !== userId)) {
    throw new TypeError(`careTeam of ${userId} must be at most ${MAX_CARE_TEAM} user ids of other accounts`);
  }
}

async function putAccount(store: RelayStore, { userId, password, displayName, role }: NewUser): Promise<void> {
  await store.putAccount({ userId, displayName, role, passwordHash: await hashPassword(password) });
}

/** Creates the account or updates it, and its care team when given. */
async function createAccount(store: RelayStore, user: NewUser): Promise<void> {
  checkUser(user);
  await putAccount(store, user);
  if (user.careTeam) await store.putCareTeam(user.userId, user.careTeam);
}

/** Creates `users`, then their care teams, so a patient may come before the members of their team. */
async function createAccounts(store: RelayStore, users: readonly NewUser[]): Promise<void> {
  users.forEach(checkUser);
  for (const user of users) await putAccount(store, user);
  for (const { userId, careTeam } of users) if (careTeam) await store.putCareTeam(userId, careTeam);
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    if (server.listening) return resolve(server.address() as AddressInfo);
    server.once('error', reject);
    server.once('listening', () => resolve(server.address() as AddressInfo));
  });
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { port = 0, host = '127.0.0.1', dataDir, databaseUrl, corsOrigins = [], behindProxy = false } = options;
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const blobLimits = resolveBlobLimits({ maxChunkBytes: limits.chunkBytes, maxBlobBytes: limits.blobBytes, maxChunks: limits.blobChunks });
  if (!Number.isSafeInteger(limits.userBlobBytes) || limits.userBlobBytes < 0) throw new TypeError('limits.userBlobBytes must be a whole number (0 for no quota)');
  if (!Number.isSafeInteger(limits.orphanGraceMs) || limits.orphanGraceMs < 0) throw new TypeError('limits.orphanGraceMs must be a whole number of milliseconds (0 turns the sweep off)');
  if (!Number.isSafeInteger(limits.orphanSweepMs) || limits.orphanSweepMs < 1 || limits.orphanSweepMs > MAX_INTERVAL_MS) {
    throw new TypeError(`limits.orphanSweepMs must be a whole number of milliseconds from 1 to ${MAX_INTERVAL_MS}`);
  }
  for (const name of ['addressSignInFailuresPerMinute', 'globalSignInsPerMinute'] as const) {
    if (!Number.isSafeInteger(limits[name]) || limits[name] < 1) throw new TypeError(`limits.${name} must be a whole number from 1`);
  }
  const log: LogFunction = options.log === false ? () => {} : (options.log ?? ((line) => console.log(line)));

  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, DATA_MARKER), 'Sealbox relay data (npm run demo:reset deletes this folder)\n');
  const secret = await loadSessionSecret(dataDir, options.sessionSecret);
  const store = databaseUrl ? await openPgStore(databaseUrl) : await openPgliteStore(join(dataDir, 'pglite'));

  const hub = new EventHub(limits.streamsPerUser);
  const stopWaking = store.onEnvelope((participants) => hub.wake(participants));
  const sweeper = new OrphanSweeper(store, limits.orphanGraceMs, limits.orphanSweepMs, log);
  let server: Server | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const sweepingStopped = sweeper.stop();
      stopWaking();
      hub.closeAll();
      if (server) {
        const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      }
      await sweepingStopped;
      await store.close();
    })());

  try {
    await createAccounts(store, options.users ?? demoUsers());
    await sweeper.start();
    const app = createApp({
      store,
      tokens: new Tokens(secret, limits.sessionTtlMs),
      limiter: new RateLimiter({ requests: limits.requests, windowMs: limits.windowMs }),
      signInLimiter: new SignInLimiter(
        { requests: limits.addressSignInFailuresPerMinute, windowMs: 60_000 },
        { requests: limits.globalSignInsPerMinute, windowMs: 60_000 },
      ),
      behindProxy,
      hub,
      bodyBytes: limits.bodyBytes,
      blobQuota: { ...blobLimits, userBlobBytes: limits.userBlobBytes },
      heartbeatMs: limits.heartbeatMs,
      corsOrigins,
      log,
    });
    server = serve({ fetch: app.fetch, port, hostname: host }) as Server;
    const address = await listen(server);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${address.port}`,
      port: address.port,
      store,
      addUser: (user) => createAccount(store, user),
      sweepOrphanBlobs: (at) => sweeper.sweep(at),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
