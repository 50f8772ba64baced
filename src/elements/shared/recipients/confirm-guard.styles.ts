import { css } from 'lit';

/** The misdirected-message guard's dialog, in the composer and the thread. */
export const confirmStyles = css`
  dialog {
    width: min(36rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    overflow: auto;
    background: var(--_color-surface);
    color: var(--_color-text);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: var(--_space-m);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  dialog h2 {
    margin: 0 0 var(--_space-s);
    font-size: var(--_font-size-large);
  }
  dialog ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space-m);
  }
  dialog li {
    padding: var(--_space-s);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius-s);
    overflow-wrap: anywhere;
  }
  dialog .who {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space-s);
    margin: 0;
  }
  .user-id,
  .name {
    unicode-bidi: isolate;
  }
  .user-id {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  dialog .reason {
    margin: var(--_space-xs) 0 0;
  }
  dialog li .actions {
    margin-top: var(--_space-s);
  }
  .blocked {
    color: var(--_color-warning);
    font-weight: 600;
  }
`;
