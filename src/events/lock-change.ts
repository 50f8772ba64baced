import { SealEvent } from './seal-event.js';

/** Fired when the identity is created or imported, unlocked, locked or auto-locked. */
export class SealLockChangeEvent extends SealEvent<{ state: 'no-identity' | 'locked' | 'unlocked'; reason: string }> {
  static readonly type = 'seal-lock-change';
  constructor(detail: { state: 'no-identity' | 'locked' | 'unlocked'; reason: string }) {
    super(SealLockChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-lock-change': SealLockChangeEvent;
  }
}
