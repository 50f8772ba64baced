import { SealProvider } from './provider.js';

export { SealProvider };
if (!customElements.get('seal-provider')) customElements.define('seal-provider', SealProvider);

declare global {
  interface HTMLElementTagNameMap {
    'seal-provider': SealProvider;
  }
}
