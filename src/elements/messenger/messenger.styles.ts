import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { tokens } from '../../styles/tokens.js';

const own = css`
  :host {
    display: block;
    container-type: inline-size;
    --_list-width: var(--seal-messenger-list-width, 22rem);
    --_min-height: var(--seal-messenger-min-height, 32rem);
  }

  [part='base'] {
    display: flex;
    flex-direction: column;
    min-height: var(--_min-height);
    height: 100%;
    background: var(--_color-surface);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius);
    overflow: hidden;
  }

  [part='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    align-items: center;
    justify-content: flex-end;
    padding: var(--_space-s) var(--_space-m);
    border-bottom: 1px solid var(--_color-border-subtle);
    background: var(--_color-surface-raised);
  }

  .panes {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    min-height: 0;
  }

  [part='list-pane'],
  [part='detail-pane'] {
    min-width: 0;
    min-height: 0;
    overflow: auto;
  }

  [part='detail-pane'] {
    padding: var(--_space-m);
  }

  .back {
    margin-bottom: var(--_space-m);
  }

  .placeholder {
    color: var(--_color-text-muted);
    text-align: center;
    margin-top: var(--_space-l);
  }

  .heading {
    font-size: var(--_font-size-large);
    margin: 0 0 var(--_space-m);
  }

  [part='unlock'] {
    display: block;
    max-width: 32rem;
    margin: var(--_space-l) auto;
    padding: 0 var(--_space-m);
  }

  /* Narrow: one pane at a time. */
  .panes[data-view='list'] [part='detail-pane'],
  .panes:not([data-view='list']) [part='list-pane'] {
    display: none;
  }

  @container (min-width: 48rem) {
    .panes {
      grid-template-columns: var(--_list-width) minmax(0, 1fr);
    }
    .panes [part='list-pane'],
    .panes [part='detail-pane'] {
      display: block !important;
    }
    [part='list-pane'] {
      border-right: 1px solid var(--_color-border-subtle);
    }
    .back {
      display: none;
    }
  }
`;

export default [tokens, shared, own];
