import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { SealClient } from '../../core/client.js';
import { isSealError, type SealErrorCode } from '../../core/errors.js';
import { SealAfterSendEvent } from '../../events/after-send.js';
import { SealSendEvent } from '../../events/send.js';
import type { AttachmentPicker } from '../shared/attachments/attachment-picker.js';
import { attachmentStrings } from '../shared/attachments/attachments.strings.js';
import { attachmentSendInput } from '../shared/attachments/send-input.js';
import { ConfirmGuard } from '../shared/recipients/confirm-guard.js';
import type { DraftAutosave } from './composer-drafts.js';
import type { Recipient, RecipientList } from '../shared/recipients/recipient-list.js';
import { sendErrorText } from './composer-validation.js';
import { composerStrings } from './composer.strings.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export interface SendFlowOptions {
  readonly client: () => SealClient | undefined;
  readonly recipients: RecipientList;
  readonly drafts: DraftAutosave;
  /** Files to send with the message, and their progress while sending. */
  readonly attachments: AttachmentPicker;
  /** Whether the portal turned the question for new and unverified recipients off. */
  readonly noConfirm: () => boolean;
  readonly message: () => { subject: string; body: string };
  /** Speaks through the polite live region. */
  readonly announce: (text: string) => void;
  /** The page vetoed the send through `seal-send`. */
  readonly vetoed: () => void;
  /** The message is in the outbox: clear the form and follow its delivery. */
  readonly sent: (messageId: string, names: readonly string[]) => void;
  /** Sending failed; the text (kept as a function so it follows the locale) says why. */
  readonly failed: (text: () => string) => void;
  /** The confirmation closed: return focus. */
  readonly closed: () => void;
  readonly reportError: (operation: string, error: unknown) => SealErrorCode;
}

/**
 * Sending, after validation: the misdirected-message guard, the page's veto (`seal-send`, before
 * anything is encrypted), then the engine. A key change the engine finds while sending reopens the guard.
 */
export class SendFlow {
  busy = false;
  readonly #guard: ConfirmGuard;

  constructor(
    private readonly host: Host,
    private readonly options: SendFlowOptions,
  ) {
    this.#guard = new ConfirmGuard(host, {
      client: options.client,
      recipients: options.recipients,
      confirmed: () => void this.send(),
      closed: options.closed,
      reportError: options.reportError,
    });
  }

  /** Recipients the guard asks about: a changed, revoked or altered key and a changed name always, new and unverified ones unless `no-confirm`. */
  guarded(): Recipient[] {
    const noConfirm = this.options.noConfirm();
    return this.options.recipients.items.filter((item) => item.state === 'key-changed' || item.state === 'key-revoked' || item.state === 'altered' || item.previousName !== null || (!noConfirm && item.state !== 'verified'));
  }

  /** Asks first when a recipient needs it, else sends. */
  async request(): Promise<void> {
    await this.options.recipients.settled();
    if (this.guarded().length > 0) await this.#guard.show();
    else await this.send();
  }

  /** Closes the confirmation (the vault locked). */
  cancel(): void {
    if (this.#guard.open) this.#guard.close();
  }

  async send(): Promise<void> {
    const { client: currentClient, recipients, drafts, attachments } = this.options;
    const client = currentClient();
    if (!client || this.busy) return;
    const to = recipients.ids;
    const veto = new SealSendEvent({ to, threadId: null, replyTo: null });
    this.host.dispatchEvent(veto);
    if (veto.defaultPrevented) {
      this.options.vetoed();
      return;
    }
    this.#setBusy(true);
    this.options.announce(composerStrings().sending);
    drafts.cancel();
    await drafts.flush();
    const draftId = drafts.id;
    try {
      const sent = await client.send({ to, ...this.options.message(), ...(draftId ? { draftId } : {}), ...attachmentSendInput(attachments) });
      this.host.dispatchEvent(new SealAfterSendEvent({ messageId: sent.id, threadId: sent.threadId }));
      this.options.sent(sent.id, recipients.items.map((item) => item.name));
    } catch (error) {
      await this.#failed(error);
    } finally {
      attachments.end();
      this.#setBusy(false);
    }
  }

  renderGuard(): TemplateResult {
    return this.#guard.render();
  }

  async #failed(error: unknown): Promise<void> {
    this.options.reportError('send', error);
    this.options.announce('');
    this.options.drafts.changed();
    if (isSealError(error, 'ABORTED')) {
      this.options.failed(() => attachmentStrings().cancelled);
      return;
    }
    if (isSealError(error, 'KEY_CHANGED')) {
      // The engine found the new key while sending: show the guard with it.
      await this.options.recipients.reload();
      await this.#guard.show();
      return;
    }
    this.options.failed(() => sendErrorText(error, (userId) => this.options.recipients.get(userId)?.name ?? userId));
  }

  #setBusy(busy: boolean): void {
    this.busy = busy;
    this.host.requestUpdate();
  }
}
