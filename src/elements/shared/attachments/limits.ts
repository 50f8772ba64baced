import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../../core/attachments/limits.js';
import type { SealClient } from '../../../core/client.js';

/** The limits the client sends with (its configuration), else the defaults. */
export function attachmentLimits(client: SealClient | undefined): AttachmentLimits {
  return client?.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS;
}

/** Whether files can be attached at all: a client whose transport carries them and whose limits allow one. */
export function canAttach(client: SealClient | undefined): boolean {
  return client?.canAttach ?? false;
}
