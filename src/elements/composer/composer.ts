import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SealClient } from '../../core/client.js';
import type { ContactChangeEvent, LockChangeEvent, OutboxChangeEvent } from '../../core/client-events.js';
import { isSealError, type SealErrorCode } from '../../core/errors.js';
import { ConsentController } from '../../controllers/consent-controller.js';
import { commonStrings } from '../../localize/common.strings.js';
import { SealElement } from '../seal-element.js';
import { AttachmentPicker } from '../shared/attachments/attachment-picker.js';
import { attachmentLimits, canAttach } from '../shared/attachments/limits.js';
import { DeliveryTracker, type TrackedMessage } from './composer-delivery.js';
import { DraftAutosave } from './composer-drafts.js';
import { draftFileStrings } from '../shared/drafts/draft-files.strings.js';
import { renderActions, renderDelivery, renderMessageFields } from './composer-parts.js';
import { SendFlow } from './composer-send.js';
import { ToField } from './composer-to-field.js';
import { fieldErrorTexts, firstInvalid, recheck, validate, type FieldErrors } from './composer-validation.js';
import styles from './composer.styles.js';
import { composerStrings } from './composer.strings.js';

/**
 * Accessibility: the fields are named "To", "Subject" and "Message" and the button "Send" in English
 * (a stable contract for test scripts). "To" is a WAI-ARIA combobox: type to search, ArrowDown/ArrowUp
 * to move, Enter to pick, Escape to close, Backspace in the empty field removes the last recipient.
 * Ctrl+Enter (⌘+Enter) in the message sends. Errors are written next to their field.
 *
 * Misdirected-message guard: when a recipient is new, not yet verified or has a changed key, Send
 * first opens a modal dialog naming each one with their role and state. A changed key must be accepted
 * or compared before the dialog allows sending. `no-confirm` skips the dialog for new and unverified
 * recipients (for portals with their own check); a changed key always asks, as the engine refuses it.
 *
 * Files: "Attach files" opens the file picker (files can also be dropped on the form). Each chosen file is
 * listed by name (as text, hidden characters shown as `[U+XXXX]`, a double extension flagged in words),
 * type and size, with "Remove <name>"; files over the client's `attachmentLimits` are not attached and
 * the reason is said. When the client cannot attach (`canAttach` is false) there is no "Attach files",
 * and files dropped on the form are refused in words.
 * While sending, each file's encryption shows as a progress bar with "Cancel sending"; the upload's
 * progress then shows with the delivery state.
 *
 * Drafts are saved encrypted a second after typing stops, when focus leaves the composer, and when it
 * is removed. Chosen files are saved with the draft, encrypted to the user's own key ("Encrypting the
 * files for your draft…" while new ones are); opening the draft restores them, verified, while the form
 * waits ("Restoring the files saved with this draft…"). Files that cannot be restored are not listed,
 * an alert says why, and the text stays usable. While the vault is locked the form is disabled and its
 * content and files hidden. Until the portal's terms are accepted (see `<seal-consent-banner>`) the
 * form is disabled with an explanation and a "Review the terms" button that opens the banner.
 *
 * @summary Writes a new end-to-end encrypted message: recipients looked up in the directory, with each
 * one's name, role and verification state shown before sending; subject; message; send.
 * @tag seal-composer
 *
 * @event {SealSendEvent} seal-send - Before encrypting; cancelable: `preventDefault()` vetoes the send and keeps the text.
 * @event {SealAfterSendEvent} seal-after-send - The message is encrypted and in the outbox (ids only).
 * @event {SealVerifyRequestEvent} seal-verify-request - The user asked to compare fingerprints with a recipient whose key changed.
 * @event {SealKeyChangeAcceptEvent} seal-key-change-accept - The user accepted a recipient's new key.
 * @event {SealErrorEvent} seal-error - Sending, a draft or a delivery action failed (`code`, `operation`).
 * @event {SealConsentRequestEvent} seal-consent-request - The user asked to review the portal's terms while writing is blocked.
 *
 * @csspart base - The wrapper.
 * @csspart form - The form.
 * @csspart field - Each field (label, control, hint, error); also `to-field`, `subject-field`, `message-field`.
 * @csspart label - Field labels.
 * @csspart to-box - Chips and the "To" input.
 * @csspart recipients - The list of chosen recipients.
 * @csspart recipient - A recipient chip; also `recipient-name`, `recipient-id` (the user id, beside the directory name), `recipient-renamed` (the name they had before the directory changed it), `recipient-role`, `status` (verification state in words).
 * @csspart remove-button - A chip's "Remove <name>" button.
 * @csspart to-input - The "To" combobox input.
 * @csspart listbox - The directory results; `option` (and `option-active`) for each result, with its `option-id`.
 * @csspart subject-input - The "Subject" input.
 * @csspart message-input - The "Message" text area.
 * @csspart field-error - A field's validation message.
 * @csspart actions - Send, discard and the draft status.
 * @csspart send-button - The "Send" button.
 * @csspart discard-draft-button - The "Discard draft" button.
 * @csspart draft-status - "Draft saved" and friends.
 * @csspart draft-files-status - "Encrypting the files for your draft…" while a save encrypts new files.
 * @csspart error - Why sending failed.
 * @csspart notice - Locked, no identity, or a page that vetoed the send.
 * @csspart consent-notice - Why writing is blocked until the terms are accepted, with "Review the terms".
 * @csspart delivery - Delivery state of sent messages; `delivery-item`, `retry-button`, `discard-button`, `upload-progress`, `stop-upload-button`.
 * @csspart attach-button - "Attach files", beside Send; also `attach-hint` (the limits, written out once files are chosen).
 * @csspart attachments-field - The chosen files.
 * @csspart attachments - The chosen files; each an `attachment` with `file-name`, `hidden-character`, `attachment-meta`, `name-warning`, `remove-file-button`.
 * @csspart attachment-problems - Why files were not attached (too large, type not allowed, too many).
 * @csspart attachment-progress - A file's encryption progress while sending; also `cancel-send-button`.
 * @csspart drop-zone - Shown over the form while files are dragged onto it.
 * @csspart confirm - The confirmation dialog; also `confirm-title`, `confirm-list`, `confirm-item`,
 *   `confirm-user-id`, `confirm-name-change`, `compare-button`, `accept-button`, `accept-name-button`, `confirm-actions`,
 *   `confirm-button`, `cancel-button`.
 *
 * @cssproperty [--seal-composer-min-height=8rem] - Minimum height of the message box.
 */
export class SealComposer extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['outbox-change', 'contact-change', 'lock-change', 'consent-change'];

  /** User ids to address (e.g. when opened for one person). Replaces the recipients when set. */
  @property({ attribute: false }) recipients: readonly string[] = [];

  /** Id of a saved draft to resume. */
  @property({ attribute: 'draft-id' }) draftId?: string;

  /** Skip the confirmation for new and unverified recipients. A changed key still asks. */
  @property({ type: Boolean, attribute: 'no-confirm' }) noConfirm = false;

  @state() private subject = '';
  @state() private body = '';
  @state() private fieldErrors: FieldErrors = {};
  /** Texts are kept as functions so they follow a locale change. */
  @state() private failure: (() => string) | null = null;
  @state() private notice: (() => string) | null = null;
  @state() private announcement = '';

  @query('#subject') private subjectInput?: HTMLInputElement;
  @query('#message') private messageInput?: HTMLTextAreaElement;
  @query('[part~="send-button"]') private sendButton?: HTMLButtonElement;

  readonly #to = new ToField(this, () => this.sealClient, {
    changed: () => this.#changed(),
    typed: () => (this.fieldErrors = recheck(this.fieldErrors, this.#validationInput())),
    announce: (text) => (this.announcement = text),
  });
  readonly #recipients = this.#to.recipients;
  readonly #search = this.#to.search;
  readonly #drafts = new DraftAutosave(this, () => this.sealClient, () => this.#content());
  readonly #attachments = new AttachmentPicker(this, {
    id: 'compose',
    limits: () => attachmentLimits(this.sealClient),
    supported: () => canAttach(this.sealClient),
    announce: (text) => (this.announcement = text),
    changed: () => {
      this.notice = null;
      this.#drafts.changed();
    },
  });
  readonly #drop = this.#attachments.dropHandlers(() => this.#disabled);
  readonly #delivery = new DeliveryTracker(
    this,
    () => this.sealClient,
    (text) => (this.announcement = text),
    (operation, error) => {
      const code = this.reportError(operation, error);
      this.failure = this.#errorText(code);
      return code;
    },
  );
  readonly #flow = new SendFlow(this, {
    client: () => this.sealClient,
    recipients: this.#recipients,
    drafts: this.#drafts,
    attachments: this.#attachments,
    noConfirm: () => this.noConfirm,
    message: () => ({ subject: this.subject, body: this.body }),
    announce: (text) => (this.announcement = text),
    vetoed: () => (this.notice = () => composerStrings().vetoed),
    sent: (messageId, names) => {
      this.#clearForm();
      this.#attachments.clear();
      this.#drafts.forget();
      void this.#delivery.track(messageId, names);
    },
    failed: (text) => (this.failure = text),
    closed: () => this.sendButton?.focus(),
    reportError: (operation, error) => this.reportError(operation, error),
  });
  #inputsPending = false;
  /** Keys of the opened draft's files that could not be shown here: saves keep them as stored. */
  #unrestored: string[] = [];
  readonly #consent = new ConsentController(this);

  /** Focuses "To", or "Subject" when recipients are already chosen. */
  override focus(options?: FocusOptions): void {
    if (this.#recipients.items.length > 0) this.subjectInput?.focus(options);
    else this.#to.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#search.stop();
    void this.#drafts.flush();
  }

  protected override clientChanged(client: SealClient | undefined): void {
    this.#recipients.clear();
    this.#inputsPending = client !== undefined;
    void this.#consent.refresh(client);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.sealClient) return;
    const fresh = this.#inputsPending;
    this.#inputsPending = false;
    if ((fresh || changed.has('draftId')) && this.draftId && this.draftId !== this.#drafts.id) void this.#openDraft(this.draftId);
    else if ((fresh || changed.has('recipients')) && !this.#drafts.loading) this.#recipients.set(this.recipients);
    if (fresh) void this.#delivery.sync();
  }

  protected override onClientEvent(event: Event): void {
    if (event.type === 'outbox-change') this.#delivery.onOutboxChange((event as OutboxChangeEvent).items);
    else if (event.type === 'contact-change') void this.#recipients.reload((event as ContactChangeEvent).userId);
    else if (event.type === 'lock-change') this.#lockChanged((event as LockChangeEvent).state === 'unlocked');
    else if (event.type === 'consent-change') void this.#consent.refresh(this.sealClient);
  }

  get #unlocked(): boolean {
    return this.sealClient?.state === 'unlocked';
  }

  get #disabled(): boolean {
    return !this.#unlocked || this.#drafts.loading || this.#consent.blocked;
  }

  #content() {
    const files = [...this.#attachments.files.map(({ key, file }) => ({ key, file })), ...this.#unrestored.map((key) => ({ key, keep: true as const }))];
    return { to: this.#recipients.ids, subject: this.subject, body: this.body, threadId: null, replyTo: null, files };
  }

  #validationInput() {
    const ids = this.#recipients.ids;
    return { pending: this.#search.query, recipients: ids.length, self: ids.includes(this.sealClient?.userId ?? ''), body: this.body };
  }

  #lockChanged(unlocked: boolean): void {
    this.requestUpdate();
    if (unlocked) {
      const reopen = this.#drafts.unlocked();
      if (reopen) void this.#openDraft(reopen);
      return;
    }
    this.#search.reset();
    this.#flow.cancel();
    // Saved content goes back into its encrypted draft until the next unlock.
    if (this.#drafts.locked()) {
      this.#clearForm();
      this.#attachments.clear();
    }
  }

  async #openDraft(id: string): Promise<void> {
    this.failure = null;
    this.#unrestored = [];
    let draft;
    try {
      draft = await this.#drafts.open(id);
      if (!draft) return;
      this.subject = draft.subject;
      this.body = draft.body;
      this.#recipients.set(draft.to);
    } catch (error) {
      this.failure = this.#errorText(this.reportError('open-draft', error));
      return;
    }
    // A portal that cannot carry files shows none (nor decrypts them), but the draft keeps them.
    if (!canAttach(this.sealClient)) {
      this.#unrestored = draft.files.map((file) => file.key);
      if (draft.files.length > 0) this.#attachments.refuseUnsupported();
      this.#drafts.skipFiles();
      return;
    }
    try {
      await this.#drafts.restoreFiles(draft, (files) => this.#attachments.restore(files));
    } catch (error) {
      // Files that could not be opened now stay saved with the draft; altered ones are dropped.
      if (!isSealError(error, 'TAMPERED')) this.#unrestored = draft.files.map((file) => file.key);
      const code = this.reportError('restore-draft-files', error);
      const t = draftFileStrings;
      this.failure = isSealError(error, 'TAMPERED') ? () => t().filesDamaged : () => t().filesNotRestored(commonStrings().error(code));
    }
  }

  #errorText(code: SealErrorCode): () => string {
    return () => commonStrings().error(code);
  }

  #clearForm(): void {
    this.#unrestored = [];
    this.#recipients.clear();
    this.#search.reset();
    this.subject = '';
    this.body = '';
    this.fieldErrors = {};
  }

  #changed(): void {
    this.notice = null;
    this.fieldErrors = recheck(this.fieldErrors, this.#validationInput());
    this.#drafts.changed();
  }

  readonly #onMessageKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void this.#requestSend();
  };

  // ---- sending ----------------------------------------------------------------------------

  readonly #requestSend = async () => {
    if (!this.sealClient || this.#flow.busy || this.#drafts.loading || !this.#unlocked || this.#consent.blocked) return;
    this.failure = null;
    this.notice = null;
    this.fieldErrors = validate(this.#validationInput());
    const invalid = firstInvalid(this.fieldErrors);
    if (!invalid) return this.#flow.request();
    await this.updateComplete;
    if (invalid === 'to') this.#to.focus();
    else this.messageInput?.focus();
  };

  // ---- drafts and delivery ----------------------------------------------------------------

  readonly #onDiscardDraft = async () => {
    try {
      await this.#drafts.discard();
      this.#clearForm();
      this.#attachments.clear();
      this.announcement = composerStrings().draftDiscarded;
      this.#to.focus();
    } catch (error) {
      this.failure = this.#errorText(this.reportError('discard-draft', error));
    }
  };

  /** Stops a message's upload; focus moves to its Retry (the Stop button is gone). */
  async #stopUpload(message: TrackedMessage): Promise<void> {
    if (!(await this.#delivery.stopUpload(message))) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`#retry-${CSS.escape(message.id)}`)?.focus();
  }

  readonly #onFocusOut = (event: FocusEvent) => {
    if (!this.renderRoot.contains(event.relatedTarget as Node | null)) void this.#drafts.flush();
  };

  // ---- rendering --------------------------------------------------------------------------

  protected renderNotice() {
    const t = composerStrings();
    const state = this.sealClient!.state;
    const restoring = this.#drafts.restoring;
    const loading = restoring > 0 ? draftFileStrings().restoringFiles(restoring) : t.draftLoading;
    const text = state === 'no-identity' ? t.noIdentity : state === 'locked' ? commonStrings().locked : this.#drafts.loading ? loading : this.notice?.();
    return text ? html`<p part="notice" class="notice">${text}</p>` : nothing;
  }

  protected renderAttachments() {
    const files = this.#attachments.renderFiles();
    if (files === nothing) return nothing;
    const saving = this.#drafts.savingFiles ? html`<p part="draft-files-status" class="hint">${draftFileStrings().savingFiles}</p>` : nothing;
    return html`<div part="field attachments-field" class="field">${files}${saving}</div>`;
  }

  protected override render() {
    if (!this.sealClient) return html`<p part="base notice" class="notice">${commonStrings().noClient}</p>`;
    const concealed = !this.#unlocked;
    const disabled = this.#disabled;
    const errors = fieldErrorTexts(this.fieldErrors, this.#search.query.trim());
    return html`<div part="base" @focusout=${this.#onFocusOut}>
      ${this.#unlocked ? this.#consent.render(this.sealClient) : nothing}${this.renderNotice()}
      <form part="form" class="drop-target" aria-label=${composerStrings().form} aria-busy=${this.#flow.busy || this.#drafts.loading ? 'true' : 'false'} novalidate
        @submit=${(event: Event) => event.preventDefault()}
        @dragenter=${this.#drop.dragenter} @dragover=${this.#drop.dragover} @dragleave=${this.#drop.dragleave} @drop=${this.#drop.drop}>
        <fieldset ?disabled=${disabled}>
          ${this.#to.render(concealed, errors.to)}
          ${renderMessageFields({
            subject: concealed ? '' : this.subject,
            body: concealed ? '' : this.body,
            bodyError: errors.body,
            onSubject: (value) => ((this.subject = value), this.#changed()),
            onBody: (value) => ((this.body = value), this.#changed()),
            onBodyKeyDown: this.#onMessageKeyDown,
          })}
          ${concealed ? nothing : this.renderAttachments()}
        </fieldset>
        ${this.#attachments.renderDropZone()}
        ${renderActions({
          disabled,
          busy: this.#flow.busy,
          discardable: this.#drafts.id !== null || !!this.subject || !!this.body || this.#attachments.files.length > 0,
          draftStatus: this.#drafts.status,
          attach: concealed ? nothing : this.#attachments.renderButton(disabled),
          onSend: () => void this.#requestSend(),
          onDiscardDraft: () => void this.#onDiscardDraft(),
        })}
        ${this.failure ? html`<p part="error" class="error" role="alert">${this.failure()}</p>` : nothing}
        ${renderDelivery({
          items: this.#delivery.items,
          onRetry: (message) => void this.#delivery.retry(message),
          onDiscard: (message) => void this.#delivery.discard(message).then(() => this.sendButton?.focus()),
          onStopUpload: (message) => void this.#stopUpload(message),
        })}
      </form>
      <p class="visually-hidden" role="status">${this.announcement}</p>
      ${this.#flow.renderGuard()}
    </div>`;
  }
}
