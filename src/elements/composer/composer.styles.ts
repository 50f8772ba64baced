import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';
import { attachmentStyles } from '../shared/attachments/attachments.styles.js';
import { confirmStyles } from '../shared/recipients/confirm-guard.styles.js';
import { statusStyles } from '../shared/status.js';

const own = css`
  :host {
    display: block;
    --_min-height: var(--seal-composer-min-height, 8rem);
  }
  [part~='base'] {
    background: var(--_color-surface);
    color: var(--_color-text);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
    padding: var(--_space-m);
    min-width: 0;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
    display: grid;
    gap: var(--_space-m);
  }
  .field {
    min-width: 0;
  }
  .field .hint,
  .field-error {
    margin: var(--_space-xs) 0 0;
  }
  .field-error {
    color: var(--_color-danger);
    font-weight: 600;
  }
  .field-error::before {
    content: '! ' / '';
  }
  [aria-invalid='true'] {
    border-color: var(--_color-danger);
    border-width: 2px;
  }
  .label-row {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space-s);
  }
  .optional {
    margin-bottom: var(--_space-xs);
    font-weight: 400;
    color: var(--_color-text-muted);
  }
  .to-box {
    display: grid;
    gap: var(--_space-xs);
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
    max-width: 100%;
    padding: var(--_space-xs) var(--_space-xs) var(--_space-xs) var(--_space-s);
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
  }
  .chip[data-state='key-changed'] {
    border-color: var(--_color-warning);
    background: var(--_color-warning-surface);
  }
  .chip[data-state='key-revoked'],
  .chip[data-state='altered'] {
    border-color: var(--_color-danger);
  }
  .chip-text {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: var(--_space-s);
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .chip-name {
    font-weight: 600;
  }
  .chip-name,
  .chip-id,
  .option-name,
  .option-id {
    unicode-bidi: isolate;
  }
  .chip-id,
  .option-id,
  .chip-renamed {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .chip-role {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .chip-remove {
    min-height: 2rem;
    min-width: 2rem;
    padding: 0;
    background: transparent;
    color: var(--_color-text);
    border-color: transparent;
    line-height: 1;
    font-size: var(--_font-size-large);
  }
  .chip-remove:hover {
    border-color: var(--_color-border);
  }
  .listbox {
    list-style: none;
    margin: var(--_space-xs) 0 0;
    padding: var(--_space-xs);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-s);
    background: var(--_color-surface);
    max-height: 16rem;
    overflow-y: auto;
  }
  .listbox[hidden] {
    display: none;
  }
  .option {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    column-gap: var(--_space-s);
    padding: var(--_space-s);
    border-radius: var(--_radius-s);
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  .option:hover,
  .option[aria-selected='true'] {
    background: var(--_color-surface-selected);
  }
  .option[aria-selected='true'] {
    outline: 2px solid var(--_color-focus);
    outline-offset: -2px;
  }
  .option-role {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  input:disabled,
  textarea:disabled {
    background: var(--_color-surface-raised);
    cursor: not-allowed;
  }
  textarea {
    min-height: var(--_min-height);
    resize: vertical;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
    margin-top: var(--_space-m);
  }
  .draft-status {
    margin: 0;
    margin-inline-start: auto;
  }
  .notice {
    margin: 0 0 var(--_space-m);
    padding: var(--_space-s);
    border-radius: var(--_radius-s);
    background: var(--_color-surface-raised);
  }
  .delivery {
    list-style: none;
    margin: var(--_space-m) 0 0;
    padding: 0;
    display: grid;
    gap: var(--_space-s);
  }
  .delivery li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
    overflow-wrap: anywhere;
  }
  .delivery-state {
    font-weight: 600;
  }
  .delivery [data-state='failed'] .delivery-state {
    color: var(--_color-danger);
  }
  .delivery [data-state='sent'] .delivery-state {
    color: var(--_color-success);
  }
`;

export default [tokens, shared, statusStyles, attachmentStyles, confirmStyles, own];
