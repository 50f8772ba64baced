import { css } from 'lit';
import { statusStyles } from '../shared/status.js';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';

const own = css`
  :host {
    display: block;
    --_max-width: var(--seal-contact-verify-max-width, 48rem);
    --_group-size: var(--seal-contact-verify-group-size, 1.25rem);
  }
  .base {
    max-width: var(--_max-width);
    min-width: 0;
    overflow-wrap: anywhere;
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
  h3 {
    margin: 0 0 var(--_space-s);
    font-size: var(--_font-size);
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
  .contact {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-xs) var(--_space-m);
  }
  .name {
    font-weight: 600;
  }
  .name,
  .user-id {
    unicode-bidi: isolate;
  }
  .user-id,
  .previous-name {
    color: var(--_color-text-muted);
  }
  .role {
    color: var(--_color-text-muted);
  }
  .status {
    white-space: normal;
  }
  .verified-note {
    color: var(--_color-success);
  }
  .format {
    border: 0;
    padding: 0;
    margin: var(--_space-m) 0;
    min-width: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs) var(--_space-m);
    align-items: center;
  }
  .format legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: var(--_space-xs);
  }
  .format .hint {
    flex-basis: 100%;
    margin: 0;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
    font-weight: 400;
    margin: 0;
    min-height: 2.5rem;
  }
  .choice input {
    width: auto;
    margin: 0;
  }
  .comparison {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr));
    gap: var(--_space-m);
    margin: var(--_space-m) 0;
  }
  .card {
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
    padding: var(--_space-m);
    min-width: 0;
    container-type: inline-size;
  }
  /* Ten groups: two columns of five on narrow cards, one row of five per half on wide ones. */
  .groups {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: var(--_space-s);
  }
  @container (min-width: 30rem) {
    .groups[data-format='hex'] {
      grid-template-columns: repeat(5, minmax(0, 1fr));
    }
  }
  @container (min-width: 36rem) {
    .groups[data-format='digits'] {
      grid-template-columns: repeat(5, minmax(0, 1fr));
    }
  }
  .group {
    display: flex;
    align-items: baseline;
    gap: var(--_space-xs);
    min-width: 0;
    background: var(--_color-surface);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius-s);
    padding: var(--_space-xs) var(--_space-s);
  }
  .number {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    min-width: 1.4em;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .code {
    font-family: var(--_font-family-mono);
    font-size: var(--_group-size);
    font-weight: 600;
    letter-spacing: 0.08em;
    white-space: nowrap;
  }
  .key-change,
  .mismatch {
    border-left: 4px solid var(--_color-warning);
    background: var(--_color-warning-surface);
    border-radius: var(--_radius-s);
    padding: var(--_space-s) var(--_space-m);
    margin: var(--_space-m) 0;
  }
  .mismatch {
    border-left-color: var(--_color-danger);
    background: var(--_color-danger-surface);
  }
  .mismatch:focus {
    outline: none;
  }
  .mismatch:focus-visible {
    outline: 3px solid var(--_color-focus);
  }
  .icon {
    display: inline-grid;
    place-items: center;
    width: 1.25em;
    height: 1.25em;
    border-radius: 50%;
    border: 1px solid currentColor;
    font-size: 0.85em;
  }
  .key-change dl {
    margin: var(--_space-s) 0 0;
  }
  .key-change dt {
    font-weight: 600;
    font-size: var(--_font-size-small);
  }
  .key-change dd {
    margin: 0 0 var(--_space-s);
    font-family: var(--_font-family-mono);
  }
  .key-change .old {
    text-decoration: line-through;
    color: var(--_color-text-muted);
  }
  [part~='instructions'] ol {
    margin: 0 0 var(--_space-m);
    padding-left: 1.5rem;
  }
  [part~='instructions'] li + li {
    margin-top: var(--_space-xs);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    margin: var(--_space-m) 0;
  }
  .accept {
    border-top: 1px solid var(--_color-border-subtle);
    padding-top: var(--_space-m);
  }
  .progress:empty {
    display: none;
  }
`;

export default [tokens, shared, statusStyles, own];
