import { SealEvent } from './seal-event.js';

/** Fired when a contact's published key differs from the pinned one. */
export class SealContactKeyChangeEvent extends SealEvent<{ userId: string; previousFingerprint: string; newFingerprint: string }> {
  static readonly type = 'seal-contact-key-change';
  constructor(detail: { userId: string; previousFingerprint: string; newFingerprint: string }) {
    super(SealContactKeyChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-contact-key-change': SealContactKeyChangeEvent;
  }
}
