import { SealEvent } from './seal-event.js';

/** Fired when the user accepts, declines or withdraws consent, or changes optional purposes. */
export class SealConsentChangeEvent extends SealEvent<{
  policyId: string;
  version: string;
  decision: 'accepted' | 'declined' | 'withdrawn';
  purposes: Readonly<Record<string, boolean>>;
  receiptId: string;
}> {
  static readonly type = 'seal-consent-change';
  constructor(detail: SealConsentChangeEvent['detail']) {
    super(SealConsentChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-consent-change': SealConsentChangeEvent;
  }
}
