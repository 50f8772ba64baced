import { html, nothing, type TemplateResult } from 'lit';
import type { AttachmentInfo } from '../../../core/types.js';
import { formatSize, renderName, renderNameWarnings, typeLabel, type DisplayName } from './attachment-name.js';
import { attachmentErrorText, attachmentStrings } from './attachments.strings.js';
import { cssId, key, type OpenedAttachment, type ReceivedAttachments } from './received-attachments.js';

function nameOf(attachment: AttachmentInfo): DisplayName {
  return {
    text: attachment.name,
    hiddenCharacters: attachment.hiddenCharacters,
    doubleExtension: attachment.doubleExtension,
    extension: attachment.name.includes('.') ? attachment.name.slice(attachment.name.lastIndexOf('.') + 1).toLowerCase() : '',
  };
}

function statusText(state: OpenedAttachment): string {
  const t = attachmentStrings();
  switch (state.phase) {
    case 'idle':
      return t.notOpened;
    case 'opening':
      return t.opening;
    case 'ready':
      return t.verified;
    case 'failed':
      return t.failedStatus;
  }
}

/** A message's attached files: name, type, size and status in words, with Download, Save and Preview. */
export function renderReceived(files: ReceivedAttachments, messageId: string, attachments: readonly AttachmentInfo[]): TemplateResult | typeof nothing {
  if (attachments.length === 0) return nothing;
  const listId = `attachments-${cssId(messageId)}`;
  return html`<div part="received-attachments" class="received-attachments">
    <p id=${listId} class="attachments-title">${attachmentStrings().received}</p>
    <ul part="attachments" class="attachments" aria-labelledby=${listId}>
      ${attachments.map((attachment) => renderItem(files, messageId, attachment))}
    </ul>
  </div>`;
}

function renderItem(files: ReceivedAttachments, messageId: string, attachment: AttachmentInfo): TemplateResult {
  const t = attachmentStrings();
  const state = files.state(messageId, attachment.id);
  const id = cssId(key(messageId, attachment.id));
  const name = nameOf(attachment);
  const warned = name.hiddenCharacters || name.doubleExtension;
  return html`<li part="attachment" class="attachment" data-state=${state.phase} data-warning=${warned ? 'true' : 'false'}>
    <div class="attachment-row">
      <span class="attachment-text">
        ${renderName(name)}
        <span part="attachment-meta" class="attachment-meta">${typeLabel(attachment.type)}, ${formatSize(attachment.size)}</span>
        <span part="attachment-status" class="attachment-status" data-state=${state.phase}>${statusText(state)}</span>
      </span>
    </div>
    ${renderNameWarnings(name, `warning-${id}`)}
    ${state.phase === 'opening'
      ? html`<div part="attachment-progress" class="attachment-progress">
          <progress max=${state.total || 1} .value=${state.done} aria-label=${t.progressOf(t.opening, attachment.name)}></progress>
        </div>`
      : nothing}
    ${state.phase === 'failed' && state.error ? html`<p part="attachment-error" class="attachment-error">${attachmentErrorText(state.error)}</p>` : nothing}
    <div part="attachment-actions" class="attachment-actions">${renderActions(files, messageId, attachment, state, id)}</div>
    ${state.previewOpen ? renderPreview(attachment, state, id) : nothing}
  </li>`;
}

function renderActions(files: ReceivedAttachments, messageId: string, attachment: AttachmentInfo, state: OpenedAttachment, id: string): TemplateResult | typeof nothing {
  const t = attachmentStrings();
  const name = attachment.name;
  switch (state.phase) {
    case 'opening':
      return html`<button type="button" part="cancel-download-button" class="secondary" aria-label=${t.cancelDownload(name)} @click=${() => files.cancel(messageId, attachment.id)}>
        ${t.cancelShort}
      </button>`;
    case 'ready':
      return html`<a id="save-${id}" part="save-link" class="save-link" href=${state.saveUrl!} download=${attachment.downloadName} aria-label=${t.save(name)}>${t.saveShort}</a>
        ${state.preview
          ? html`<button
              type="button"
              part="preview-button"
              class="secondary"
              aria-expanded=${state.previewOpen ? 'true' : 'false'}
              aria-controls=${state.previewOpen ? `preview-${id}` : nothing}
              aria-label=${state.previewOpen ? t.hidePreview(name) : t.preview(name)}
              @click=${() => files.togglePreview(messageId, attachment.id, attachment.name)}
            >
              ${state.previewOpen ? t.hidePreviewShort : t.previewShort}
            </button>`
          : html`<span class="hint">${t.noPreview}</span>`}`;
    default:
      // A file that failed verification is never offered again.
      if (state.final) return nothing;
      return html`<button type="button" part="download-button" class="secondary" aria-label=${t.download(name)} @click=${() => void files.open(messageId, attachment)}>
        ${t.downloadShort}
      </button>`;
  }
}

/** Pictures through `<img>`; PDF pages drawn by pdf.js as pictures (no scripts, links or forms run). */
function renderPreview(attachment: AttachmentInfo, state: OpenedAttachment, id: string): TemplateResult | typeof nothing {
  const t = attachmentStrings();
  if (state.preview === 'image' && state.previewUrl) {
    return html`<div id="preview-${id}" part="preview" class="preview">
      <img part="preview-image" src=${state.previewUrl} alt=${t.previewOf(attachment.name)} />
    </div>`;
  }
  if (state.preview === 'pdf' && state.pdf) {
    return html`<div id="preview-${id}" part="preview" class="preview">${state.pdf.render()}</div>`;
  }
  return nothing;
}
