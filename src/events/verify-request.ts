import { SealEvent } from './seal-event.js';

/** Fired when the user asks to compare fingerprints with a contact (`<seal-messenger>` opens `<seal-contact-verify>`). */
export class SealVerifyRequestEvent extends SealEvent<{ userId: string }> {
  static readonly type = 'seal-verify-request';
  constructor(detail: { userId: string }) {
    super(SealVerifyRequestEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-verify-request': SealVerifyRequestEvent;
  }
}
