import { SealError } from '../errors.js';
import { MAX_CHUNK_SIZE, MAX_CHUNKS, MAX_ENVELOPE_ATTACHMENTS } from './manifest.js';
import { SNIFFED_TYPES } from './sniff.js';

/** What may be attached; the sending and the receiving side each apply their own. */
export interface AttachmentLimits {
  /** Largest file in bytes. Default 25 MiB. */
  readonly maxFileBytes: number;
  /** Most files per message. Default 5. */
  readonly maxFilesPerMessage: number;
  /** MIME types, as sniffed from the content, that may be sent and opened. SVG and HTML are not in the default. */
  readonly allowedTypes: readonly string[];
}

/** Plaintext bytes per chunk unless the caller chooses otherwise. */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = Object.freeze({
  maxFileBytes: 25 * 1024 * 1024,
  maxFilesPerMessage: 5,
  allowedTypes: Object.freeze([
    SNIFFED_TYPES.pdf,
    SNIFFED_TYPES.png,
    SNIFFED_TYPES.jpeg,
    SNIFFED_TYPES.gif,
    SNIFFED_TYPES.webp,
    SNIFFED_TYPES.heic,
    SNIFFED_TYPES.text,
  ]),
});

const isCount = (value: unknown, max: number): value is number => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max;

/** The defaults with the caller's overrides; an override outside the hard bounds is INVALID_INPUT. */
export function resolveAttachmentLimits(overrides: Partial<AttachmentLimits> = {}): AttachmentLimits {
  const limits = { ...DEFAULT_ATTACHMENT_LIMITS, ...overrides };
  if (!isCount(limits.maxFileBytes, MAX_CHUNK_SIZE * MAX_CHUNKS)) {
    throw new SealError('INVALID_INPUT', `limits.maxFileBytes must be a whole number up to ${MAX_CHUNK_SIZE * MAX_CHUNKS}`);
  }
  if (!isCount(limits.maxFilesPerMessage, MAX_ENVELOPE_ATTACHMENTS)) {
    throw new SealError('INVALID_INPUT', `limits.maxFilesPerMessage must be a whole number up to ${MAX_ENVELOPE_ATTACHMENTS}`);
  }
  if (!Array.isArray(limits.allowedTypes) || !limits.allowedTypes.every((type) => typeof type === 'string')) {
    throw new SealError('INVALID_INPUT', 'limits.allowedTypes must be a list of MIME types');
  }
  return Object.freeze({ ...limits, allowedTypes: Object.freeze([...limits.allowedTypes]) });
}

/** Refuses a message with more files than allowed (TOO_LARGE). */
export function checkAttachmentCount(count: number, limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): void {
  if (count > limits.maxFilesPerMessage) {
    throw new SealError('TOO_LARGE', `At most ${limits.maxFilesPerMessage} files can be attached to one message`, {
      details: { files: count, limit: limits.maxFilesPerMessage },
    });
  }
}

/** Refuses a file over the size limit (TOO_LARGE) or of a type not allowed (ATTACHMENT_TYPE). */
export function checkAttachment(size: number, type: string, limits: AttachmentLimits): void {
  if (size > limits.maxFileBytes) {
    throw new SealError('TOO_LARGE', `Files larger than ${limits.maxFileBytes} bytes cannot be attached`, {
      details: { size, limit: limits.maxFileBytes },
    });
  }
  if (!limits.allowedTypes.includes(type)) {
    throw new SealError('ATTACHMENT_TYPE', `Files of type ${type} are not allowed`, { details: { type } });
  }
}
