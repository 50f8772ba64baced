import type { SecurityAlertKind } from '../core/audit/security-monitor.js';
import { SealEvent } from './seal-event.js';

/**
 * Fired (by `<seal-provider>`) for local security signals: repeated failed unlocks, a decryption burst,
 * a contact's key change, a message failing verification. Ids and counts only.
 */
export class SealSecurityAlertEvent extends SealEvent<{ kind: SecurityAlertKind; data: Readonly<Record<string, string | number | boolean>> }> {
  static readonly type = 'seal-security-alert';
  constructor(detail: SealSecurityAlertEvent['detail']) {
    super(SealSecurityAlertEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-security-alert': SealSecurityAlertEvent;
  }
}
