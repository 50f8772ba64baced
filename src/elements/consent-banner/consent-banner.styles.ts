import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';

const own = css`
  :host {
    display: block;
    --_max-width: var(--seal-consent-banner-max-width, 48rem);
  }
  [part='base'] {
    max-width: var(--_max-width);
    background: var(--_color-surface);
    color: var(--_color-text);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: var(--_space-m);
  }
  dialog[part='base'] {
    width: min(var(--_max-width), calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    overflow: auto;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  h2 {
    margin: 0 0 var(--_space-s);
    font-size: var(--_font-size-large);
  }
  [part='terms'] {
    margin: var(--_space-s) 0;
    overflow-wrap: anywhere;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: var(--_space-m) 0;
    display: grid;
    gap: var(--_space-s);
  }
  legend {
    font-weight: 600;
    margin-bottom: var(--_space-xs);
  }
  .choice {
    display: flex;
    gap: var(--_space-s);
    align-items: flex-start;
    font-weight: 400;
  }
  .choice input {
    width: auto;
    margin-top: 0.3em;
  }
  [part='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    margin-top: var(--_space-m);
  }
  [part='notice'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    align-items: center;
  }
  .changed {
    background: var(--_color-warning-surface);
    color: var(--_color-text);
    border-left: 4px solid var(--_color-warning);
    padding: var(--_space-s);
    border-radius: var(--_radius-s);
  }
  a {
    color: var(--_color-primary);
  }
`;

export default [tokens, shared, own];
