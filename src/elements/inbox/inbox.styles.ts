import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';
import { statusStyles } from '../shared/status.js';

const own = css`
  :host {
    display: block;
    --_height: var(--seal-inbox-height, 28rem);
    --_row-padding: var(--seal-inbox-row-padding, var(--_space-s) var(--_space-m));
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
  /* The listbox scrolls itself (the virtualizer's scroller mode), so it needs a definite height. */
  [role='listbox'] {
    flex: 1 1 auto;
    height: var(--_height);
    min-height: 6rem;
    overflow-y: auto;
    overscroll-behavior: contain;
    border-radius: var(--_radius);
  }
  [role='listbox']:focus-visible {
    outline: 3px solid var(--_color-focus);
    outline-offset: -3px;
  }
  .row {
    display: block;
    width: 100%;
    padding: var(--_row-padding);
    border-bottom: 1px solid var(--_color-border-subtle);
    border-left: 4px solid transparent;
    cursor: pointer;
    transition: background-color var(--_transition);
  }
  .row:hover {
    background: var(--_color-surface-raised);
  }
  .row[aria-selected='true'] {
    background: var(--_color-surface-selected);
    border-left-color: var(--_color-primary);
  }
  [role='listbox']:focus-visible .row.active {
    outline: 2px solid var(--_color-focus);
    outline-offset: -5px;
  }
  .line {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space-s);
    min-width: 0;
  }
  .details {
    flex-wrap: wrap;
    justify-content: flex-start;
    margin-top: var(--_space-xs);
  }
  .names {
    flex: 1 1 auto;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  time {
    flex: none;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    white-space: nowrap;
  }
  .subject {
    flex: 1 1 8rem;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    color: var(--_color-text-muted);
  }
  .subject.hidden {
    font-style: italic;
  }
  .placeholder {
    display: inline-block;
    width: 60%;
    height: 0.75em;
    border-radius: var(--_radius-s);
    background: var(--_color-border-subtle);
  }
  .unread .names,
  .unread .subject {
    font-weight: 700;
    color: var(--_color-text);
  }
  [part~='unread'] {
    flex: none;
    padding: 0 var(--_space-s);
    border-radius: 999px;
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    font-size: var(--_font-size-small);
    font-weight: 700;
    white-space: nowrap;
  }
  [part~='invalid-count'] {
    flex: none;
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .loading-more {
    margin: 0;
    padding: var(--_space-xs) var(--_space-m);
  }
  .empty {
    padding: var(--_space-l) var(--_space-m);
    text-align: center;
  }
  .empty-title {
    margin: 0 0 var(--_space-xs);
    font-size: var(--_font-size-large);
    font-weight: 600;
  }
  .empty .hint {
    margin: 0 0 var(--_space-m);
  }
  .error {
    margin: var(--_space-m);
  }
  .error p {
    margin: 0 0 var(--_space-s);
  }
`;

export default [tokens, shared, statusStyles, own];
