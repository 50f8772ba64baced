// Starts a relay for HttpTransport tests and signs users in with unique ids, as a portal would.
import { startRelay, type RelayLimits } from '../../../demo/relay/relay.js';
import { isSealError, type SealError } from '../../../src/core/errors.js';
import { HttpTransport } from '../../../src/transport/http-transport.js';
import type { HttpTransportOptions } from '../../../src/transport/http-options.js';
import { loginToRelay } from '../../../src/transport/relay-login.js';
import { after, before } from 'node:test';
import { freshDataDir, removeDir } from '../relay/helpers.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import type { DeliveredEnvelope, EnvelopePage } from '../../../src/transport/transport.js';

/** An account's name and role; for a patient, the user ids of their care team (accounts made before). */
export interface TestProfile {
  readonly displayName?: string;
  readonly role?: string;
  readonly careTeam?: readonly string[];
}

export interface TestRelay {
  readonly url: string;
  readonly dataDir: string;
  /** Creates the account `userId` unless it exists. */
  addUser(userId: string, profile?: TestProfile): Promise<void>;
  /** Creates the account `userId` (once) and signs in: a new session token per call. */
  login(userId: string, profile?: TestProfile): Promise<string>;
  /** Creates an account with a unique id (`name-<random>`) and signs in. */
  signIn(name: string, profile?: TestProfile): Promise<{ userId: string; token: string }>;
  /** Stops the relay, keeping its data; the returned function starts it again on the same port. */
  stop(): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A relay on a fresh on-disk database, with no accounts and no log. */
export async function startTestRelay(limits: Partial<RelayLimits> = {}): Promise<TestRelay> {
  // A copy of an empty database made once (PGlite's initdb is slow), shared with the relay's tests.
  const dataDir = await freshDataDir();
  let relay = await startRelay({ port: 0, dataDir, users: [], log: false, limits });
  const port = Number(new URL(relay.url).port);
  const passwords = new Map<string, Promise<string>>();
  function addUser(userId: string, profile: TestProfile = {}): Promise<string> {
    if (!passwords.has(userId)) {
      const password = crypto.randomUUID();
      const user = { userId, password, displayName: profile.displayName ?? userId, role: profile.role ?? 'Patient', careTeam: profile.careTeam };
      passwords.set(userId, relay.addUser(user).then(() => password));
    }
    return passwords.get(userId)!;
  }
  async function login(userId: string, profile?: TestProfile): Promise<string> {
    const session = await loginToRelay(relay.url, userId, await addUser(userId, profile));
    return session.token;
  }
  return {
    get url() {
      return relay.url;
    },
    dataDir,
    addUser: async (userId, profile) => void (await addUser(userId, profile)),
    login,
    async signIn(name, profile) {
      const userId = `${name}-${crypto.randomUUID().slice(0, 8)}`;
      return { userId, token: await login(userId, profile) };
    },
    async stop() {
      await relay.close();
      return async () => {
        relay = await startRelay({ port, dataDir, users: [], log: false, limits });
      };
    },
    async close() {
      await relay.close();
      await removeDir(dataDir);
    },
  };
}

/** An HttpTransport with a fixed token and fast retries, for tests. */
export function httpTransport(baseUrl: string, token: string, options: Partial<HttpTransportOptions> = {}): HttpTransport {
  return new HttpTransport({
    baseUrl,
    getAuthToken: () => token,
    timeoutMs: 2000,
    retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
}

/** Resolves once `condition()` holds, polling; fails after `timeoutMs` with `what`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every envelope in a mailbox, paged from the start. */
export async function mailbox(transport: HttpTransport): Promise<DeliveredEnvelope[]> {
  const all: DeliveredEnvelope[] = [];
  let after: string | null = null;
  for (;;) {
    const page: EnvelopePage = await transport.fetch({ after, limit: 100 });
    all.push(...page.envelopes);
    if (!page.hasMore) return all;
    after = page.cursor;
  }
}

/** Rejection of `promise`, which must be a TRANSPORT SealError. */
export async function transportFailure(promise: Promise<unknown>): Promise<SealError> {
  try {
    await promise;
  } catch (error) {
    if (isSealError(error, 'TRANSPORT')) return error;
    throw new Error(`Expected a TRANSPORT SealError, got ${String(error)}`, { cause: error });
  }
  throw new Error('Expected a TRANSPORT SealError, but the call resolved');
}

/** A test relay and a fault-injecting proxy in front of it, started before a suite's tests and stopped after. */
export interface RelayBehindProxy {
  readonly relay: TestRelay;
  readonly proxy: FaultProxy;
}

/** Registers the suite's `before` and `after` hooks; read `relay` and `proxy` inside the tests. */
export function useRelayBehindProxy(limits: Partial<RelayLimits> = {}): RelayBehindProxy {
  const env = {} as { relay: TestRelay; proxy: FaultProxy };
  before(async () => {
    env.relay = await startTestRelay(limits);
    env.proxy = await startFaultProxy(() => env.relay.url);
  });
  after(async () => {
    await env.proxy?.close();
    await env.relay?.close();
  });
  return env;
}
