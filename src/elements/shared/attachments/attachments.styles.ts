import { css } from 'lit';

/** Attachment lists, names, progress, the drop zone and previews, for the composer and the thread. */
export const attachmentStyles = css`
  .attach-icon::before {
    content: '+' / '';
    margin-inline-end: var(--_space-xs);
    font-weight: 700;
  }
  [part~='cancel-send-button'] {
    margin-bottom: var(--_space-s);
  }
  .received-attachments .attachments {
    margin: var(--_space-xs) 0 0;
  }
  .attach-hint {
    margin: 0;
    flex: 1 1 12rem;
  }
  .attachments,
  .attachment-problems {
    list-style: none;
    margin: 0 0 var(--_space-s);
    padding: 0;
    display: grid;
    gap: var(--_space-xs);
  }
  .attachment {
    min-width: 0;
    padding: var(--_space-xs) var(--_space-s);
    border: 1px solid var(--_color-border-subtle);
    border-radius: var(--_radius-s);
    background: var(--_color-surface-raised);
  }
  .attachment[data-warning='true'] {
    border-color: var(--_color-warning);
  }
  .attachment-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-xs) var(--_space-s);
  }
  .attachment-text {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 var(--_space-s);
    flex: 1 1 12rem;
    min-width: 0;
  }
  .file-name {
    font-weight: 600;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .hidden-character {
    font-family: var(--_font-family-mono);
    font-size: 0.85em;
    font-weight: 700;
    color: var(--_color-warning);
    background: var(--_color-warning-surface);
    border: 1px solid currentColor;
    border-radius: var(--_radius-s);
    padding: 0 0.15em;
  }
  .attachment-meta,
  .attachment-status {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .attachment-status[data-state='ready'] {
    color: var(--_color-success);
    font-weight: 600;
  }
  .remove-file {
    min-height: 2rem;
    min-width: 2rem;
    padding: 0;
    line-height: 1;
    font-size: var(--_font-size-large);
    border-color: transparent;
  }
  .name-warning,
  .attachment-problems li {
    margin: var(--_space-xs) 0 0;
    color: var(--_color-warning);
    font-size: var(--_font-size-small);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .received-attachments {
    margin-top: var(--_space-s);
  }
  .attachments-title {
    margin: 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .attachment-error {
    margin: var(--_space-xs) 0 0;
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .warning-icon {
    display: inline-grid;
    place-items: center;
    width: 1.1em;
    height: 1.1em;
    border-radius: 50%;
    border: 1px solid currentColor;
    font-size: 0.8em;
    line-height: 1;
  }
  .attachment-progress {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
    margin-top: var(--_space-xs);
  }
  .attachment-progress progress {
    flex: 1 1 8rem;
    accent-color: var(--_color-primary);
  }
  .attachment-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs) var(--_space-s);
    margin-top: var(--_space-xs);
  }
  .attachment-actions button,
  .save-link {
    min-height: 2rem;
    padding: var(--_space-xs) var(--_space-s);
  }
  .save-link {
    display: inline-flex;
    align-items: center;
    border: 1px solid var(--_color-primary);
    border-radius: var(--_radius);
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    text-decoration: none;
    font-weight: 600;
  }
  .preview {
    margin: var(--_space-s) 0 0;
  }
  .preview img {
    display: block;
    max-width: 100%;
    max-height: var(--_preview-max-height, 24rem);
    height: auto;
    border: 1px solid var(--_color-border-subtle);
    background: var(--_color-surface);
  }
  .pdf-page {
    max-height: var(--_preview-max-height, 24rem);
    overflow: auto;
    border: 1px solid var(--_color-border-subtle);
    background: var(--_color-surface);
  }
  .pdf-page[hidden] {
    display: none;
  }
  .pdf-page canvas {
    display: block;
    width: 100%;
    height: auto;
    background: #fff;
  }
  .pdf-page canvas:focus-visible {
    /* Inside the scrolling frame, so drawn inwards. */
    outline-offset: -3px;
  }
  .pdf-pages {
    display: flex;
    align-items: center;
    gap: var(--_space-s);
    margin: var(--_space-xs) 0 0;
  }
  .preview .hint {
    margin: var(--_space-xs) 0 0;
  }
  .pdf-text {
    max-height: var(--_preview-max-height, 24rem);
    overflow: auto;
    margin: var(--_space-xs) 0 0;
    padding: var(--_space-s);
    border: 1px solid var(--_color-border-subtle);
    background: var(--_color-surface);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .pdf-text[hidden] {
    display: none;
  }
  .pdf-preview > [part~='preview-text-button'] {
    margin: var(--_space-xs) 0 0;
  }
  .drop-target {
    position: relative;
  }
  .drop-zone {
    position: absolute;
    inset: 0;
    z-index: 1;
    display: grid;
    place-items: center;
    padding: var(--_space-m);
    border: 3px dashed var(--_color-primary);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_color-surface) 88%, transparent);
    pointer-events: none;
  }
  .drop-zone p {
    margin: 0;
    padding: var(--_space-s) var(--_space-m);
    border-radius: var(--_radius-s);
    background: var(--_color-surface);
    color: var(--_color-text);
    font-weight: 700;
  }
`;
