/**
 * The rules for encrypted attachment blobs that the reference relays share (memory, BroadcastChannel
 * and the HTTP relay in demo/relay/): what a chunk must look like, when an upload is stored, a repeat
 * or refused, when an envelope may list a blob, and who may read one. Refusals carry the HTTP status a
 * backend would answer with.
 */
import * as v from 'valibot';
import { MAX_CHUNKS, MAX_ENVELOPE_ATTACHMENTS } from '../core/attachments/manifest.js';
import { CHUNK_OVERHEAD_BYTES, DEFAULT_LIMITS } from '../core/crypto/limits.js';
import { SealError } from '../core/errors.js';
import type { BlobChunk, BlobRequestOptions, OutgoingEnvelope } from './transport.js';
import { sha256Hex } from './sha256-hex.js';
import { transportError } from './transport-error.js';

/** Bounds a relay puts on attachment blobs. */
export interface BlobLimits {
  /** Largest chunk in bytes. Default 4 MiB + 256 KiB: the crypto engine's largest chunk plus its ciphertext overhead. */
  readonly maxChunkBytes: number;
  /** Largest blob, all its chunks together, in bytes. Default 26 MiB. */
  readonly maxBlobBytes: number;
  /** Most chunks one blob may have. Default 4096, the most a manifest may list. */
  readonly maxChunks: number;
}

export const DEFAULT_BLOB_LIMITS: BlobLimits = Object.freeze({
  maxChunkBytes: DEFAULT_LIMITS.maxChunkBytes + CHUNK_OVERHEAD_BYTES,
  maxBlobBytes: 26 * 1024 * 1024,
  maxChunks: MAX_CHUNKS,
});

/** Most blobs one envelope may list: one per attachment. */
export const MAX_ENVELOPE_BLOBS = MAX_ENVELOPE_ATTACHMENTS;

export const blobIdSchema = v.pipe(v.string(), v.uuid());

/** An envelope's `blobIds`: UUIDs, none twice, at most {@link MAX_ENVELOPE_BLOBS}. */
export const blobIdsSchema = v.pipe(
  v.array(blobIdSchema),
  v.maxLength(MAX_ENVELOPE_BLOBS),
  v.check((list) => new Set(list).size === list.length, 'blob ids must be unique'),
);

const SHA256_HEX = /^[0-9a-f]{64}$/;

export { sha256Hex };

function refuse(message: string, status: number): never {
  throw transportError(message, { retryable: false, status });
}

/** The defaults with the caller's overrides; a bound that is not a positive whole number is INVALID_INPUT. */
export function resolveBlobLimits(overrides: Partial<BlobLimits> = {}): BlobLimits {
  const limits = { ...DEFAULT_BLOB_LIMITS, ...overrides };
  for (const name of ['maxChunkBytes', 'maxBlobBytes', 'maxChunks'] as const) {
    const value = limits[name];
    if (!Number.isSafeInteger(value) || value < 1) throw new SealError('INVALID_INPUT', `${name} must be a whole number of at least 1`);
  }
  return Object.freeze({ maxChunkBytes: limits.maxChunkBytes, maxBlobBytes: limits.maxBlobBytes, maxChunks: limits.maxChunks });
}

export function assertBlobId(value: unknown): asserts value is string {
  if (!v.is(blobIdSchema, value)) refuse('Invalid blob id (must be a UUID)', 400);
}

export function assertChunkIndex(value: unknown): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) refuse('Invalid chunk index (must be a whole number from 0)', 400);
}

/** An aborted blob call is the caller's choice, not a refusal: the same call may be made again. */
export function checkBlobSignal(options: BlobRequestOptions | undefined, what: string): void {
  if (options?.signal?.aborted) throw transportError(`${what} was aborted`, { retryable: true, cause: options.signal.reason });
}

/**
 * Checks an uploaded chunk against the limits and its own `sha256`, and returns a frozen copy holding
 * a private copy of the bytes (hashed after copying, so what is stored is what was checked).
 * Oversized chunks and blobs with too many chunks are refused with 413, anything malformed with 400.
 */
export async function checkBlobChunk(chunk: BlobChunk, limits: BlobLimits): Promise<BlobChunk> {
  if (typeof chunk !== 'object' || chunk === null) refuse('Missing blob chunk', 400);
  const { blobId, index, count, bytes, sha256 } = chunk;
  assertBlobId(blobId);
  if (!Number.isSafeInteger(count) || count < 1) refuse('Invalid chunk count (must be a whole number from 1)', 400);
  if (count > limits.maxChunks) refuse(`A blob may have at most ${limits.maxChunks} chunks`, 413);
  assertChunkIndex(index);
  if (index >= count) refuse(`Chunk index ${index} is not below the chunk count ${count}`, 400);
  if (!(bytes instanceof Uint8Array)) refuse('Chunk bytes must be a Uint8Array', 400);
  if (bytes.byteLength === 0) refuse('A chunk cannot be empty', 400);
  if (bytes.byteLength > limits.maxChunkBytes) refuse(`A chunk may hold at most ${limits.maxChunkBytes} bytes`, 413);
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) refuse('Invalid chunk sha256 (must be lowercase hex SHA-256)', 400);
  const copy = bytes.slice();
  if ((await sha256Hex(copy)) !== sha256) refuse(`Chunk ${index} of blob ${blobId} does not match its sha256`, 400);
  return Object.freeze({ blobId, index, count, bytes: copy, sha256 });
}

/** What a relay keeps about a blob besides its chunks. */
export interface BlobRecord {
  readonly blobId: string;
  /** The user whose upload created it; only they may add chunks. */
  readonly uploader: string;
  /** Chunks it has in all, fixed by its first upload. */
  readonly count: number;
  /** Chunks stored so far; the blob is complete when this reaches `count`. */
  readonly storedChunks: number;
  /** Bytes stored so far, all chunks together. */
  readonly bytes: number;
}

/**
 * Decides an upload by `me` of a checked chunk, given the blob as stored (`undefined` when new) and the
 * SHA-256 of the chunk already stored at its index (`undefined` when none). Returns `'duplicate'` for a
 * repeat of a stored chunk, else the blob record after storing it; refuses someone else's blob (403), a
 * count or bytes that disagree with what is stored (409) and a blob growing past its limit (413).
 */
export function decideBlobPut(
  blob: BlobRecord | undefined,
  storedSha256: string | undefined,
  chunk: BlobChunk,
  me: string,
  limits: BlobLimits,
): BlobRecord | 'duplicate' {
  const { blobId, index, count, bytes, sha256 } = chunk;
  if (blob && blob.uploader !== me) refuse(`Blob ${blobId} was uploaded by another user`, 403);
  if (blob && blob.count !== count) refuse(`Blob ${blobId} has ${blob.count} chunks, not ${count}`, 409);
  if (storedSha256 !== undefined) {
    if (storedSha256 === sha256) return 'duplicate';
    refuse(`Chunk ${index} of blob ${blobId} is already stored with other bytes`, 409);
  }
  const total = (blob?.bytes ?? 0) + bytes.byteLength;
  if (total > limits.maxBlobBytes) refuse(`A blob may hold at most ${limits.maxBlobBytes} bytes`, 413);
  return Object.freeze({ blobId, uploader: me, count, storedChunks: (blob?.storedChunks ?? 0) + 1, bytes: total });
}

/**
 * Why `envelope` may not be stored yet, or `null` when it may: every blob it lists must be complete
 * and uploaded by its sender. `blobs` finds a stored blob by id. Relays refuse with 400.
 */
export function unreadyBlob(envelope: OutgoingEnvelope, blobs: (blobId: string) => BlobRecord | undefined): string | null {
  for (const blobId of envelope.blobIds ?? []) {
    const blob = blobs(blobId);
    if (!blob || blob.uploader !== envelope.from) return `Blob ${blobId} was not uploaded by the sender`;
    if (blob.storedChunks < blob.count) return `Blob ${blobId} is incomplete (${blob.storedChunks} of ${blob.count} chunks)`;
  }
  return null;
}

/** Refuses an envelope that lists a blob not ready for it (see {@link unreadyBlob}). */
export function checkEnvelopeBlobs(envelope: OutgoingEnvelope, blobs: (blobId: string) => BlobRecord | undefined): void {
  const reason = unreadyBlob(envelope, blobs);
  if (reason !== null) refuse(reason, 400);
}

/**
 * Refuses a read by `me` of a blob they may not read: unknown (404), or neither uploaded by them nor
 * listed by an envelope they sent or received (`listedForMe`, 403).
 */
export function checkBlobReader(blob: BlobRecord | undefined, blobId: string, me: string, listedForMe: boolean): asserts blob is BlobRecord {
  if (!blob) refuse(`No blob ${blobId}`, 404);
  if (blob.uploader !== me && !listedForMe) refuse(`Blob ${blobId} is not listed by an envelope you sent or received`, 403);
}

export function missingChunk(blobId: string, index: number): never {
  refuse(`Blob ${blobId} has no chunk ${index}`, 404);
}
