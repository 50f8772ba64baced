import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';

const own = css`
  :host {
    display: block;
    --_max-width: var(--seal-unlock-max-width, 32rem);
  }
  .base {
    max-width: var(--_max-width);
    min-width: 0;
    overflow-wrap: anywhere;
    background: var(--_color-surface);
    border-radius: var(--_radius);
  }
  form,
  [part~='backup'] {
    background: var(--_color-surface);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
    padding: var(--_space-m);
  }
  h2 {
    margin: 0 0 var(--_space-s);
    font-size: var(--_font-size-large);
    line-height: 1.25;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_color-focus);
  }
  p {
    margin: 0 0 var(--_space-s);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    min-width: 0;
  }
  .field {
    margin: var(--_space-m) 0 var(--_space-s);
  }
  .control {
    display: flex;
    gap: var(--_space-xs);
    align-items: stretch;
  }
  .control input {
    flex: 1 1 auto;
    min-width: 0;
  }
  .toggle {
    flex: none;
    min-width: 4.5rem;
  }
  textarea {
    font-family: var(--_font-family-mono);
    font-size: var(--_font-size-small);
    resize: vertical;
  }
  input[type='file'] {
    padding: var(--_space-xs);
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_color-danger);
    border-width: 2px;
  }
  .field-error {
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
    margin: var(--_space-xs) 0 0;
  }
  .strength {
    display: flex;
    gap: var(--_space-s);
    align-items: baseline;
    min-height: 1.5em;
    font-size: var(--_font-size-small);
  }
  .strength-text {
    margin: 0;
  }
  .meter {
    display: inline-flex;
    gap: 2px;
    flex: none;
  }
  .bar {
    display: inline-block;
    width: 1.25rem;
    height: 0.375rem;
    border-radius: 2px;
    background: var(--_color-border-subtle);
    transition: background-color var(--_transition);
  }
  [data-level='too-short'] .bar.on,
  [data-level='weak'] .bar.on {
    background: var(--_color-danger);
  }
  [data-level='fair'] .bar.on {
    background: var(--_color-warning);
  }
  [data-level='strong'] .bar.on {
    background: var(--_color-success);
  }
  .warning {
    display: flex;
    gap: var(--_space-s);
    align-items: flex-start;
    background: var(--_color-warning-surface);
    border-left: 4px solid var(--_color-warning);
    border-radius: var(--_radius-s);
    padding: var(--_space-s);
    margin: var(--_space-m) 0;
  }
  .warning-icon,
  .status-icon {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: 1.25em;
    height: 1.25em;
    border-radius: 50%;
    border: 1px solid currentColor;
    font-size: 0.85em;
    font-weight: 700;
    line-height: 1;
  }
  .warning-icon {
    color: var(--_color-warning);
    margin-top: 0.15em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    margin-top: var(--_space-m);
  }
  .progress {
    margin: var(--_space-s) 0 0;
  }
  .progress:empty {
    display: none;
  }
  .lockout {
    background: var(--_color-danger-surface);
    color: var(--_color-text);
    border-left: 4px solid var(--_color-danger);
    border-radius: var(--_radius-s);
    padding: var(--_space-s);
  }
  .countdown {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .success {
    color: var(--_color-success);
    font-weight: 600;
  }
  .unlocked {
    padding: var(--_space-xs) var(--_space-s);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
  }
  .unlocked .progress,
  .unlocked .error {
    flex-basis: 100%;
    margin: 0;
  }
  .status-unlocked {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
    color: var(--_color-success);
    font-weight: 600;
  }
`;

export default [tokens, shared, own];
