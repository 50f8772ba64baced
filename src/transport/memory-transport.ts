/**
 * An in-process relay: the reference semantics of the transport contract, with no network. Tests,
 * stories and the headless demo connect several users to one `MemoryRelay`.
 */
import {
  assertBlobId,
  assertChunkIndex,
  checkBlobChunk,
  checkBlobReader,
  checkBlobSignal,
  checkEnvelopeBlobs,
  decideBlobPut,
  missingChunk,
  resolveBlobLimits,
  type BlobLimits,
  type BlobRecord,
} from './relay-blob-rules.js';
import {
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
  Unsubscribe,
} from './transport.js';

/** A blob as kept: its record, and each stored chunk's digest and bytes by index. */
interface StoredBlob {
  record: BlobRecord;
  readonly chunks: Map<number, { readonly sha256: string; readonly bytes: Uint8Array }>;
}

/** Bounds of a {@link MemoryRelay}; each defaults to the value the other reference relays use. */
export type MemoryRelayOptions = Partial<BlobLimits>;

/** What the relay stores; shared by the relay and the transports connected to it. */
class RelayState {
  /** Position `i` holds the envelope with sequence number `i + 1`. */
  readonly envelopes: DeliveredEnvelope[] = [];
  readonly byId = new Map<string, DeliveredEnvelope>();
  readonly keys = new Map<string, StoredKey>();
  readonly profiles = new Map<string, Profile>();
  readonly consent = new Map<string, SignedRecord>();
  readonly audit = new Map<string, SignedRecord>();
  readonly live = new Set<{ readonly userId: string; readonly subscribers: Subscribers }>();
  readonly blobs = new Map<string, StoredBlob>();
  /** The stored envelopes that list each blob: their participants may read it. */
  readonly listedBy = new Map<string, DeliveredEnvelope[]>();

  constructor(readonly blobLimits: BlobLimits) {}

  register(userId: string, fields: ProfileFields): void {
    this.profiles.set(userId, Object.freeze({ ...this.profiles.get(userId), ...fields, userId }));
  }
}

let stateOf: (relay: MemoryRelay) => RelayState;

/**
 * An in-memory relay several users connect to. Everything it stores is what a server would see:
 * routing metadata, ciphertext, public keys, signed records and encrypted attachment chunks.
 *
 * @example
 * const relay = new MemoryRelay({ maxBlobBytes: 50 * 1024 * 1024 });
 * const ana = relay.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' });
 */
export class MemoryRelay {
  readonly #state: RelayState;

  /**
   * `options` bound attachment blobs: `maxChunkBytes` (default 4 MiB + 256 KiB), `maxBlobBytes`
   * (default 26 MiB) and `maxChunks` (default 4096). Throws INVALID_INPUT for a bound that is not a
   * positive whole number.
   */
  constructor(options: MemoryRelayOptions = {}) {
    this.#state = new RelayState(resolveBlobLimits(options));
  }

  static {
    // Lets MemoryTransport reach the state without making it public.
    stateOf = (relay) => relay.#state;
  }

  /**
   * Returns a transport acting for `userId` and lists them in the directory (a profile given here
   * updates their entry). Throws a non-retryable TRANSPORT error for a malformed user id.
   */
  connect(userId: string, profile?: { displayName?: string; role?: string }): MemoryTransport {
    return new MemoryTransport(this, userId, profile);
  }

  /** Every stored envelope in storage order: what the server sees. Frozen snapshot. */
  envelopes(): readonly DeliveredEnvelope[] {
    return Object.freeze([...this.#state.envelopes]);
  }

  /** Every consent receipt kept, in arrival order. Frozen snapshot. */
  consentRecords(): readonly SignedRecord[] {
    return Object.freeze([...this.#state.consent.values()]);
  }

  /** Every audit entry kept, in arrival order. Frozen snapshot. */
  auditRecords(): readonly SignedRecord[] {
    return Object.freeze([...this.#state.audit.values()]);
  }

  /** Every stored attachment chunk, blob by blob in upload order, with copies of its bytes: what the server sees. */
  blobChunks(): readonly BlobChunk[] {
    const chunks: BlobChunk[] = [];
    for (const { record, chunks: stored } of this.#state.blobs.values()) {
      for (const [index, { sha256, bytes }] of stored) {
        chunks.push(Object.freeze({ blobId: record.blobId, index, count: record.count, bytes: bytes.slice(), sha256 }));
      }
    }
    return Object.freeze(chunks);
  }
}

/** A `SealTransport` acting for one user on a {@link MemoryRelay}. */
export class MemoryTransport implements SealTransport {
  /** The user this transport acts for (the "signed-in" user). */
  readonly userId: string;
  readonly #state: RelayState;
  readonly #live: { readonly userId: string; readonly subscribers: Subscribers };
  #closed = false;

  constructor(relay: MemoryRelay, userId: string, profile: { displayName?: string; role?: string } = {}) {
    assertUserId(userId);
    this.userId = userId;
    this.#state = stateOf(relay);
    this.#state.register(userId, checkProfile(profile));
    this.#live = { userId, subscribers: new Subscribers() };
  }

  async publishKey(key: PublishedKey): Promise<void> {
    this.#assertOpen();
    const checked = checkKey(key, this.userId);
    this.#state.keys.set(this.userId, checked.key);
    this.#state.register(this.userId, checked.profile);
  }

  async lookupKey(userId: string): Promise<PublishedKey | null> {
    this.#assertOpen();
    assertUserId(userId);
    const key = this.#state.keys.get(userId);
    return key ? publishedKey(key, this.#state.profiles.get(userId)) : null;
  }

  async send(envelope: OutgoingEnvelope): Promise<void> {
    this.#assertOpen();
    const checked = checkOutgoing(envelope, this.userId);
    const stored = this.#state.byId.get(checked.id);
    if (stored) {
      if (!sameEnvelope(stored, checked)) conflict(checked.id);
      return;
    }
    checkEnvelopeBlobs(checked, (blobId) => this.#state.blobs.get(blobId)?.record);
    const delivered = deliveredEnvelope(checked, this.#state.envelopes.length + 1);
    this.#state.envelopes.push(delivered);
    this.#state.byId.set(delivered.id, delivered);
    for (const blobId of delivered.blobIds ?? []) {
      const listing = this.#state.listedBy.get(blobId) ?? [];
      listing.push(delivered);
      this.#state.listedBy.set(blobId, listing);
    }
    for (const { userId, subscribers } of this.#state.live) {
      if (isParticipant(delivered, userId)) subscribers.notify(delivered);
    }
  }

  async fetch(options: FetchOptions): Promise<EnvelopePage> {
    this.#assertOpen();
    const limit = checkFetch(options);
    const all = this.#state.envelopes;
    const start = parseCursor(options.after, all.length);
    const page: DeliveredEnvelope[] = [];
    let hasMore = false;
    for (let index = start; index < all.length; index += 1) {
      if (!isParticipant(all[index], this.userId)) continue;
      if (page.length === limit) {
        hasMore = true;
        break;
      }
      page.push(all[index]);
    }
    const cursor = page.length > 0 ? page[page.length - 1].cursor : options.after;
    return Object.freeze({ envelopes: Object.freeze(page), cursor, hasMore });
  }

  /** Calls `listener` for envelopes this user sends or receives; an in-memory subscription never fails. */
  subscribe(listener: (envelope: DeliveredEnvelope) => void): Unsubscribe {
    this.#assertOpen();
    const unsubscribe = this.#live.subscribers.add(listener);
    this.#state.live.add(this.#live);
    return unsubscribe;
  }

  async searchDirectory(query: string, options: { readonly limit?: number } = {}): Promise<readonly DirectoryEntry[]> {
    this.#assertOpen();
    return searchProfiles(this.#state.profiles.values(), query, this.userId, options?.limit);
  }

  async recordConsent(record: SignedRecord): Promise<void> {
    this.#keep(this.#state.consent, [record]);
  }

  async recordAudit(records: readonly SignedRecord[]): Promise<void> {
    this.#keep(this.#state.audit, records);
  }

  /** Stores one chunk of a blob this user uploads; a repeat of a stored chunk resolves and changes nothing. */
  async putBlobChunk(chunk: BlobChunk, options?: BlobRequestOptions): Promise<void> {
    this.#assertOpen();
    checkBlobSignal(options, 'The upload');
    const { blobLimits, blobs } = this.#state;
    const checked = await checkBlobChunk(chunk, blobLimits);
    // From here to the write nothing awaits, so concurrent uploads are decided one at a time.
    const blob = blobs.get(checked.blobId);
    const outcome = decideBlobPut(blob?.record, blob?.chunks.get(checked.index)?.sha256, checked, this.userId, blobLimits);
    if (outcome === 'duplicate') return;
    const stored = blob ?? { record: outcome, chunks: new Map() };
    stored.record = outcome;
    stored.chunks.set(checked.index, { sha256: checked.sha256, bytes: checked.bytes });
    blobs.set(checked.blobId, stored);
  }

  /** Indexes of the chunks of `blobId` this user uploaded, ascending; none for someone else's blob. */
  async listBlobChunks(blobId: string, options?: BlobRequestOptions): Promise<readonly number[]> {
    this.#assertOpen();
    checkBlobSignal(options, 'Listing chunks');
    assertBlobId(blobId);
    const blob = this.#state.blobs.get(blobId);
    if (!blob || blob.record.uploader !== this.userId) return Object.freeze([]);
    return Object.freeze([...blob.chunks.keys()].sort((a, b) => a - b));
  }

  /** A copy of a stored chunk (the caller may transfer it), for its uploader and the participants of an envelope listing it. */
  async getBlobChunk(blobId: string, index: number, options?: BlobRequestOptions): Promise<Uint8Array> {
    this.#assertOpen();
    checkBlobSignal(options, 'The download');
    assertBlobId(blobId);
    assertChunkIndex(index);
    const blob = this.#state.blobs.get(blobId);
    const listedForMe = (this.#state.listedBy.get(blobId) ?? []).some((envelope) => isParticipant(envelope, this.userId));
    checkBlobReader(blob?.record, blobId, this.userId, listedForMe);
    const chunk = blob!.chunks.get(index) ?? missingChunk(blobId, index);
    return chunk.bytes.slice();
  }

  /** Ends this transport's subscriptions; later calls reject. The relay and other users go on. */
  close(): void {
    this.#closed = true;
    this.#live.subscribers.clear();
    this.#state.live.delete(this.#live);
  }

  /** Append-only, like an audit log: the first record under an id is kept, repeats are acknowledged. */
  #keep(target: Map<string, SignedRecord>, records: readonly SignedRecord[]): void {
    this.#assertOpen();
    // Checked as a batch first, so a bad entry stores nothing.
    for (const record of checkRecords(records, this.userId)) {
      if (!target.has(record.id)) target.set(record.id, record);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw transportError('The transport is closed', { retryable: false });
  }
}
