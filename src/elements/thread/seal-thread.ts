import { SealThread } from './thread.js';

export { SealThread };
if (!customElements.get('seal-thread')) customElements.define('seal-thread', SealThread);

declare global {
  interface HTMLElementTagNameMap {
    'seal-thread': SealThread;
  }
}
