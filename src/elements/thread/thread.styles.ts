import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';
import { attachmentStyles } from '../shared/attachments/attachments.styles.js';
import { confirmStyles } from '../shared/recipients/confirm-guard.styles.js';
import { statusStyles } from '../shared/status.js';

const own = css`
  :host {
    display: block;
    --_max-height: var(--seal-thread-max-height, 32rem);
    --_reply-min-height: var(--seal-thread-reply-min-height, 5rem);
  }
  .base {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-width: 0;
    background: var(--_color-surface);
    color: var(--_color-text);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
  }
  .notice {
    margin: 0;
    padding: var(--_space-s) var(--_space-m);
    color: var(--_color-text-muted);
  }
  .header {
    padding: var(--_space-s) var(--_space-m);
    border-bottom: 1px solid var(--_color-border-subtle);
  }
  .title {
    margin: 0;
    font-size: var(--_font-size-large);
    overflow-wrap: anywhere;
  }
  .participants {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs) var(--_space-m);
    margin: var(--_space-xs) 0 0;
    padding: 0;
    list-style: none;
    font-size: var(--_font-size-small);
  }
  .participant {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space-xs) var(--_space-s);
    min-width: 0;
  }
  .participant .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .participant .name,
  .participant .user-id {
    unicode-bidi: isolate;
  }
  .participant .user-id {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    overflow-wrap: anywhere;
  }
  .participant .role {
    color: var(--_color-text-muted);
    overflow-wrap: anywhere;
  }
  .messages {
    flex: 1 1 auto;
    min-height: 0;
    max-height: var(--_max-height);
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_space-s) var(--_space-m);
  }
  .messages:focus-visible {
    outline-offset: -3px;
  }
  .load-older {
    display: block;
    margin: 0 auto var(--_space-s);
  }
  .beginning {
    margin: 0 0 var(--_space-s);
    text-align: center;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .message-list {
    display: grid;
    gap: var(--_space-s);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .message {
    min-width: 0;
    padding: var(--_space-s) var(--_space-m);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
    background: var(--_color-surface);
  }
  .message.outgoing {
    background: var(--_color-surface-raised);
    margin-inline-start: var(--_space-l);
  }
  .message.incoming {
    margin-inline-end: var(--_space-l);
  }
  .message-header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space-xs) var(--_space-s);
  }
  .sender {
    margin: 0;
    font-size: var(--_font-size);
    overflow-wrap: anywhere;
  }
  time {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .subject {
    margin: var(--_space-xs) 0 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .subject .label {
    color: var(--_color-text-muted);
    font-weight: 400;
  }
  .body {
    margin-top: var(--_space-xs);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .invalid,
  .key-changed {
    margin-top: var(--_space-xs);
    padding: var(--_space-s);
    border-radius: var(--_radius-s);
    border-left: 4px solid currentColor;
  }
  .invalid {
    color: var(--_color-danger);
    background: var(--_color-danger-surface);
  }
  .key-changed {
    color: var(--_color-warning);
    background: var(--_color-warning-surface);
  }
  .invalid p,
  .key-changed p {
    margin: 0 0 var(--_space-xs);
  }
  .invalid-title {
    font-weight: 700;
  }
  .delivery {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
    margin: var(--_space-xs) 0 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .delivery.failed {
    color: var(--_color-danger);
    font-weight: 600;
  }
  .reply {
    padding: var(--_space-s) var(--_space-m) var(--_space-m);
    border-top: 1px solid var(--_color-border-subtle);
  }
  textarea {
    display: block;
    min-height: var(--_reply-min-height);
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_color-danger);
    border-width: 2px;
  }
  .reply .hint {
    margin: var(--_space-xs) 0;
  }
  .reply-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
  }
  .field-error {
    margin: var(--_space-xs) 0 0;
    color: var(--_color-danger);
    font-weight: 600;
  }
  .error {
    margin: var(--_space-s) var(--_space-m);
  }
  .reply .error {
    margin: var(--_space-s) 0 0;
  }
  .error p {
    margin: 0 0 var(--_space-s);
  }
  [part~='consent-notice'] {
    border-top: 1px solid var(--_color-border-subtle);
  }
`;

export default [tokens, shared, statusStyles, attachmentStyles, confirmStyles, own];
