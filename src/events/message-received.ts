import { SealEvent } from './seal-event.js';

/** Fired when a new message arrives (ids only; open it through the client). */
export class SealMessageReceivedEvent extends SealEvent<{ messageId: string; threadId: string; from: string }> {
  static readonly type = 'seal-message-received';
  constructor(detail: { messageId: string; threadId: string; from: string }) {
    super(SealMessageReceivedEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-message-received': SealMessageReceivedEvent;
  }
}
