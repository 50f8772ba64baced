import { SealEvent } from './seal-event.js';

/** Fired when the user accepts a contact's new key. */
export class SealKeyChangeAcceptEvent extends SealEvent<{ userId: string; fingerprint: string }> {
  static readonly type = 'seal-key-change-accept';
  constructor(detail: { userId: string; fingerprint: string }) {
    super(SealKeyChangeAcceptEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-key-change-accept': SealKeyChangeAcceptEvent;
  }
}
