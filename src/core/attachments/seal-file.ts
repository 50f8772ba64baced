import { SealError } from '../errors.js';
import { abortable, throwIfAborted } from './abort.js';
import type { ChunkCipher } from './cipher.js';
import { IncrementalSha256, sha256Hex } from './digest.js';
import { checkAttachment, DEFAULT_CHUNK_SIZE, resolveAttachmentLimits, type AttachmentLimits } from './limits.js';
import { chunkCount, MAX_CHUNK_SIZE, MAX_NAME_LENGTH, parseAttachmentManifest, type AttachmentChunk, type AttachmentManifest } from './manifest.js';
import { fitName } from './names.js';
import type { AttachmentProgress } from './progress.js';
import { SNIFF_BYTES, sniffType } from './sniff.js';

export interface SealFileOptions {
  readonly cipher: ChunkCipher;
  /** Armored public keys of the recipients; the engine adds the sender's own key. */
  readonly recipientKeys: readonly string[];
  /** The name recipients see; defaults to the File's name. Longer names are shortened, keeping the extension. */
  readonly name?: string;
  /** Plaintext bytes per chunk (default 1 MiB, at most 4 MiB). */
  readonly chunkSize?: number;
  readonly limits?: Partial<AttachmentLimits>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AttachmentProgress) => void;
}

/** One encrypted chunk, ready to upload; `index` is its place in `manifest.chunks`. */
export interface SealedChunk {
  readonly attachmentId: string;
  readonly index: number;
  /** A standalone binary OpenPGP message, signed by the sender. */
  readonly bytes: Uint8Array;
  readonly progress: AttachmentProgress;
}

/**
 * Encrypts a file chunk by chunk. Each chunk is read with `file.slice()`, hashed, moved to the crypto
 * worker, signed and encrypted there, and yielded before the next one is read, so memory holds a few
 * chunks whatever the file's size. The generator's return value is the manifest to put in the signed
 * envelope (`envelope.attachments`).
 *
 * Refuses files over the size limit (TOO_LARGE) or whose sniffed type is not allowed (ATTACHMENT_TYPE);
 * an aborted signal stops it with ABORTED.
 */
export async function* sealFile(file: Blob, options: SealFileOptions): AsyncGenerator<SealedChunk, AttachmentManifest, void> {
  const { cipher, recipientKeys, signal, onProgress } = options;
  if (!(file instanceof Blob)) throw new SealError('INVALID_INPUT', 'An attachment must be a File or Blob');
  if (!Array.isArray(recipientKeys) || !recipientKeys.every((key) => typeof key === 'string')) {
    throw new SealError('INVALID_INPUT', 'recipientKeys must be a list of armored public keys');
  }
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new SealError('INVALID_INPUT', `chunkSize must be a whole number of bytes from 1 to ${MAX_CHUNK_SIZE}`);
  }
  const name = fitName(options.name ?? (file instanceof File ? file.name : ''), MAX_NAME_LENGTH);
  if (name.length === 0) throw new SealError('INVALID_INPUT', 'An attachment needs a name');
  const limits = resolveAttachmentLimits(options.limits);
  throwIfAborted(signal);

  const size = file.size;
  const head = await abortable(readSlice(file, 0, Math.min(SNIFF_BYTES, size)), signal);
  const { type } = sniffType(head);
  checkAttachment(size, type, limits);

  const id = crypto.randomUUID();
  const total = chunkCount(size, chunkSize);
  const plaintextHash = new IncrementalSha256();
  const chunks: AttachmentChunk[] = [];
  // Reads and hashes chunk `index` (after the chunks before it, so the hash sees them in order).
  const read = (index: number) => {
    const start = index * chunkSize;
    const reading = readSlice(file, start, Math.min(start + chunkSize, size)).then((plain) => {
      plaintextHash.update(plain);
      return plain;
    });
    reading.catch(() => {}); // reported when awaited
    return reading;
  };
  let next = total > 0 ? read(0) : null;
  for (let index = 0; index < total; index++) {
    throwIfAborted(signal);
    const plain = await abortable(next!, signal);
    // The next chunk is read and hashed on this thread while the worker encrypts this one.
    next = index + 1 < total ? read(index + 1) : null;
    // The plaintext buffer moves to the worker here.
    const bytes = await abortable(cipher.encryptChunk(plain, recipientKeys), signal);
    const start = index * chunkSize;
    chunks.push({ size: bytes.byteLength, sha256: await sha256Hex(bytes) });
    const progress: AttachmentProgress = {
      attachmentId: id,
      processedBytes: Math.min(start + chunkSize, size),
      totalBytes: size,
      chunksDone: index + 1,
      chunks: total,
    };
    onProgress?.(progress);
    yield { attachmentId: id, index, bytes, progress };
  }
  throwIfAborted(signal);
  if (total === 0) onProgress?.({ attachmentId: id, processedBytes: 0, totalBytes: 0, chunksDone: 0, chunks: 0 });
  return parseAttachmentManifest({ id, name, type, size, sha256: plaintextHash.hex(), chunkSize, chunks });
}

async function readSlice(file: Blob, start: number, end: number): Promise<Uint8Array> {
  let buffer: ArrayBuffer;
  try {
    buffer = await file.slice(start, end).arrayBuffer();
  } catch (cause) {
    throw new SealError('INVALID_INPUT', 'The file could not be read (it may have been moved or changed)', { cause });
  }
  if (buffer.byteLength !== end - start) throw new SealError('INVALID_INPUT', 'The file changed while it was being read');
  return new Uint8Array(buffer);
}
