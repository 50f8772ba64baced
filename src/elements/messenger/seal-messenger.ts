// The messenger renders these tags, so defining it defines them too.
import '../composer/seal-composer.js';
import '../contact-verify/seal-contact-verify.js';
import '../inbox/seal-inbox.js';
import '../thread/seal-thread.js';
import '../unlock/seal-unlock.js';
import { SealMessenger } from './messenger.js';

export { SealMessenger };
if (!customElements.get('seal-messenger')) customElements.define('seal-messenger', SealMessenger);

declare global {
  interface HTMLElementTagNameMap {
    'seal-messenger': SealMessenger;
  }
}
