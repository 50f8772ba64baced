import * as v from 'valibot';
import { CHUNK_OVERHEAD_BYTES, DEFAULT_LIMITS } from '../crypto/limits.js';
import { SealError } from '../errors.js';

/** Largest chunk a manifest may name; the crypto worker refuses larger ones (`limits.maxChunkBytes`). */
export const MAX_CHUNK_SIZE = DEFAULT_LIMITS.maxChunkBytes;
/** Most chunks one file may have. */
export const MAX_CHUNKS = 4096;
/** Most attachments one envelope may carry, whatever the configured limit. */
export const MAX_ENVELOPE_ATTACHMENTS = 20;
export const MAX_NAME_LENGTH = 255;

const sha256Schema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256'));
const byteCount = (max: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(max));

const chunkSchema = v.strictObject({
  /** Ciphertext bytes. */
  size: v.pipe(byteCount(MAX_CHUNK_SIZE + CHUNK_OVERHEAD_BYTES), v.minValue(1)),
  /** SHA-256 of the ciphertext, as stored by the transport. */
  sha256: sha256Schema,
});

/** How many chunks a file of `size` bytes has: none for an empty file. */
export function chunkCount(size: number, chunkSize: number): number {
  return Math.ceil(size / chunkSize);
}

/** Plaintext bytes chunk `index` holds: `chunkSize`, except the last. */
export function chunkPlainSize(manifest: Pick<AttachmentManifest, 'size' | 'chunkSize'>, index: number): number {
  return Math.min(manifest.chunkSize, manifest.size - index * manifest.chunkSize);
}

/**
 * What the signed envelope says about one attached file. The chunks themselves travel separately as
 * ciphertext; their digests here bind them (and their order) to the sender's signature.
 */
export const attachmentManifestSchema = v.pipe(
  v.strictObject({
    id: v.pipe(v.string(), v.uuid()),
    /** The name the sender gave; shown through `displayName()`, never used as a path. */
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NAME_LENGTH)),
    /** The MIME type sniffed from the content (never the browser's guess from the name). */
    type: v.pipe(v.string(), v.maxLength(127), v.regex(/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/, 'must be a MIME type')),
    /** Plaintext bytes. */
    size: byteCount(MAX_CHUNK_SIZE * MAX_CHUNKS),
    /** SHA-256 of the whole plaintext. */
    sha256: sha256Schema,
    /** Plaintext bytes per chunk (the last may be shorter). */
    chunkSize: v.pipe(byteCount(MAX_CHUNK_SIZE), v.minValue(1)),
    chunks: v.pipe(v.array(chunkSchema), v.maxLength(MAX_CHUNKS)),
  }),
  v.check((manifest) => manifest.chunks.length === chunkCount(manifest.size, manifest.chunkSize), 'chunks must cover size in chunkSize pieces'),
);
export type AttachmentManifest = v.InferOutput<typeof attachmentManifestSchema>;
export type AttachmentChunk = AttachmentManifest['chunks'][number];

/** The `attachments` entry of the signed envelope. */
export const envelopeAttachmentsSchema = v.pipe(
  v.array(attachmentManifestSchema),
  v.maxLength(MAX_ENVELOPE_ATTACHMENTS),
  v.check((list) => new Set(list.map((item) => item.id)).size === list.length, 'attachment ids must be unique'),
);

/** Checks a manifest handed in by a caller; throws INVALID_INPUT naming the bad field. */
export function parseAttachmentManifest(value: unknown): AttachmentManifest {
  const result = v.safeParse(attachmentManifestSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    throw new SealError('INVALID_INPUT', `Malformed attachment manifest (${v.getDotPath(issue) ?? 'manifest'}: ${issue.message})`);
  }
  return result.output;
}
