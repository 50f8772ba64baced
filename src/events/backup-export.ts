import { SealEvent } from './seal-event.js';

/** Fired when the user downloads the encrypted key backup. */
export class SealBackupExportEvent extends SealEvent<{ fingerprint: string }> {
  static readonly type = 'seal-backup-export';
  constructor(detail: { fingerprint: string }) {
    super(SealBackupExportEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-backup-export': SealBackupExportEvent;
  }
}
