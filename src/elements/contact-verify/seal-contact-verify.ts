import { SealContactVerify } from './contact-verify.js';

export { SealContactVerify };
if (!customElements.get('seal-contact-verify')) customElements.define('seal-contact-verify', SealContactVerify);

declare global {
  interface HTMLElementTagNameMap {
    'seal-contact-verify': SealContactVerify;
  }
}
