/**
 * The transport adapter contract: the small interface a portal implements to connect Sealbox to its
 * backend. A transport instance acts for one signed-in user (the portal's own session decides who that
 * is); it moves ciphertext envelopes and public keys and never sees plaintext, passphrases or private keys.
 *
 * Error behaviour, for every method: reject with a `SealError` whose `code` is `'TRANSPORT'` and whose
 * `retryable` flag says whether the same call may succeed later (network failure, timeout, 5xx, 429:
 * `true`; refused or malformed requests: `false`). Use {@link transportError} to build one. Anything
 * else a method throws is wrapped into a non-retryable TRANSPORT error by the client. A call whose
 * `signal` is already aborted, or is aborted while it runs, rejects with a retryable TRANSPORT error:
 * the client stopped it, and the same call may be made again.
 *
 * The conformance suite in `sealbox/testing` checks these rules against an adapter and its backend.
 */

/** The routing metadata of a message: everything the server may see about it. */
export interface EnvelopeRouting {
  /** Message id, a UUID chosen by the sender. Sending the same id twice must store it once. */
  readonly id: string;
  /** Conversation id, a UUID. */
  readonly threadId: string;
  /** Sender's user id. */
  readonly from: string;
  /** Recipients' user ids (never including duplicates). */
  readonly to: readonly string[];
  /**
   * Creation time, set by the sender, as `Date.prototype.toISOString()` writes it (UTC with
   * milliseconds, e.g. `2026-01-31T09:30:00.000Z`); backends refuse any other spelling.
   */
  readonly createdAt: string;
  /**
   * Ids of the encrypted attachment blobs this message carries (absent or empty when none). The backend
   * lets the envelope's participants read these blobs; each must be complete (every chunk uploaded by
   * the sender) before the envelope is sent. The signed content lists the same ids with each chunk's
   * digest, so a backend that swaps, drops or adds a blob is detected.
   */
  readonly blobIds?: readonly string[];
}

/** A message as it leaves the sender: routing metadata plus the armored OpenPGP ciphertext. */
export interface OutgoingEnvelope extends EnvelopeRouting {
  /** ASCII-armored OpenPGP message (signed, then encrypted to every recipient and the sender). */
  readonly ciphertext: string;
  /** Size of `ciphertext` in bytes. */
  readonly size: number;
}

/** A message as the backend hands it out, positioned in the user's mailbox by an opaque cursor. */
export interface DeliveredEnvelope extends OutgoingEnvelope {
  /**
   * Opaque position of this envelope in the user's mailbox (at most 256 characters); strictly increasing
   * in fetch order. The client stores it and hands it back as `after`, never parses it.
   */
  readonly cursor: string;
}

/** One page of a user's mailbox, oldest first. */
export interface EnvelopePage {
  readonly envelopes: readonly DeliveredEnvelope[];
  /**
   * Pass as `after` to continue: the cursor of the page's last envelope or, for an empty page, one that
   * continues from where it was asked (e.g. its `after`). `null` only for an empty mailbox read from
   * the start.
   */
  readonly cursor: string | null;
  /** Whether more envelopes are available right now after `cursor`; a page saying so is never empty. */
  readonly hasMore: boolean;
}

/** A user's published public key and the directory data shown next to it. */
export interface PublishedKey {
  readonly userId: string;
  /** ASCII-armored OpenPGP public key. */
  readonly armoredKey: string;
  /** Name to show (e.g. "Dr. Lee"); optional. */
  readonly displayName?: string;
  /** Role to show (e.g. "Clinician", "Patient"); optional. */
  readonly role?: string;
}

/** A person the signed-in user may write to. */
export interface DirectoryEntry {
  readonly userId: string;
  readonly displayName: string;
  readonly role?: string;
}

/** A signed record the portal keeps for compliance (consent receipts, audit entries). */
export interface SignedRecord {
  /** Unique id; delivering the same id twice must store it once. */
  readonly id: string;
  readonly userId: string;
  /** Canonical JSON of the record (ids and metadata only, never message content). */
  readonly payload: string;
  /** Armored detached OpenPGP signature over `payload`, by the user's key; empty while unsigned. */
  readonly signature: string;
}

/** One encrypted chunk of an attachment: a standalone OpenPGP message (binary), as uploaded. */
export interface BlobChunk {
  /** The attachment's id, a UUID chosen by the sender. */
  readonly blobId: string;
  /** Position of the chunk, from 0. */
  readonly index: number;
  /** How many chunks the blob has in all. */
  readonly count: number;
  readonly bytes: Uint8Array;
  /** Lowercase hex SHA-256 of `bytes`; the backend checks it before storing. */
  readonly sha256: string;
}

export interface BlobRequestOptions {
  readonly signal?: AbortSignal;
}

export interface FetchOptions {
  /** Return envelopes strictly after this cursor; `null` from the start of the mailbox. */
  readonly after: string | null;
  /** Maximum number of envelopes to return (the backend may return fewer). */
  readonly limit: number;
  readonly signal?: AbortSignal;
}

export interface SubscribeOptions {
  /** Called when the subscription fails for good or temporarily (the client then falls back to polling). */
  readonly onError?: (error: unknown) => void;
}

/** Stops a subscription. Safe to call more than once. */
export type Unsubscribe = () => void;

export interface SealTransport {
  /**
   * Publishes (or replaces) the signed-in user's public key. Rejects with a non-retryable TRANSPORT error
   * when the backend refuses it (e.g. `userId` is not the signed-in user).
   */
  publishKey(key: PublishedKey): Promise<void>;

  /**
   * Looks up a user's published key; resolves `null` both when the user exists but has none and when
   * the user is unknown.
   */
  lookupKey(userId: string): Promise<PublishedKey | null>;

  /**
   * Stores and routes an envelope to its recipients. Idempotent by `envelope.id`: sending an id that is
   * already stored resolves without storing it again (retries after a lost response are safe), also when
   * two sends of it race. Different content under a stored id is refused, non-retryably, and the first
   * envelope kept. Also refused, non-retryably, storing nothing: `envelope.from` not the signed-in user,
   * and `blobIds` naming a blob that is unknown, incomplete or uploaded by someone else.
   */
  send(envelope: OutgoingEnvelope): Promise<void>;

  /**
   * Pages through the signed-in user's mailbox (envelopes they sent or received), oldest first, strictly
   * after `options.after`. Cursors are stable: fetching again after the same cursor returns the same
   * envelopes plus any that arrived since, never skipping one. Only envelopes the user sent or is a
   * recipient of are returned. A cursor the backend never issued is refused, non-retryably.
   */
  fetch(options: FetchOptions): Promise<EnvelopePage>;

  /**
   * Optional realtime delivery: calls `listener` for each envelope newly stored for the signed-in user,
   * those they sent included, shaped as `fetch` returns it (with its cursor); never for envelopes of
   * others. Delivery is a hint; the client still pages with `fetch`, so duplicates and gaps are
   * harmless. Nothing is delivered after the returned function is called.
   */
  subscribe?(listener: (envelope: DeliveredEnvelope) => void, options?: SubscribeOptions): Unsubscribe;

  /**
   * Optional: people the user may write to whose id or display name contains `query`, in any case;
   * never the searching user, and at most `limit` entries when given.
   */
  searchDirectory?(query: string, options?: { readonly limit?: number }): Promise<readonly DirectoryEntry[]>;

  /**
   * Optional: keeps a consent receipt on the portal's side. Idempotent by `record.id`; a kept receipt is
   * never replaced (a different one under its id may resolve or be refused, non-retryably). A record
   * whose `userId` is not the signed-in user is refused, non-retryably.
   */
  recordConsent?(record: SignedRecord): Promise<void>;

  /**
   * Optional: keeps a batch of audit entries on the portal's side. Idempotent by each entry's `id`, also
   * across overlapping batches; entries of another user are refused, non-retryably.
   */
  recordAudit?(records: readonly SignedRecord[]): Promise<void>;

  /**
   * Optional (attachments need all three blob methods): stores one encrypted attachment chunk sent by
   * the signed-in user. Idempotent by `blobId` and `index`: the same chunk again, or twice at once,
   * resolves and is stored once (a retry after a lost response); different bytes for a stored chunk, a `count` that disagrees with earlier chunks,
   * a wrong `sha256`, a blob uploaded by someone else or a chunk over the backend's limits reject with a
   * non-retryable TRANSPORT error.
   */
  putBlobChunk?(chunk: BlobChunk, options?: BlobRequestOptions): Promise<void>;

  /**
   * Optional: the indexes of the chunks of `blobId` the backend already holds from the signed-in user,
   * ascending (empty when none), so an interrupted upload resumes without sending them again.
   */
  listBlobChunks?(blobId: string, options?: BlobRequestOptions): Promise<readonly number[]>;

  /**
   * Optional: one stored chunk. Readable by the uploader and by the participants of an envelope whose
   * `blobIds` lists the blob; anyone else, or a chunk that does not exist, gets a non-retryable TRANSPORT
   * error (status 403 or 404).
   */
  getBlobChunk?(blobId: string, index: number, options?: BlobRequestOptions): Promise<Uint8Array>;

  /** Optional: releases connections and subscriptions. Called by whoever created the transport; a Sealbox client never closes the transport it was given. */
  close?(): void;
}

export { transportError } from './transport-error.js';
