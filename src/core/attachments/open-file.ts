import type { SignerCandidate } from '../crypto/engine.js';
import { SealError } from '../errors.js';
import { abortable, throwIfAborted } from './abort.js';
import type { ChunkCipher } from './cipher.js';
import { IncrementalSha256, sha256Hex } from './digest.js';
import { checkAttachment, resolveAttachmentLimits, type AttachmentLimits } from './limits.js';
import { chunkPlainSize, parseAttachmentManifest, type AttachmentManifest } from './manifest.js';
import type { AttachmentProgress } from './progress.js';
import { SNIFF_BYTES, SNIFFED_TYPES, isInlineType, sniffType } from './sniff.js';

/**
 * Fetches chunk `index` as stored (ciphertext). Resolves null when the chunk does not exist. The bytes
 * are handed over: they are moved to the crypto worker, and the buffer is detached afterwards.
 */
export type ChunkSource = (index: number, signal: AbortSignal | undefined) => Promise<Uint8Array | ArrayBuffer | null | undefined>;

export interface OpenFileOptions {
  readonly cipher: ChunkCipher;
  /** Keys that may have signed the chunks: the sender's pinned key, as for the message itself. */
  readonly candidates: readonly SignerCandidate[];
  readonly limits?: Partial<AttachmentLimits>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AttachmentProgress) => void;
}

/**
 * Downloads, checks and decrypts a file described by a manifest from a verified envelope. Every chunk's
 * ciphertext must match its manifest entry before it is decrypted; every chunk must be signed by one of
 * the candidates; the whole plaintext must match the manifest's size, SHA-256 and type. The plaintext
 * is kept as one Blob part per chunk, so the JavaScript heap holds a few chunks at a time.
 *
 * Resolves with the file only when every check passed. Its type is the manifest's when the content is
 * safe to show inline, else `application/octet-stream`: a blob: URL runs in the page's origin, so SVG or
 * HTML must never be opened from one as such.
 */
export async function openFile(manifestInput: AttachmentManifest, getChunk: ChunkSource, options: OpenFileOptions): Promise<Blob> {
  const { cipher, candidates, signal, onProgress } = options;
  const manifest = parseAttachmentManifest(manifestInput);
  const limits = resolveAttachmentLimits(options.limits);
  checkAttachment(manifest.size, manifest.type, limits);
  if (!Array.isArray(candidates) || candidates.length === 0) throw new SealError('WRONG_SENDER', 'No key is pinned for the sender');
  throwIfAborted(signal);

  const id = manifest.id;
  const plaintextHash = new IncrementalSha256();
  const parts: Blob[] = [];
  const headLength = Math.min(SNIFF_BYTES, manifest.size);
  const head = new Uint8Array(headLength);
  let processed = 0;

  // Chunk i+1 downloads (and, once checked, decrypts) while chunk i decrypts and is hashed here; one
  // download is in flight at a time.
  const fetchChecked = async (index: number): Promise<Uint8Array> => {
    throwIfAborted(signal);
    const entry = manifest.chunks[index]!;
    const details = { attachmentId: id, chunk: index };
    const stored = await abortable(fetchChunk(getChunk, index, signal), signal);
    if (!stored) throw new SealError('ATTACHMENT_TRUNCATED', `Part ${index + 1} of ${manifest.chunks.length} of the file is missing`, { details });
    if (stored.byteLength < entry.size) {
      throw new SealError('ATTACHMENT_TRUNCATED', `Part ${index + 1} of ${manifest.chunks.length} of the file is incomplete`, { details });
    }
    if (stored.byteLength !== entry.size || (await sha256Hex(stored)) !== entry.sha256) {
      throw new SealError('ATTACHMENT_CHUNK_MISMATCH', `Part ${index + 1} of the file is not the one the sender signed`, { details });
    }
    return stored;
  };
  const decrypt = async (index: number, stored: Uint8Array): Promise<Uint8Array> => {
    throwIfAborted(signal);
    return abortable(cipher.decryptChunk(stored, candidates), signal).catch((error: unknown) => {
      throw chunkError(error, { attachmentId: id, chunk: index });
    });
  };
  const quiet = <T>(promise: Promise<T>) => (promise.catch(() => {}), promise); // reported when awaited

  let fetched = manifest.chunks.length > 0 ? quiet(fetchChecked(0)) : null;
  let decrypted = fetched ? quiet(fetched.then((stored) => decrypt(0, stored))) : null;
  for (let index = 0; index < manifest.chunks.length; index++) {
    const nextIndex = index + 1;
    const nextFetched = nextIndex < manifest.chunks.length ? quiet(fetched!.then(() => fetchChecked(nextIndex))) : null;
    const plain = await abortable(decrypted!, signal);
    if (nextFetched) {
      fetched = nextFetched;
      decrypted = quiet(nextFetched.then((stored) => decrypt(nextIndex, stored)));
    }
    if (plain.byteLength !== chunkPlainSize(manifest, index)) {
      throw new SealError('ATTACHMENT_DIGEST_MISMATCH', `Part ${index + 1} of the file has the wrong length`, { details: { attachmentId: id, chunk: index } });
    }
    plaintextHash.update(plain);
    if (processed < headLength) {
      head.set(plain.subarray(0, headLength - processed), processed);
      if (processed + plain.byteLength >= headLength) checkType(head, manifest);
    }
    processed += plain.byteLength;
    parts.push(new Blob([plain as Uint8Array<ArrayBuffer>]));
    onProgress?.({ attachmentId: id, processedBytes: processed, totalBytes: manifest.size, chunksDone: index + 1, chunks: manifest.chunks.length });
  }
  if (headLength === 0) checkType(head, manifest);
  if (processed !== manifest.size || plaintextHash.hex() !== manifest.sha256) {
    throw new SealError('ATTACHMENT_DIGEST_MISMATCH', 'The file does not match the digest the sender signed', { details: { attachmentId: id } });
  }
  throwIfAborted(signal);
  if (manifest.chunks.length === 0) onProgress?.({ attachmentId: id, processedBytes: 0, totalBytes: 0, chunksDone: 0, chunks: 0 });
  return new Blob(parts, { type: isInlineType(manifest.type) ? manifest.type : SNIFFED_TYPES.unknown });
}

async function fetchChunk(getChunk: ChunkSource, index: number, signal: AbortSignal | undefined): Promise<Uint8Array | null> {
  let value: Uint8Array | ArrayBuffer | null | undefined;
  try {
    value = await getChunk(index, signal);
  } catch (error) {
    if (error instanceof SealError) throw error;
    throw new SealError('TRANSPORT', `Part ${index + 1} of the file could not be downloaded`, { cause: error });
  }
  if (value === null || value === undefined) return null;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Uint8Array) return value;
  throw new SealError('INVALID_INPUT', 'getChunk must resolve with bytes (Uint8Array or ArrayBuffer) or null');
}

/** The recipient sniffs the decrypted content itself: a manifest cannot pass HTML off as a PDF. */
function checkType(head: Uint8Array, manifest: AttachmentManifest): void {
  const sniffed = sniffType(head).type;
  if (sniffed !== manifest.type) {
    throw new SealError('ATTACHMENT_TYPE', `The file's content is ${sniffed}, not the ${manifest.type} its sender named`, {
      details: { attachmentId: manifest.id, type: manifest.type, sniffed },
    });
  }
}

/** Signature failures of a chunk become ATTACHMENT_SIGNATURE; an undecryptable chunk, ATTACHMENT_CHUNK_MISMATCH. */
function chunkError(error: unknown, details: { attachmentId: string; chunk: number }): unknown {
  if (!(error instanceof SealError)) return error;
  const part = `Part ${details.chunk + 1} of the file`;
  switch (error.code) {
    case 'NOT_SIGNED':
    case 'BAD_SIGNATURE':
    case 'WRONG_SENDER':
    case 'WRONG_PURPOSE':
      return new SealError('ATTACHMENT_SIGNATURE', `${part} is not signed by the sender's key`, {
        cause: error,
        details: { ...details, reason: error.code },
      });
    case 'TAMPERED':
      return new SealError('ATTACHMENT_CHUNK_MISMATCH', `${part} was altered or is not valid OpenPGP`, { cause: error, details });
    default:
      return error;
  }
}
