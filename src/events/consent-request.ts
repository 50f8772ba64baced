import { SealEvent } from './seal-event.js';

/**
 * Fired by an element that is blocked until consent is given (composer, reply box) when the user asks
 * to review the terms. `<seal-consent-banner>` listens for it on the document and opens.
 */
export class SealConsentRequestEvent extends SealEvent<{ policyId: string | null }> {
  static readonly type = 'seal-consent-request';
  constructor(detail: { policyId: string | null }) {
    super(SealConsentRequestEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'seal-consent-request': SealConsentRequestEvent;
  }
}
