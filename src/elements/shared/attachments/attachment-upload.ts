import { html, nothing, type TemplateResult } from 'lit';
import { attachmentStrings } from './attachments.strings.js';

type Upload = { readonly chunksDone: number; readonly chunks: number } | null | undefined;

/** Whether a message's attachments are not all uploaded yet (so the upload can be shown, and stopped). */
export function unfinished(upload: Upload): upload is NonNullable<Upload> {
  return !!upload && upload.chunksDone < upload.chunks;
}

/** Upload progress of a message's attachments (encrypted chunks the backend holds, of all). */
export function renderUpload(upload: Upload): TemplateResult | typeof nothing {
  if (!unfinished(upload)) return nothing;
  const t = attachmentStrings();
  return html`<span part="upload-progress" class="attachment-progress upload-progress">
    <progress max=${upload.chunks} .value=${upload.chunksDone} aria-label=${t.uploadLabel}></progress>
    <span class="hint">${t.uploadProgress(upload.chunksDone, upload.chunks)}</span>
  </span>`;
}
