import { html, nothing, type TemplateResult } from 'lit';
import { attachmentStrings } from './attachments.strings.js';

/** Upload progress of a message's attachments (encrypted chunks the backend holds, of all). */
export function renderUpload(upload: { readonly chunksDone: number; readonly chunks: number } | null | undefined): TemplateResult | typeof nothing {
  if (!upload || upload.chunks === 0 || upload.chunksDone >= upload.chunks) return nothing;
  const t = attachmentStrings();
  return html`<span part="upload-progress" class="attachment-progress upload-progress">
    <progress max=${upload.chunks} .value=${upload.chunksDone} aria-label=${t.uploadLabel}></progress>
    <span class="hint">${t.uploadProgress(upload.chunksDone, upload.chunks)}</span>
  </span>`;
}
