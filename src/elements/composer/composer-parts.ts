import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { renderUpload, unfinished } from '../shared/attachments/attachment-upload.js';
import { attachmentFailure } from '../shared/attachments/attachments.strings.js';
import { deliveryLabel, type TrackedMessage } from './composer-delivery.js';
import type { DraftStatus } from './composer-drafts.js';
import { composerStrings } from './composer.strings.js';

export interface ActionsView {
  readonly disabled: boolean;
  readonly busy: boolean;
  /** Whether there is a draft or content to discard. */
  readonly discardable: boolean;
  readonly draftStatus: DraftStatus;
  /** "Attach files", beside Send. */
  readonly attach: TemplateResult | typeof nothing;
  readonly onSend: () => void;
  readonly onDiscardDraft: () => void;
}

/** Send, "Attach files", "Discard draft" and the quiet draft status (not a live region: it changes on every pause). */
export function renderActions(view: ActionsView): TemplateResult {
  const t = composerStrings();
  const draftText = { idle: '', saving: t.draftSaving, saved: t.draftSaved, failed: t.draftFailed }[view.draftStatus];
  return html`<div part="actions" class="actions">
    <button type="button" part="send-button" ?disabled=${view.disabled} aria-disabled=${view.busy ? 'true' : 'false'} @click=${view.onSend}>${t.send}</button>
    ${view.attach}
    ${view.discardable && !view.disabled
      ? html`<button type="button" class="secondary" part="discard-draft-button" @click=${view.onDiscardDraft}>${t.discardDraft}</button>`
      : nothing}
    <p part="draft-status" class="hint draft-status">${view.disabled ? '' : draftText}</p>
  </div>`;
}

export interface DeliveryView {
  readonly items: readonly TrackedMessage[];
  readonly onRetry: (message: TrackedMessage) => void;
  readonly onDiscard: (message: TrackedMessage) => void;
  readonly onStopUpload: (message: TrackedMessage) => void;
}

/** A message still uploading its files (or waiting to): its upload can be stopped. */
const uploading = (message: TrackedMessage) => (message.state === 'sending' || message.state === 'queued') && unfinished(message.upload);

function failureReason(message: TrackedMessage): string | null {
  if (message.state !== 'failed' || !message.error) return null;
  return message.error === 'ABORTED' ? composerStrings().uploadStopped : attachmentFailure(message.error);
}

/** Where each message sent from here stands; changes are announced through the composer's live region. */
export function renderDelivery(view: DeliveryView): TemplateResult | typeof nothing {
  const t = composerStrings();
  if (view.items.length === 0) return nothing;
  return html`<ul part="delivery" class="delivery">
    ${view.items.map(
      (message) => html`<li part="delivery-item" data-state=${message.state}>
        <span id="delivery-${message.id}">${t.deliveryTo(message.names.join(', '))}</span>
        <span class="delivery-state">${deliveryLabel(message.state)}</span>
        ${failureReason(message) ? html`<span class="delivery-reason">${failureReason(message)}</span>` : nothing}
        ${message.state === 'sent' ? nothing : renderUpload(message.upload)}
        ${uploading(message)
          ? html`<button type="button" class="secondary" part="stop-upload-button" aria-describedby="delivery-${message.id}" @click=${() => view.onStopUpload(message)}>
              ${t.stopUpload}
            </button>`
          : nothing}
        ${message.state === 'failed'
          ? html`<button type="button" id="retry-${message.id}" part="retry-button" aria-describedby="delivery-${message.id}" @click=${() => view.onRetry(message)}>${t.retry}</button>
              <button type="button" class="secondary" part="discard-button" aria-describedby="delivery-${message.id}" @click=${() => view.onDiscard(message)}>
                ${t.discard}
              </button>`
          : nothing}
      </li>`,
    )}
  </ul>`;
}

export interface MessageFieldsView {
  readonly subject: string;
  readonly body: string;
  readonly bodyError: string | null;
  readonly onSubject: (value: string) => void;
  readonly onBody: (value: string) => void;
  readonly onBodyKeyDown: (event: KeyboardEvent) => void;
}

/** "Subject" (optional, said outside its name so the name stays "Subject") and "Message". */
export function renderMessageFields(view: MessageFieldsView): TemplateResult {
  const t = composerStrings();
  return html`<div part="field subject-field" class="field">
      <div class="label-row">
        <label for="subject" part="label">${t.subject}</label>
        <span id="subject-optional" class="optional">${t.optional}</span>
      </div>
      <input
        id="subject"
        part="subject-input"
        type="text"
        maxlength="998"
        aria-describedby="subject-optional"
        .value=${live(view.subject)}
        @input=${(event: Event) => view.onSubject((event.target as HTMLInputElement).value)}
      />
    </div>
    <div part="field message-field" class="field">
      <label for="message" part="label">${t.message}</label>
      <textarea
        id="message"
        part="message-input"
        aria-describedby=${view.bodyError ? 'message-hint message-error' : 'message-hint'}
        aria-invalid=${view.bodyError ? 'true' : 'false'}
        .value=${live(view.body)}
        @input=${(event: Event) => view.onBody((event.target as HTMLTextAreaElement).value)}
        @keydown=${view.onBodyKeyDown}
      ></textarea>
      <p id="message-hint" class="hint">${t.messageHint}</p>
      ${view.bodyError ? html`<p id="message-error" part="field-error" class="field-error">${view.bodyError}</p>` : nothing}
    </div>`;
}
