/**
 * Composer stories need a network that misbehaves: a transport wrapper that goes offline or has its
 * messages refused, and a real client for Ana that uses it. Everything else is the ordinary scenario.
 */
import { createSealClient, transportError, type SealClient } from '../../src/index.js';
import type { BlobChunk, BlobRequestOptions, DirectoryEntry, OutgoingEnvelope, SealTransport } from '../../src/transport/transport.js';
import { createScenario, PEOPLE, STORY_PASSPHRASE, type Scenario } from './scenario.js';

/** The draft the stories start from when `draft` is set. */
export const COMPOSER_DRAFT = { subject: 'Prescription refill', body: 'Could you renew my metformin prescription? I have five days of tablets left.' };

/** The person in PEOPLE with a very long name and role. */
export const LONG_NAME = 'dr-okonkwo-featherstonehaugh';

/** Someone listed in the directory who has not set up secure messaging (no key published). */
export const NOT_SET_UP = { userId: 'dr-patel', displayName: 'Dr. Priya Patel', role: 'Dermatologist' } as const;

/** Wraps a real transport; flips between working, offline, slow and refusing messages. */
export class ComposerStoryTransport implements SealTransport {
  /** Every call fails like a network outage. */
  offline = false;
  /** `send` is refused (not retryable), as a backend rejecting a message would. */
  refuseSends = false;
  /** Whether the portal offers a directory to search. */
  readonly directory: boolean;
  /** Attachment chunks upload until this many are stored, then wait until it is set back to null. */
  #uploadLimit: number | null = null;
  #uploaded = 0;
  #stall = false;
  #stalled: (() => void)[] = [];
  #held: (() => void)[] = [];

  constructor(
    readonly inner: SealTransport,
    options: { directory?: boolean } = {},
  ) {
    this.directory = options.directory ?? true;
    if (!this.directory) this.searchDirectory = undefined;
  }

  /** `send` waits, as on a very slow network, until this is set back to false. */
  get stallSends(): boolean {
    return this.#stall;
  }

  set stallSends(stall: boolean) {
    this.#stall = stall;
    if (!stall) for (const release of this.#stalled.splice(0)) release();
  }

  get holdUploadsAfter(): number | null {
    return this.#uploadLimit;
  }

  /** Lets `count` attachment chunks through, then holds the others (as a very slow upload); null lets all through. */
  set holdUploadsAfter(count: number | null) {
    this.#uploadLimit = count;
    if (count === null) for (const release of this.#held.splice(0)) release();
  }

  async putBlobChunk(chunk: BlobChunk, options?: BlobRequestOptions): Promise<void> {
    if (this.#uploadLimit !== null && this.#uploaded >= this.#uploadLimit) {
      // Held like a slow request: it goes on when released, or fails the way fetch does when aborted.
      await new Promise<void>((resolve, reject) => {
        this.#held.push(resolve);
        options?.signal?.addEventListener('abort', () => reject(new DOMException('The upload was aborted.', 'AbortError')), { once: true });
      });
    }
    this.#uploaded += 1;
    return this.#online(() => this.inner.putBlobChunk!(chunk, options));
  }

  listBlobChunks(blobId: string, options?: BlobRequestOptions) {
    return this.#online(() => this.inner.listBlobChunks!(blobId, options));
  }

  getBlobChunk(blobId: string, index: number, options?: BlobRequestOptions) {
    return this.#online(() => this.inner.getBlobChunk!(blobId, index, options));
  }

  publishKey(...args: Parameters<SealTransport['publishKey']>) {
    return this.#online(() => this.inner.publishKey(...args));
  }

  lookupKey(userId: string) {
    return this.#online(() => this.inner.lookupKey(userId));
  }

  async send(envelope: OutgoingEnvelope): Promise<void> {
    if (this.#stall) await new Promise<void>((resolve) => this.#stalled.push(resolve));
    return this.#online(() => {
      if (this.refuseSends) throw transportError('The message was refused', { retryable: false, status: 422 });
      return this.inner.send(envelope);
    });
  }

  fetch(...args: Parameters<SealTransport['fetch']>) {
    return this.#online(() => this.inner.fetch(...args));
  }

  searchDirectory?: (query: string, options?: { readonly limit?: number }) => Promise<readonly DirectoryEntry[]> = (query, options) =>
    this.#online(() => this.inner.searchDirectory!(query, options));

  async #online<T>(call: () => Promise<T> | T): Promise<T> {
    if (this.offline) throw transportError('Network unreachable', { retryable: true });
    return call();
  }
}

export interface ComposerScenario extends Scenario {
  transport: ComposerStoryTransport;
}

/**
 * Ana on a {@link ComposerStoryTransport}, with Dr. Lee verified and Nurse Kim pinned but not verified.
 * The scenario's `me` is Ana; `clients['dr-lee']` reads what she sends. `disposeScenarios()` cleans up.
 */
export async function createComposerScenario(options: { directory?: boolean; attachmentChunkSize?: number } = {}): Promise<ComposerScenario> {
  const scenario = await createScenario({ me: 'dr-lee', people: ['dr-lee', 'nurse-kim'] });
  const transport = new ComposerStoryTransport(scenario.relay.connect('ana', PEOPLE.ana), options);
  const databaseName = `sealbox-story:ana:${crypto.randomUUID()}`;
  const ana: SealClient = await createSealClient({
    transport,
    userId: 'ana',
    displayName: PEOPLE.ana!.displayName,
    role: PEOPLE.ana!.role,
    databaseName,
    keyProtection: 'iterated',
    pollIntervalMs: 0,
    ...(options.attachmentChunkSize ? { attachmentChunkSize: options.attachmentChunkSize } : {}),
  });
  await ana.createIdentity(STORY_PASSPHRASE);
  const lee = await ana.refreshContact('dr-lee');
  await ana.verifyContact('dr-lee', lee.fingerprint);
  await ana.refreshContact('nurse-kim');

  const dispose = scenario.dispose.bind(scenario);
  scenario.dispose = async () => {
    transport.stallSends = false;
    transport.holdUploadsAfter = null;
    ana.close();
    await dispose();
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(databaseName);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  };
  scenario.me = ana;
  scenario.clients.ana = ana;
  return Object.assign(scenario, { transport });
}
