import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SealClient } from '../../core/client.js';
import type { ContactChangeEvent, OutboxChangeEvent, ThreadChangeEvent } from '../../core/client-events.js';
import { SealError, type SealErrorCode } from '../../core/errors.js';
import type { ThreadSummary } from '../../core/types.js';
import { ConsentController } from '../../controllers/consent-controller.js';
import { SealVerifyRequestEvent } from '../../events/verify-request.js';
import { commonStrings } from '../../localize/common.strings.js';
import { ContactNames } from '../inbox/contact-names.js';
import { SealElement } from '../seal-element.js';
import { AttachmentPicker } from '../shared/attachments/attachment-picker.js';
import { attachmentLimits, canAttach } from '../shared/attachments/limits.js';
import { ReceivedAttachments } from '../shared/attachments/received-attachments.js';
import { renderReceived } from '../shared/attachments/received-view.js';
import { ConfirmGuard } from '../shared/recipients/confirm-guard.js';
import { RecipientList, type Recipient } from '../shared/recipients/recipient-list.js';
import { ThreadMessages } from './thread-messages.js';
import { renderHeader, renderMessageList } from './thread-parts.js';
import { renderReply } from './thread-reply-box.js';
import { ReplyController, replyTarget, type ReplyTarget } from './thread-reply.js';
import styles from './thread.styles.js';
import { threadStrings } from './thread.strings.js';

const PAGE_SIZE = 25;
/** Older messages load when the reader scrolls this close to the top. */
const LOAD_OLDER_AT = 80;

/**
 * Accessibility: the thread's title is a level-2 heading and each message a list item with a level-3
 * heading naming its sender, then its time and its verification status in words. The messages area
 * is a focusable region ("Messages in this conversation") that scrolls; "Load older messages" at its
 * top does what scrolling up does. The reply box is a text area named "Reply" with a "Send" button
 * (Ctrl+Enter or ⌘+Enter sends). New messages in the thread are announced politely by sender name only.
 *
 * A reply goes to the thread's correspondents: the people named by its messages that passed
 * verification (routing data alone never adds anyone). Before it is sent, the misdirected-message guard
 * (as in `<seal-composer>`) lists everyone it goes to in a dialog when one of them has a changed key or,
 * unless `no-confirm`, is new or not yet verified and has not been written to in this thread.
 *
 * Message text is always rendered as text, never as HTML. A message that fails verification says why
 * and shows no content; one signed with a changed key carries a warning and a way to compare
 * fingerprints. The thread is marked read when shown. The reply, its files included, is saved as an
 * encrypted draft a second after a change and restored when the thread opens again ("Restoring the
 * file saved with this draft…" while its files are decrypted and verified; Send waits); the send
 * deletes it. Files that were altered are not restored, and the reply box says so.
 *
 * Attachments: each readable message lists its files by name (as text, hidden characters shown as
 * `[U+XXXX]`, a double extension flagged in words), type, size and status. "Download <name>" downloads,
 * checks and decrypts one with progress and Cancel; a verified file is offered through "Save <name>"
 * (a link that saves it under a safe name) and, for PNG, JPEG, GIF, WebP and PDF, "Preview <name>":
 * pictures as images, PDFs drawn page by page as pixels (no script, links or forms). SVG, HTML and
 * other files are never shown inside the page. A file that fails verification says why and is not
 * offered. Decrypted files are forgotten when the thread changes or the vault locks. The reply box
 * takes files through "Attach files" or by dropping them on it, unless the client cannot attach
 * (`canAttach` is false): then it has no "Attach files" and refuses dropped files in words.
 *
 * @summary One conversation, oldest to newest: sender, time, verification status in words, subject,
 * text, delivery state of the user's own messages, and a reply box.
 * @tag seal-thread
 *
 * @event {SealSendEvent} seal-send - Before a reply is encrypted; cancelable: `preventDefault()` vetoes it and keeps the text.
 * @event {SealAfterSendEvent} seal-after-send - The reply is encrypted and in the outbox (ids only).
 * @event {SealVerifyRequestEvent} seal-verify-request - The user wants to compare fingerprints with someone whose key changed (`userId`).
 * @event {SealKeyChangeAcceptEvent} seal-key-change-accept - The user accepted a recipient's new key in the reply's confirmation (`userId`, `fingerprint`).
 * @event {SealConsentRequestEvent} seal-consent-request - The user asked to review the portal's terms while replying is blocked.
 * @event {SealAttachmentOpenEvent} seal-attachment-open - An attached file was downloaded, verified and decrypted (`messageId`, `attachmentId`).
 * @event {SealErrorEvent} seal-error - Loading the thread, retrying a delivery, opening an attachment or restoring the draft's files failed (`code`, `operation`).
 *
 * @csspart base - The wrapper.
 * @csspart header - Title and participants; also `title`, `participants`, `participant`, `participant-name`, `participant-id` (the user id), `participant-role`, `status`.
 * @csspart messages - The scrolling region with the messages.
 * @csspart load-older-button - "Load older messages".
 * @csspart beginning - "Start of the conversation".
 * @csspart message-list - The list of messages.
 * @csspart message - A message; also `message-incoming`, `message-outgoing`, `message-invalid`.
 * @csspart message-header - Sender, time and status; also `sender`, `time`, `status`.
 * @csspart subject - The subject, where it changes.
 * @csspart body - The message text (pre-wrapped plain text).
 * @csspart invalid - Why a message that failed verification is hidden; also `invalid-title`.
 * @csspart key-changed - The warning on a message signed with a changed key; also `compare-button`.
 * @csspart previous-key - The note on a message signed with the sender's previous key (dated before it was replaced).
 * @csspart delivery - Delivery state of the user's own message; also `delivery-sending`, `delivery-queued`, `delivery-failed`, `retry-button`, `stop-upload-button`.
 * @csspart reply - The reply form; also `reply-label`, `reply-input`, `reply-hint`, `reply-actions`, `send-button`, `draft-status`, `reply-error`, `review-key-button`.
 * @csspart draft-files-status - "Restoring the file saved with this draft…", or "Encrypting the files for your draft…" while a save encrypts new files.
 * @csspart draft-files-error - Why the files saved with the reply's draft were not restored.
 * @csspart attach-button - "Attach files" in the reply box; also `attach-hint`.
 * @csspart attachments - A list of files (chosen for the reply, or of a message); each an `attachment` with `file-name`, `hidden-character`, `attachment-meta`, `name-warning`.
 * @csspart remove-file-button - "Remove <name>" of a file chosen for the reply.
 * @csspart attachment-problems - Why chosen files were not attached (too large, type not allowed, too many).
 * @csspart attachment-progress - Encryption, upload or download progress of a file; also `upload-progress` (a sent message's upload), `cancel-send-button`.
 * @csspart drop-zone - Shown over the reply box while files are dragged onto it.
 * @csspart received-attachments - A message's files; also `attachment-status`, `attachment-error`, `attachment-actions`, `download-button`, `cancel-download-button`, `save-link`, `preview-button`.
 * @csspart preview - A verified picture or PDF shown in the thread; also `preview-image`, and for a PDF `preview-pdf`, `preview-page` (the drawn page), `preview-pages`, `previous-page-button`, `next-page-button`, `preview-page-number`, `preview-loading`, `preview-error`, `preview-text-button` and `preview-text` (the page's text).
 * @csspart confirm - The reply's confirmation dialog; also `confirm-title`, `confirm-list`, `confirm-item`, `confirm-actions`, `confirm-button`, `cancel-button`, `compare-button`, `accept-button`, `confirm-user-id`, `confirm-name-change`, `accept-name-button`.
 * @csspart consent-notice - Why replying is blocked until the portal's terms are accepted.
 * @csspart notice - No thread, loading, locked, no client; also `no-reply` (no message of the thread could be verified).
 * @csspart error - Why the thread could not be loaded; also `retry-button`.
 *
 * @cssproperty [--seal-thread-max-height=32rem] - Height at which the messages scroll (use `none` and size the element instead).
 * @cssproperty [--seal-thread-reply-min-height=5rem] - Minimum height of the reply box.
 */
export class SealThread extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['thread-change', 'contact-change', 'lock-change', 'outbox-change', 'consent-change'];

  /** Id of the thread to show (from `seal-thread-select`). Empty shows "Choose a conversation". */
  @property({ attribute: 'thread-id' }) threadId: string | null = null;
  /** Skips the confirmation for new and unverified recipients of a reply (a changed key is always confirmed). */
  @property({ type: Boolean, attribute: 'no-confirm' }) noConfirm = false;

  @state() private phase: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private failure: SealErrorCode | null = null;
  @state() private announcement = '';

  @query('[part~="messages"]') private scroller?: HTMLElement;
  @query('#reply') private replyInput?: HTMLTextAreaElement;

  readonly #messages = new ThreadMessages(PAGE_SIZE);
  readonly #names = new ContactNames(this, () => this.sealClient);
  readonly #replyFiles = new AttachmentPicker(this, {
    id: 'reply',
    limits: () => attachmentLimits(this.sealClient),
    supported: () => canAttach(this.sealClient),
    announce: (text) => this.#say(text),
    changed: () => this.#reply.filesChanged(),
  });
  readonly #drop = this.#replyFiles.dropHandlers(() => this.#consent.blocked || this.sealClient?.state !== 'unlocked' || this.#reply.restoring > 0);
  readonly #reply = new ReplyController(this, () => this.sealClient, () => this.#target(), this.#replyFiles, {
    canAttach: () => canAttach(this.sealClient),
    reportError: (operation, error) => this.reportError(operation, error),
  });
  readonly #files = new ReceivedAttachments(this, {
    client: () => this.sealClient,
    announce: (text) => this.#say(text),
    reportError: (operation, error) => this.reportError(operation, error),
  });
  readonly #consent = new ConsentController(this);
  /** Who the reply goes to (the thread's verified correspondents), with their contact state. */
  readonly #recipients = new RecipientList(this, () => this.sealClient);
  readonly #guard = new ConfirmGuard(this, {
    client: () => this.sealClient,
    recipients: this.#recipients,
    confirmed: () => void this.#sendNow(),
    closed: () => this.replyInput?.focus(),
    reportError: (operation, error) => this.reportError(operation, error),
  });
  #thread: ThreadSummary | null = null;
  #openedFor: { client: SealClient | undefined; threadId: string | null } | null = null;
  #generation = 0;
  #stickToBottom = true;
  #keepFromBottom: number | null = null;

  /** Loads the thread again. */
  async reload(): Promise<void> {
    const client = this.sealClient;
    const threadId = this.threadId;
    const generation = ++this.#generation;
    this.#openedFor = { client, threadId };
    // Save what was typed for the thread being left while it is still known.
    void this.#reply.flush();
    this.#messages.clear();
    this.#files.clear();
    this.#thread = null;
    this.#recipients.clear();
    this.#guard.close();
    this.failure = null;
    if (!client || !threadId || client.state === 'no-identity') {
      this.phase = 'idle';
      return;
    }
    this.phase = 'loading';
    void this.#reply.restore(threadId);
    try {
      if (!(await client.getThread(threadId))) throw new SealError('NOT_FOUND', 'No such thread', { details: { threadId } });
      await this.#messages.load(client, threadId);
      // Read again once its messages are opened: verifying them is what puts people in the thread.
      const thread = await client.getThread(threadId);
      if (!thread) throw new SealError('NOT_FOUND', 'No such thread', { details: { threadId } });
      await this.#names.want([...thread.correspondents, ...this.#messages.items.map((view) => view.summary.from)]);
      if (generation !== this.#generation) return;
      this.#setThread(thread);
      this.#stickToBottom = true;
      this.phase = 'ready';
      void this.#markRead();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.failure = this.reportError('load-thread', error);
      this.phase = 'error';
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.#reply.flush();
    // Decrypted files leave memory with the element.
    this.#files.clear();
  }

  protected override clientChanged(client: SealClient | undefined): void {
    this.#names.reset();
    void this.#consent.refresh(client);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.sealClient;
    if (this.#openedFor?.client !== client || this.#openedFor?.threadId !== this.threadId) void this.reload();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const scroller = this.scroller;
    if (!scroller) return;
    if (this.#keepFromBottom !== null) scroller.scrollTop = scroller.scrollHeight - this.#keepFromBottom;
    else if (this.#stickToBottom) scroller.scrollTop = scroller.scrollHeight;
    this.#keepFromBottom = null;
  }

  protected override onClientEvent(event: Event): void {
    const client = this.sealClient;
    if (!client) return;
    if (event.type === 'thread-change' && (event as ThreadChangeEvent).threadId === this.threadId) void this.#refresh(client);
    else if (event.type === 'outbox-change' && this.#messages.applyOutbox((event as OutboxChangeEvent).items)) this.requestUpdate();
    else if (event.type === 'contact-change') void this.#contactChanged(client, event as ContactChangeEvent);
    else if (event.type === 'consent-change') void this.#consent.refresh(client);
    else if (event.type === 'lock-change') void this.#lockChanged(client);
  }

  async #lockChanged(client: SealClient): Promise<void> {
    if (client.state !== 'unlocked') {
      this.#messages.conceal();
      this.#files.clear();
      this.#guard.close();
      this.#reply.locked();
      this.requestUpdate();
      return;
    }
    if (this.phase !== 'ready') return void this.reload();
    await this.#messages.reopen(client);
    if (this.#reply.text) void this.#reply.flush();
    else if (this.threadId) void this.#reply.restore(this.threadId);
    this.#stickToBottom = true;
    this.requestUpdate();
    void this.#markRead();
  }

  async #refresh(client: SealClient): Promise<void> {
    if (this.phase !== 'ready' || !this.threadId) return;
    const threadId = this.threadId;
    const atBottom = this.#stickToBottom;
    const fresh = await this.#messages.refresh(client, threadId).catch(() => []);
    // Opening new messages may have put people in the thread (or taken an invalid one out of it).
    const thread = await client.getThread(threadId).catch(() => null);
    if (threadId !== this.threadId || this.phase !== 'ready') return;
    if (thread) {
      await this.#names.want(thread.correspondents);
      this.#setThread(thread);
    }
    if (fresh.length === 0) return this.requestUpdate();
    await this.#names.want(fresh.map((view) => view.summary.from));
    this.#stickToBottom = atBottom || fresh.every((view) => view.summary.outgoing);
    this.requestUpdate();
    // Announced by the sender its signature names: a message that failed verification is not news from anyone.
    const arrived = fresh.find((view) => !view.summary.outgoing && view.opened && view.opened.status !== 'invalid');
    if (arrived) void this.#announce(arrived.summary.from);
    if (fresh.some((view) => !view.summary.outgoing)) void this.#markRead();
  }

  #setThread(thread: ThreadSummary): void {
    const before = this.#thread?.correspondents ?? [];
    this.#thread = thread;
    const same = before.length === thread.correspondents.length && before.every((id) => thread.correspondents.includes(id));
    if (!same || this.#recipients.items.length !== thread.correspondents.length) this.#recipients.set(thread.correspondents);
  }

  async #contactChanged(client: SealClient, { userId, affectsStatus }: ContactChangeEvent): Promise<void> {
    await this.#names.refresh(userId);
    if (this.#recipients.has(userId)) void this.#recipients.reload(userId);
    // Verifying or accepting a key changes the status of this person's messages.
    if (affectsStatus && this.phase === 'ready' && this.#messages.items.some((view) => view.summary.from === userId)) {
      await this.#messages.reopen(client, userId);
      this.requestUpdate();
    }
  }

  async #markRead(): Promise<void> {
    const client = this.sealClient;
    if (client?.state === 'unlocked' && this.threadId && this.phase === 'ready') await client.markThreadRead(this.threadId).catch(() => undefined);
  }

  async #announce(from: string): Promise<void> {
    this.#say(threadStrings().newMessageFrom(await this.#names.resolve(from)));
  }

  /** Speaks through the polite live region; the same text twice is still spoken. */
  #say(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  async #loadOlder(): Promise<void> {
    const client = this.sealClient;
    if (!client || !this.threadId || this.#messages.loadingOlder) return;
    const scroller = this.scroller;
    const fromBottom = scroller ? scroller.scrollHeight - scroller.scrollTop : null;
    this.requestUpdate();
    const loaded = await this.#messages.loadOlder(client, this.threadId).catch((error: unknown) => (this.reportError('load-older', error), false));
    if (loaded) await this.#names.want(this.#messages.items.map((view) => view.summary.from));
    this.#keepFromBottom = fromBottom;
    this.#stickToBottom = false;
    this.requestUpdate();
  }

  #target(): ReplyTarget | null {
    return this.#thread ? replyTarget(this.#thread, this.#messages.items, this.#messages.next === null) : null;
  }

  readonly #onScroll = () => {
    const scroller = this.scroller;
    if (!scroller) return;
    this.#stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    if (scroller.scrollTop < LOAD_OLDER_AT && this.#messages.next) void this.#loadOlder();
  };

  readonly #onLoadOlder = async () => {
    await this.#loadOlder();
    await this.updateComplete;
    // The button goes away at the start of the thread: keep focus in the messages.
    if (!this.#messages.next) this.scroller?.focus();
  };

  /**
   * Who the guard asks about before a reply: anyone whose key changed; unless `no-confirm`, anyone new
   * or not yet verified whom the user has not written to in this thread (someone a verified message
   * added, or the sender of a thread the user has not answered yet).
   */
  #guarded(): Recipient[] {
    const addressed = this.#thread?.addressed ?? [];
    return this.#recipients.items.filter(
      (item) => item.state === 'key-changed' || item.state === 'key-revoked' || item.state === 'altered' || item.previousName !== null || (!this.noConfirm && item.state !== 'verified' && !addressed.includes(item.userId)),
    );
  }

  readonly #send = async () => {
    const client = this.sealClient;
    if (client?.state !== 'unlocked' || this.#consent.blocked || this.#reply.busy) return;
    if (!this.#reply.text.trim()) return void this.#sendNow();
    await this.#recipients.settled();
    if (this.#guarded().length > 0) await this.#guard.show();
    else await this.#sendNow();
  };

  readonly #sendNow = async () => {
    const client = this.sealClient;
    if (client?.state !== 'unlocked' || this.#consent.blocked) return;
    this.announcement = threadStrings().sending;
    const sent = await this.#reply.send();
    this.announcement = sent ? threadStrings().sent : '';
    if (sent) this.#stickToBottom = true;
    if (!sent && this.#reply.problem?.kind === 'empty') this.replyInput?.focus();
  };

  readonly #onRetry = (messageId: string) => {
    void this.sealClient?.retryOutbox(messageId).catch((error: unknown) => this.reportError('retry', error));
  };

  /** Stops the upload of a reply's files; it waits, not delivered, with Retry (which takes focus). */
  readonly #onStopUpload = async (messageId: string) => {
    try {
      if (!(await this.sealClient?.cancelUpload(messageId))) return;
      this.announcement = threadStrings().uploadStopped;
      const retry = () => this.renderRoot.querySelector<HTMLButtonElement>(`#retry-${CSS.escape(messageId)}`);
      for (let i = 0; i < 100 && !retry(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      retry()?.focus();
    } catch (error) {
      this.reportError('stop-upload', error);
    }
  };

  readonly #requestVerify = (userId: string) => this.dispatchEvent(new SealVerifyRequestEvent({ userId }));

  // ---- rendering --------------------------------------------------------------------------

  protected renderMessages() {
    return renderMessageList({
      items: this.#messages.items,
      more: this.#messages.next !== null,
      loadingOlder: this.#messages.loadingOlder,
      name: (id) => this.#names.name(id),
      onScroll: this.#onScroll,
      onLoadOlder: this.#onLoadOlder,
      onCompare: this.#requestVerify,
      onRetry: this.#onRetry,
      onStopUpload: (messageId) => void this.#onStopUpload(messageId),
      attachments: (message) => renderReceived(this.#files, message.id, message.attachments),
      upload: (messageId) => this.#messages.uploads.get(messageId),
    });
  }

  protected renderThread(client: SealClient) {
    const thread = this.#thread!;
    const participants = thread.correspondents.map((userId) => {
      const contact = this.#names.contact(userId);
      return { userId, name: this.#names.name(userId), role: contact?.role ?? null, state: contact?.state ?? null };
    });
    const unlocked = client.state === 'unlocked';
    const canReply = thread.correspondents.length > 0;
    return html`${renderHeader(participants)}
      ${unlocked ? this.renderMessages() : html`<p part="notice" class="notice">${commonStrings().locked}</p>`}
      ${unlocked ? this.#consent.render(client) : nothing}
      ${unlocked && !canReply ? html`<p part="notice no-reply" class="notice">${threadStrings().noReply}</p>` : nothing}
      ${unlocked ? this.#guard.render() : nothing}
      ${unlocked && canReply
        ? renderReply({
            reply: this.#reply,
            disabled: this.#consent.blocked,
            name: (id) => this.#names.name(id),
            onInput: (text) => this.#reply.input(text),
            onSend: () => void this.#send(),
            onReviewKey: this.#requestVerify,
            drop: this.#drop,
          })
        : nothing}`;
  }

  protected renderContent(client: SealClient) {
    const common = commonStrings();
    if (client.state === 'no-identity') return html`<p part="notice" class="notice">${common.error('NO_IDENTITY')}</p>`;
    if (!this.threadId) return html`<p part="notice" class="notice">${threadStrings().noThread}</p>`;
    if (this.phase === 'error') {
      return html`<div part="error" class="error" role="alert">
        <p>${threadStrings().loadFailed} ${common.error(this.failure ?? 'INTERNAL')}</p>
        <button part="retry-button" type="button" class="secondary" @click=${() => void this.reload()}>${common.retry}</button>
      </div>`;
    }
    if (this.phase !== 'ready') return html`<p part="notice" class="notice" role="status" aria-busy="true">${common.loading}</p>`;
    return this.renderThread(client);
  }

  protected override render() {
    const client = this.sealClient;
    if (!client) return html`<p part="base notice" class="notice">${commonStrings().noClient}</p>`;
    return html`<div part="base" class="base">
      ${this.renderContent(client)}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </div>`;
  }
}
