import type { SealErrorCode } from '../core/errors.js';
import { SealEvent } from './seal-event.js';

/** Fired when an element's operation fails; `code` is the SealError code. */
export class SealErrorEvent extends SealEvent<{ code: SealErrorCode; operation: string }> {
  static readonly type = 'seal-error';
  constructor(detail: { code: SealErrorCode; operation: string }) {
    super(SealErrorEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-error': SealErrorEvent;
  }
}
