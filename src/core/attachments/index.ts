export { workerChunkCipher, type ChunkCipher } from './cipher.js';
export {
  checkAttachment,
  checkAttachmentCount,
  DEFAULT_ATTACHMENT_LIMITS,
  DEFAULT_CHUNK_SIZE,
  resolveAttachmentLimits,
  type AttachmentLimits,
} from './limits.js';
export { attachmentManifestSchema, parseAttachmentManifest, type AttachmentChunk, type AttachmentManifest } from './manifest.js';
export { displayName, downloadName, type DisplayName } from './names.js';
export { openFile, type ChunkSource, type OpenFileOptions } from './open-file.js';
export type { AttachmentProgress } from './progress.js';
export { sealFile, type SealedChunk, type SealFileOptions } from './seal-file.js';
export { isInlineType, sniffType, SNIFFED_TYPES, type SniffResult } from './sniff.js';
