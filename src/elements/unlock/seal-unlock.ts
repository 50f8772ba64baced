import { SealUnlock } from './unlock.js';

export { SealUnlock };
if (!customElements.get('seal-unlock')) customElements.define('seal-unlock', SealUnlock);

declare global {
  interface HTMLElementTagNameMap {
    'seal-unlock': SealUnlock;
  }
}
