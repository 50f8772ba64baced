import { SealInbox } from './inbox.js';

export { SealInbox };
if (!customElements.get('seal-inbox')) customElements.define('seal-inbox', SealInbox);

declare global {
  interface HTMLElementTagNameMap {
    'seal-inbox': SealInbox;
  }
}
