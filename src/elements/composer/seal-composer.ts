import { SealComposer } from './composer.js';

export { SealComposer };
if (!customElements.get('seal-composer')) customElements.define('seal-composer', SealComposer);

declare global {
  interface HTMLElementTagNameMap {
    'seal-composer': SealComposer;
  }
}
