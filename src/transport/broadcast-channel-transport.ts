/**
 * A serverless relay for tabs and iframes of one browser: a shared mailbox in IndexedDB plus a
 * BroadcastChannel that tells the other browsing contexts when something arrives. Same semantics as
 * `MemoryTransport`; meant for demos, prototypes and tests, not for real patient data exchange.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { isSealError, type SealError } from '../core/errors.js';
import {
  assertBlobId,
  assertChunkIndex,
  checkBlobChunk,
  checkBlobReader,
  checkBlobSignal,
  checkEnvelopeBlobs,
  DEFAULT_BLOB_LIMITS,
  decideBlobPut,
  missingChunk,
  type BlobRecord,
} from './relay-blob-rules.js';
import {
  announcement,
  assertUserId,
  checkFetch,
  checkKey,
  checkOutgoing,
  checkProfile,
  checkRecords,
  conflict,
  deliveredEnvelope,
  isParticipant,
  parseCursor,
  publishedKey,
  readAnnouncement,
  refused,
  sameEnvelope,
  searchProfiles,
  Subscribers,
  type Profile,
  type ProfileFields,
  type StoredKey,
} from './relay-rules.js';
import { transportError } from './transport-error.js';
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

/** A stored attachment chunk, keyed by `[blobId, index]`. */
interface StoredChunk {
  readonly blobId: string;
  readonly index: number;
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/**
 * The shared mailbox. It holds only what a server would: ciphertext, public keys, signed records and
 * encrypted attachment chunks.
 */
interface RelaySchema extends DBSchema {
  /** Keyed by an auto-increment sequence number, which is the cursor; `by-blob` finds the envelopes listing a blob. */
  envelopes: { key: number; value: OutgoingEnvelope; indexes: { 'by-id': string; 'by-blob': string } };
  keys: { key: string; value: StoredKey };
  directory: { key: string; value: Profile };
  consent: { key: string; value: SignedRecord };
  audit: { key: string; value: SignedRecord };
  blobs: { key: string; value: BlobRecord };
  blobChunks: { key: [string, number]; value: StoredChunk };
}

const DATABASE_VERSION = 2;

type RelayDatabase = IDBPDatabase<RelaySchema>;

export interface BroadcastChannelTransportOptions {
  /** The user this transport acts for. */
  readonly userId: string;
  /** Channel name; contexts on the same name share a mailbox (`sealbox-relay:<channel>`). Default `sealbox`. */
  readonly channel?: string;
  /** Name listed in the shared directory. */
  readonly displayName?: string;
  /** Role listed in the shared directory. */
  readonly role?: string;
}

// Failures that repeat on every try: bad data, schema mismatch, storage not allowed in this context.
const PERMANENT_FAILURES = new Set(['ConstraintError', 'DataError', 'DataCloneError', 'VersionError', 'NotFoundError', 'InvalidAccessError', 'SecurityError']);

/** Every chunk key of one blob. */
const chunkRange = (blobId: string) => IDBKeyRange.bound([blobId, 0], [blobId, Number.MAX_SAFE_INTEGER]);

/**
 * Maps an IndexedDB failure to a TRANSPORT error, as a server's 5xx would be. Transient ones (quota
 * exceeded, a connection closed by another context, I/O errors) are retryable: the outbox tries again later.
 */
function relayFailure(error: unknown): SealError {
  if (isSealError(error)) return error;
  const name = error instanceof DOMException ? error.name : '';
  const retryable = name !== '' && !PERMANENT_FAILURES.has(name);
  return transportError(`The relay database failed${name ? ` (${name})` : ''}`, { retryable, cause: error });
}

/**
 * A `SealTransport` for browsing contexts of one origin, with no server: tabs (or iframes) on the same
 * `channel` exchange envelopes through a shared IndexedDB mailbox, and subscribers in every context are
 * notified at once through a `BroadcastChannel`.
 *
 * @example
 * const transport = new BroadcastChannelTransport({ userId: 'ana', channel: 'clinic-demo', displayName: 'Ana Ruiz' });
 */
export class BroadcastChannelTransport implements SealTransport {
  /** The user this transport acts for. */
  readonly userId: string;
  /** The channel name shared by the contexts that talk to each other. */
  readonly channel: string;
  readonly #profile: ProfileFields;
  readonly #subscribers = new Subscribers();
  readonly #errorHandlers = new Set<(error: unknown) => void>();
  readonly #broadcast: BroadcastChannel;
  #database: Promise<RelayDatabase> | null = null;
  #closed = false;

  /** Throws a non-retryable TRANSPORT error for a malformed user id or channel name. */
  constructor(options: BroadcastChannelTransportOptions) {
    assertUserId(options?.userId);
    const channel = options.channel ?? 'sealbox';
    if (typeof channel !== 'string' || channel.length === 0 || channel.length > 200) refused('Invalid channel name');
    this.userId = options.userId;
    this.channel = channel;
    this.#profile = checkProfile(options);
    this.#broadcast = new BroadcastChannel(channel);
    this.#broadcast.onmessage = (event) => this.#onAnnouncement(event.data);
    this.#broadcast.onmessageerror = () => {
      const error = transportError('A relay notification could not be read', { retryable: true });
      for (const handler of this.#errorHandlers) handler(error);
    };
    // Open now, so this user is listed in the shared directory as soon as the context starts.
    this.#open().catch(() => {});
  }

  async publishKey(key: PublishedKey): Promise<void> {
    this.#assertOpen();
    const checked = checkKey(key, this.userId);
    await this.#run(async (db) => {
      const tx = db.transaction(['keys', 'directory'], 'readwrite');
      const directory = tx.objectStore('directory');
      const profile = await directory.get(this.userId);
      await Promise.all([tx.objectStore('keys').put(checked.key), directory.put({ ...profile, ...checked.profile, userId: this.userId }), tx.done]);
    });
  }

  async lookupKey(userId: string): Promise<PublishedKey | null> {
    this.#assertOpen();
    assertUserId(userId);
    return this.#run(async (db) => {
      const tx = db.transaction(['keys', 'directory']);
      const [key, profile] = await Promise.all([tx.objectStore('keys').get(userId), tx.objectStore('directory').get(userId)]);
      return key ? publishedKey(key, profile) : null;
    });
  }

  async send(envelope: OutgoingEnvelope): Promise<void> {
    this.#assertOpen();
    const checked = checkOutgoing(envelope, this.userId);
    const seq = await this.#run(async (db) => {
      // Check and add in one transaction, so two contexts sending the same id store it once.
      const tx = db.transaction(['envelopes', 'blobs'], 'readwrite');
      const envelopes = tx.objectStore('envelopes');
      const stored = await envelopes.index('by-id').get(checked.id);
      const blobs = new Map<string, BlobRecord | undefined>();
      for (const blobId of stored ? [] : (checked.blobIds ?? [])) blobs.set(blobId, await tx.objectStore('blobs').get(blobId));
      let refusal: unknown = null;
      try {
        if (stored && !sameEnvelope(stored, checked)) conflict(checked.id);
        if (!stored) checkEnvelopeBlobs(checked, (blobId) => blobs.get(blobId));
      } catch (error) {
        refusal = error;
      }
      const added = stored || refusal ? null : await envelopes.add(checked);
      await tx.done;
      if (refusal) throw refusal;
      return added;
    });
    if (seq === null) return;
    const delivered = deliveredEnvelope(checked, seq);
    try {
      this.#broadcast.postMessage(announcement(delivered));
    } catch {
      // Notifications are hints: other contexts still find the envelope at their next fetch.
    }
    if (isParticipant(delivered, this.userId)) this.#subscribers.notify(delivered);
  }

  async fetch(options: FetchOptions): Promise<EnvelopePage> {
    this.#assertOpen();
    const limit = checkFetch(options);
    return this.#run(async (db) => {
      const tx = db.transaction('envelopes');
      const last = await tx.store.openKeyCursor(null, 'prev');
      const start = parseCursor(options.after, last?.key ?? 0);
      const envelopes: DeliveredEnvelope[] = [];
      let hasMore = false;
      // A scan filtered by participant: fine for a mailbox shared by a few tabs.
      let cursor = await tx.store.openCursor(IDBKeyRange.lowerBound(start, true));
      while (cursor) {
        if (isParticipant(cursor.value, this.userId)) {
          if (envelopes.length === limit) {
            hasMore = true;
            break;
          }
          envelopes.push(deliveredEnvelope(cursor.value, cursor.key));
        }
        cursor = await cursor.continue();
      }
      const next = envelopes.length > 0 ? envelopes[envelopes.length - 1].cursor : options.after;
      return Object.freeze({ envelopes: Object.freeze(envelopes), cursor: next, hasMore });
    });
  }

  /** Calls `listener` for envelopes stored for this user by any context on the channel, this one included. */
  subscribe(listener: (envelope: DeliveredEnvelope) => void, options: SubscribeOptions = {}): Unsubscribe {
    this.#assertOpen();
    const unsubscribe = this.#subscribers.add(listener);
    const onError = options?.onError;
    if (onError) this.#errorHandlers.add(onError);
    return () => {
      unsubscribe();
      if (onError) this.#errorHandlers.delete(onError);
    };
  }

  async searchDirectory(query: string, options: { readonly limit?: number } = {}): Promise<readonly DirectoryEntry[]> {
    this.#assertOpen();
    const profiles = await this.#run((db) => db.getAll('directory'));
    return searchProfiles(profiles, query, this.userId, options?.limit);
  }

  async recordConsent(record: SignedRecord): Promise<void> {
    await this.#keep('consent', [record]);
  }

  async recordAudit(records: readonly SignedRecord[]): Promise<void> {
    await this.#keep('audit', records);
  }

  /** Stores one chunk of a blob this user uploads; a repeat of a stored chunk resolves and changes nothing. */
  async putBlobChunk(chunk: BlobChunk, options?: BlobRequestOptions): Promise<void> {
    this.#assertOpen();
    checkBlobSignal(options, 'The upload');
    const checked = await checkBlobChunk(chunk, DEFAULT_BLOB_LIMITS);
    await this.#run(async (db) => {
      // Decide and write in one transaction, so uploads from several contexts are decided one at a time.
      const tx = db.transaction(['blobs', 'blobChunks'], 'readwrite');
      const [blob, stored] = await Promise.all([tx.objectStore('blobs').get(checked.blobId), tx.objectStore('blobChunks').get([checked.blobId, checked.index])]);
      let outcome: BlobRecord | 'duplicate';
      try {
        outcome = decideBlobPut(blob, stored?.sha256, checked, this.userId, DEFAULT_BLOB_LIMITS);
      } catch (error) {
        await tx.done;
        throw error;
      }
      if (outcome !== 'duplicate') {
        const { blobId, index, sha256, bytes } = checked;
        await Promise.all([tx.objectStore('blobs').put(outcome), tx.objectStore('blobChunks').add({ blobId, index, sha256, bytes })]);
      }
      await tx.done;
    });
  }

  /** Indexes of the chunks of `blobId` this user uploaded, ascending; none for someone else's blob. */
  async listBlobChunks(blobId: string, options?: BlobRequestOptions): Promise<readonly number[]> {
    this.#assertOpen();
    checkBlobSignal(options, 'Listing chunks');
    assertBlobId(blobId);
    return this.#run(async (db) => {
      const tx = db.transaction(['blobs', 'blobChunks']);
      const [blob, keys] = await Promise.all([tx.objectStore('blobs').get(blobId), tx.objectStore('blobChunks').getAllKeys(chunkRange(blobId))]);
      return Object.freeze(blob?.uploader === this.userId ? keys.map(([, index]) => index) : []);
    });
  }

  /** A stored chunk, for its uploader and the participants of an envelope listing it. */
  async getBlobChunk(blobId: string, index: number, options?: BlobRequestOptions): Promise<Uint8Array> {
    this.#assertOpen();
    checkBlobSignal(options, 'The download');
    assertBlobId(blobId);
    assertChunkIndex(index);
    return this.#run(async (db) => {
      const tx = db.transaction(['blobs', 'blobChunks', 'envelopes']);
      const [blob, listing, chunk] = await Promise.all([
        tx.objectStore('blobs').get(blobId),
        tx.objectStore('envelopes').index('by-blob').getAll(blobId),
        tx.objectStore('blobChunks').get([blobId, index]),
      ]);
      checkBlobReader(blob, blobId, this.userId, listing.some((envelope) => isParticipant(envelope, this.userId)));
      // Each read is a fresh structured clone: the caller may transfer it.
      return chunk?.bytes ?? missingChunk(blobId, index);
    });
  }

  /** Closes the channel and the database; later calls reject. The shared mailbox stays. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#broadcast.close();
    this.#subscribers.clear();
    this.#errorHandlers.clear();
    void this.#database?.then((db) => db.close(), () => {});
  }

  /** Append-only, like an audit log: the first record under an id is kept, repeats are acknowledged. */
  async #keep(storeName: 'consent' | 'audit', records: readonly SignedRecord[]): Promise<void> {
    this.#assertOpen();
    const checked = checkRecords(records, this.userId);
    await this.#run(async (db) => {
      const tx = db.transaction(storeName, 'readwrite');
      for (const record of checked) {
        if ((await tx.store.getKey(record.id)) === undefined) await tx.store.add(record);
      }
      await tx.done;
    });
  }

  #onAnnouncement(data: unknown): void {
    const envelope = readAnnouncement(data);
    if (envelope && isParticipant(envelope, this.userId)) this.#subscribers.notify(envelope);
  }

  async #run<T>(work: (db: RelayDatabase) => Promise<T>): Promise<T> {
    try {
      return await work(await this.#open());
    } catch (error) {
      throw relayFailure(error);
    }
  }

  #open(): Promise<RelayDatabase> {
    this.#database ??= this.#connect().catch((error: unknown) => {
      this.#database = null;
      throw error;
    });
    return this.#database;
  }

  /** Opens the mailbox and lists this user in its directory. */
  async #connect(): Promise<RelayDatabase> {
    const forget = () => {
      this.#database = null;
    };
    const db = await openDB<RelaySchema>(`sealbox-relay:${this.channel}`, DATABASE_VERSION, {
      upgrade(database, oldVersion, _newVersion, transaction) {
        if (oldVersion < 1) {
          database.createObjectStore('envelopes', { autoIncrement: true }).createIndex('by-id', 'id', { unique: true });
          database.createObjectStore('keys', { keyPath: 'userId' });
          database.createObjectStore('directory', { keyPath: 'userId' });
          database.createObjectStore('consent', { keyPath: 'id' });
          database.createObjectStore('audit', { keyPath: 'id' });
        }
        if (oldVersion < 2) {
          // Envelopes without blobIds are simply not in this index.
          transaction.objectStore('envelopes').createIndex('by-blob', 'blobIds', { multiEntry: true });
          database.createObjectStore('blobs', { keyPath: 'blobId' });
          database.createObjectStore('blobChunks', { keyPath: ['blobId', 'index'] });
        }
      },
      // Another context deletes or upgrades the mailbox: step aside, reopen at the next call.
      blocking(_current, _blocked, event) {
        (event.target as IDBDatabase).close();
        forget();
      },
      terminated: forget,
    });
    const tx = db.transaction('directory', 'readwrite');
    const profile = await tx.store.get(this.userId);
    await Promise.all([tx.store.put({ ...profile, ...this.#profile, userId: this.userId }), tx.done]);
    return db;
  }

  #assertOpen(): void {
    if (this.#closed) throw transportError('The transport is closed', { retryable: false });
  }
}
