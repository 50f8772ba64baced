import type { SealTransport } from '../transport/transport.js';
import { abortable, throwIfAborted } from './attachments/abort.js';
import type { ChunkCipher } from './attachments/cipher.js';
import { sha256Hex } from './attachments/digest.js';
import { checkAttachment, checkAttachmentCount, type AttachmentLimits } from './attachments/limits.js';
import type { AttachmentManifest } from './attachments/manifest.js';
import { sealFile } from './attachments/seal-file.js';
import { SNIFF_BYTES, sniffType } from './attachments/sniff.js';
import { SealError } from './errors.js';
import type { BlobChunkStore } from './store/blob-chunks.js';
import type { OutboxBlob } from './store/database.js';
import type { SendProgress } from './types.js';

export interface CheckedAttachment {
  readonly file: Blob;
  readonly name: string;
}

/** Whether the transport implements every blob method attachments need. */
export function carriesAttachments(transport: SealTransport): boolean {
  return typeof transport.putBlobChunk === 'function' && typeof transport.listBlobChunks === 'function' && typeof transport.getBlobChunk === 'function';
}

/**
 * Checks the files of a send before anything is encrypted: the transport can carry them, how many
 * there are, and each one's size and sniffed type. Errors name the file by its position, not its name.
 */
export async function checkAttachments(input: unknown, limits: AttachmentLimits, transport: SealTransport): Promise<CheckedAttachment[]> {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw new SealError('INVALID_INPUT', 'attachments must be a list of files', { details: { field: 'attachments' } });
  if (input.length === 0) return [];
  if (!carriesAttachments(transport)) {
    throw new SealError('ATTACHMENTS_UNSUPPORTED', 'This portal cannot carry attachments: its transport has no blob methods');
  }
  checkAttachmentCount(input.length, limits);
  const checked: CheckedAttachment[] = [];
  for (const [index, file] of input.entries()) {
    const name: unknown = (file as { name?: unknown } | null)?.name;
    if (!(file instanceof Blob)) throw new SealError('INVALID_INPUT', `Attachment ${index + 1} is not a File or Blob`, { details: { attachment: index } });
    if (typeof name !== 'string' || name.trim() === '') {
      throw new SealError('INVALID_INPUT', `Attachment ${index + 1} needs a name`, { details: { attachment: index } });
    }
    // A blob is stored as its chunks, and an empty file has none.
    if (file.size === 0) throw new SealError('INVALID_INPUT', `Attachment ${index + 1} is empty`, { details: { attachment: index } });
    const type = sniffType(await readHead(file, index)).type;
    try {
      checkAttachment(file.size, type, limits);
    } catch (error) {
      if (error instanceof SealError) throw new SealError(error.code, error.message, { cause: error, details: { ...error.details, attachment: index } });
      throw error;
    }
    checked.push({ file, name });
  }
  return checked;
}

async function readHead(file: Blob, index: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  } catch (cause) {
    throw new SealError('INVALID_INPUT', `Attachment ${index + 1} could not be read`, { cause, details: { attachment: index } });
  }
}

export interface SealAttachmentsOptions {
  readonly cipher: ChunkCipher;
  readonly recipientKeys: readonly string[];
  readonly store: BlobChunkStore;
  readonly messageId: string;
  readonly chunkSize: number;
  readonly limits: AttachmentLimits;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: SendProgress) => void) | undefined;
}

export interface SealedAttachments {
  readonly manifests: AttachmentManifest[];
  readonly blobs: OutboxBlob[];
}

/**
 * Encrypts each file chunk by chunk in the worker and stores every encrypted chunk in IndexedDB as it
 * comes, so the upload can resume after a reload. On failure or abort the chunks stored so far are
 * deleted and the error is rethrown.
 */
export async function sealAttachments(files: readonly CheckedAttachment[], options: SealAttachmentsOptions): Promise<SealedAttachments> {
  const { store, messageId, signal, onProgress } = options;
  const stored: string[] = [];
  const manifests: AttachmentManifest[] = [];
  try {
    for (const { file, name } of files) {
      const sealing = sealFile(file, {
        cipher: options.cipher,
        recipientKeys: options.recipientKeys,
        name,
        chunkSize: options.chunkSize,
        limits: options.limits,
        ...(signal ? { signal } : {}),
      });
      for (;;) {
        const step = await sealing.next();
        if (step.done) {
          manifests.push(step.value);
          break;
        }
        const { attachmentId, index, bytes, progress } = step.value;
        if (index === 0) stored.push(attachmentId);
        const sha256 = await sha256Hex(bytes);
        throwIfAborted(signal);
        await abortable(
          store.put({ blobId: attachmentId, index, count: progress.chunks, bytes, sha256, messageId, storedAt: new Date().toISOString() }),
          signal,
        );
        report(onProgress, { attachmentId, phase: 'encrypting', done: index + 1, total: progress.chunks });
      }
    }
  } catch (error) {
    await store.delete(stored).catch(() => {});
    throw error;
  }
  return { manifests, blobs: manifests.map((manifest) => ({ id: manifest.id, chunks: manifest.chunks.length })) };
}

/** Calls a progress listener; one that throws does not break the send. */
export function report<P extends object>(listener: ((progress: P) => void) | undefined, progress: P): void {
  try {
    listener?.(Object.freeze(progress));
  } catch {
    // The listener's own bug; the send goes on.
  }
}
