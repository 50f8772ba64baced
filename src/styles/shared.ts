import { css } from 'lit';

/** Controls and helpers every element shares: buttons, fields, focus rings, visually hidden text. */
export const shared = css`
  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  button {
    font: inherit;
    min-height: 2.5rem;
    padding: var(--_space-s) var(--_space-m);
    border-radius: var(--_radius);
    border: 1px solid var(--_color-primary);
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    cursor: pointer;
    transition: filter var(--_transition);
  }

  button:hover:not(:disabled) {
    filter: brightness(1.1);
  }

  button.secondary {
    background: transparent;
    color: var(--_color-primary);
  }

  button.danger {
    background: var(--_color-danger);
    border-color: var(--_color-danger);
    color: #fff;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  input,
  textarea,
  select {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-s);
    padding: var(--_space-s);
    width: 100%;
  }

  label {
    display: block;
    font-weight: 600;
    margin-bottom: var(--_space-xs);
  }

  :focus-visible {
    outline: 3px solid var(--_color-focus);
    outline-offset: 2px;
  }

  .error {
    color: var(--_color-danger);
    background: var(--_color-danger-surface);
    border-radius: var(--_radius-s);
    padding: var(--_space-s);
    margin: var(--_space-s) 0;
  }

  .hint {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
`;
