import { SealEvent } from './seal-event.js';

/** Fired once a message is encrypted and safely in the outbox (delivery follows). */
export class SealAfterSendEvent extends SealEvent<{ messageId: string; threadId: string }> {
  static readonly type = 'seal-after-send';
  constructor(detail: { messageId: string; threadId: string }) {
    super(SealAfterSendEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-after-send': SealAfterSendEvent;
  }
}
