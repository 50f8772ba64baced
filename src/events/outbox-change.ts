import { SealEvent } from './seal-event.js';

/** Fired when messages enter or leave the outbox, or fail. */
export class SealOutboxChangeEvent extends SealEvent<{ pending: number; failed: number }> {
  static readonly type = 'seal-outbox-change';
  constructor(detail: { pending: number; failed: number }) {
    super(SealOutboxChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-outbox-change': SealOutboxChangeEvent;
  }
}
