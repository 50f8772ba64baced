import { css, unsafeCSS } from 'lit';
import { darkThemeValues } from '../../styles/tokens.js';

const dark = unsafeCSS(darkThemeValues.cssText);

export default css`
  :host {
    display: contents;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  [part='error'] {
    display: block;
    padding: var(--seal-space-m, 1rem);
    color: var(--seal-color-danger, #b42318);
    font-family: var(--seal-font-family, system-ui, sans-serif);
  }
`;
