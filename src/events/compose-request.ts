import { SealEvent } from './seal-event.js';

/** Fired when the user asks to write a new message. */
export class SealComposeRequestEvent extends SealEvent<{ to: readonly string[] }> {
  static readonly type = 'seal-compose-request';
  constructor(detail: { to: readonly string[] }) {
    super(SealComposeRequestEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-compose-request': SealComposeRequestEvent;
  }
}
