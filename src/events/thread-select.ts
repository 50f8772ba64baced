import { SealEvent } from './seal-event.js';

/** Fired when the user opens a thread from the inbox. */
export class SealThreadSelectEvent extends SealEvent<{ threadId: string }> {
  static readonly type = 'seal-thread-select';
  constructor(detail: { threadId: string }) {
    super(SealThreadSelectEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-thread-select': SealThreadSelectEvent;
  }
}
