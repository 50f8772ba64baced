import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../../core/attachments/limits.js';
import type { SealClient } from '../../../core/client.js';

/** The limits the client sends with (its configuration), else the defaults. */
export function attachmentLimits(client: SealClient | undefined): AttachmentLimits {
  return (client as { readonly attachmentLimits?: AttachmentLimits } | undefined)?.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS;
}
