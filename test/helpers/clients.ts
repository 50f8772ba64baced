import { createSealClient, type SealClient, type SealClientOptions } from '../../src/index.js';
import type { SealTransport } from '../../src/transport/transport.js';
import { productionKdfWorker } from './test-kdf.js';

export const PASSPHRASE = 'orange kettle 42 meadow';

const opened: SealClient[] = [];
let kdfOptions: Partial<SealClientOptions> = {};

/**
 * Clients this test file opens keep the production passphrase KDF (browser tests otherwise use a
 * smaller iterated S2K count: see openpgp-test-kdf.ts). For tests of the KDF and of the lockout.
 */
export function useProductionKdf(): void {
  kdfOptions = { createWorker: productionKdfWorker };
}
const databases = new Set<string>();

/** A unique database name, deleted by `cleanupClients()`. */
export function testDatabaseName(userId: string): string {
  const name = `sealbox-test:${userId}:${crypto.randomUUID()}`;
  databases.add(name);
  return name;
}

/**
 * Opens a client for tests: its own database, the fast `iterated` key protection (the argon2 default
 * has a test of its own), polling off unless asked for.
 */
export async function openClient(
  transport: SealTransport,
  userId: string,
  options: Partial<SealClientOptions> = {},
): Promise<SealClient> {
  const client = await createSealClient({
    transport,
    userId,
    databaseName: options.databaseName ?? testDatabaseName(userId),
    keyProtection: 'iterated',
    pollIntervalMs: 0,
    ...kdfOptions,
    ...options,
  });
  opened.push(client);
  return client;
}

/** Opens a client and creates its identity (which publishes the public key). */
export async function createUser(transport: SealTransport, userId: string, options: Partial<SealClientOptions> = {}): Promise<SealClient> {
  const client = await openClient(transport, userId, options);
  await client.createIdentity(PASSPHRASE);
  return client;
}

export async function cleanupClients(): Promise<void> {
  for (const client of opened.splice(0)) client.close();
  await Promise.all([...databases].map((name) => deleteDatabase(name)));
  databases.clear();
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Resolves with the next event of `type` on `target`, or rejects after `timeoutMs`. */
export function nextEvent<T extends Event>(target: EventTarget, type: string, timeoutMs = 5000, filter: (event: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`No ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event: Event) => {
      if (!filter(event as T)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as T);
    };
    target.addEventListener(type, listener);
  });
}

/** Polls `check` until it returns a truthy value. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Expects a promise to reject with a SealError of `code`; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    const actual = (error as { code?: string }).code;
    if (actual !== code) throw new Error(`Expected ${code}, got ${actual ?? String(error)}`, { cause: error });
    return error as Error & { code: string };
  }
  throw new Error(`Expected rejection with ${code}, but it resolved`);
}
