import { SealEvent } from './seal-event.js';

/** Fired when the user marks a contact verified after comparing fingerprints. */
export class SealContactVerifyEvent extends SealEvent<{ userId: string; fingerprint: string }> {
  static readonly type = 'seal-contact-verify';
  constructor(detail: { userId: string; fingerprint: string }) {
    super(SealContactVerifyEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-contact-verify': SealContactVerifyEvent;
  }
}
