import { SealEvent } from './seal-event.js';

/**
 * Fired when an attached file was downloaded, checked against what its sender signed and decrypted, and
 * is offered to the user (ids only: never the file's name or content).
 */
export class SealAttachmentOpenEvent extends SealEvent<{ messageId: string; attachmentId: string }> {
  static readonly type = 'seal-attachment-open';
  constructor(detail: { messageId: string; attachmentId: string }) {
    super(SealAttachmentOpenEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-attachment-open': SealAttachmentOpenEvent;
  }
}
