import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';

const own = css`
  :host {
    display: block;
  }
  [part='base'] {
    background: var(--_color-surface);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
    padding: var(--_space-m);
  }
  h2 {
    margin: 0 0 var(--_space-s);
    font-size: var(--_font-size-large);
  }
  [part='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    align-items: end;
    margin-bottom: var(--_space-s);
  }
  [part='controls'] label {
    margin: 0;
  }
  select {
    width: auto;
    min-width: 12rem;
  }
  [part='integrity'] {
    padding: var(--_space-s);
    border-radius: var(--_radius-s);
    background: var(--_color-surface-raised);
  }
  [part='integrity'].broken {
    background: var(--_color-danger-surface);
    color: var(--_color-danger);
    font-weight: 600;
  }
  ol {
    list-style: none;
    padding: 0;
    margin: var(--_space-m) 0 0;
    display: grid;
    gap: var(--_space-s);
  }
  [part='entry'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: var(--_space-s);
    padding: var(--_space-s) 0;
    border-bottom: 1px solid var(--_color-border-subtle);
    overflow-wrap: anywhere;
  }
  time {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    white-space: nowrap;
  }
  @container (max-width: 30rem) {
    [part='entry'] {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  :host {
    container-type: inline-size;
  }
`;

export default [tokens, shared, own];
