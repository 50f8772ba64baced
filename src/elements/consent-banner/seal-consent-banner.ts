import { SealConsentBanner } from './consent-banner.js';

export { SealConsentBanner };
if (!customElements.get('seal-consent-banner')) customElements.define('seal-consent-banner', SealConsentBanner);

declare global {
  interface HTMLElementTagNameMap {
    'seal-consent-banner': SealConsentBanner;
  }
}
