import { SealEvent } from './seal-event.js';

/** Fired before a message is encrypted; cancel it (`preventDefault()`) to veto the send. */
export class SealSendEvent extends SealEvent<{ to: readonly string[]; threadId: string | null; replyTo: string | null }> {
  static readonly type = 'seal-send';
  constructor(detail: { to: readonly string[]; threadId: string | null; replyTo: string | null }) {
    super(SealSendEvent.type, detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-send': SealSendEvent;
  }
}
