import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { SealClient } from '../../../core/client.js';
import type { SealErrorCode } from '../../../core/errors.js';
import { SealKeyChangeAcceptEvent } from '../../../events/key-change-accept.js';
import { SealVerifyRequestEvent } from '../../../events/verify-request.js';
import { commonStrings } from '../../../localize/common.strings.js';
import { renderContactState } from '../status.js';
import type { Recipient, RecipientList } from './recipient-list.js';
import { recipientStrings } from './recipients.strings.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export interface ConfirmOptions {
  readonly client: () => SealClient | undefined;
  /** Everyone the message goes to; the dialog lists them all. Its host decides when to show it. */
  readonly recipients: RecipientList;
  /** The user confirmed: send now. */
  readonly confirmed: () => void;
  /** The dialog closed: return focus. */
  readonly closed: () => void;
  readonly reportError: (operation: string, error: unknown) => SealErrorCode;
}

/**
 * The misdirected-message guard (composer and reply box): a modal `<dialog>`, shown when a recipient is
 * new, not yet verified or has a changed key, that lists everyone the message goes to with their role
 * and state in words. A changed key must be accepted (or compared, which another screen does) before
 * "Confirm and send" is enabled, because the engine refuses it.
 */
export class ConfirmGuard {
  open = false;
  #accepting = false;
  #status = '';

  constructor(
    private readonly host: Host,
    private readonly options: ConfirmOptions,
  ) {}

  get #dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  async show(): Promise<void> {
    this.#status = '';
    this.open = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.#dialog;
    if (dialog && !dialog.open) dialog.showModal();
  }

  close(): void {
    this.#dialog?.close();
    this.#closed();
  }

  /** Escape closes the dialog too; a late close event of an earlier dialog is ignored. */
  readonly onClose = () => {
    if (this.open && !this.#dialog?.open) this.#closed();
  };

  #closed(): void {
    this.open = false;
    this.host.requestUpdate();
    this.options.closed();
  }

  #compare(recipient: Recipient): void {
    this.close();
    this.host.dispatchEvent(new SealVerifyRequestEvent({ userId: recipient.userId }));
  }

  async #accept(recipient: Recipient): Promise<void> {
    const client = this.options.client();
    if (!client || !recipient.pendingFingerprint || this.#accepting) return;
    this.#accepting = true;
    this.host.requestUpdate();
    try {
      const contact = await client.acceptKeyChange(recipient.userId, recipient.pendingFingerprint);
      this.host.dispatchEvent(new SealKeyChangeAcceptEvent({ userId: contact.userId, fingerprint: contact.fingerprint }));
      await this.options.recipients.reload(recipient.userId);
      this.#status = recipientStrings().keyAccepted(recipient.name);
    } catch (error) {
      this.#status = commonStrings().error(this.options.reportError('accept-key', error));
    } finally {
      this.#accepting = false;
      this.host.requestUpdate();
    }
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLButtonElement>('dialog [part~="accept-button"], dialog [part~="confirm-button"]:not(:disabled)')?.focus();
  }

  /** Accepts the name the directory now gives the recipient (the one shown). */
  async #acceptName(recipient: Recipient): Promise<void> {
    const client = this.options.client();
    if (!client || this.#accepting) return;
    this.#accepting = true;
    this.host.requestUpdate();
    try {
      await client.acceptNameChange(recipient.userId, recipient.name === recipient.userId ? null : recipient.name);
      await this.options.recipients.reload(recipient.userId);
      this.#status = recipientStrings().nameAccepted(recipient.name);
    } catch (error) {
      this.#status = commonStrings().error(this.options.reportError('accept-name', error));
    } finally {
      this.#accepting = false;
      this.host.requestUpdate();
    }
  }

  #confirm(): void {
    this.close();
    this.options.confirmed();
  }

  render(): TemplateResult {
    return html`<dialog
      part="confirm"
      role="alertdialog"
      aria-labelledby=${this.open ? 'confirm-title' : nothing}
      aria-describedby=${this.open ? 'confirm-intro' : nothing}
      @close=${this.onClose}
    >
      ${this.open ? this.#renderContent() : nothing}
    </dialog>`;
  }

  #renderContent(): TemplateResult {
    const t = recipientStrings();
    const recipients = this.options.recipients.items;
    const revoked = recipients.some((recipient) => recipient.state === 'key-revoked');
    const altered = recipients.some((recipient) => recipient.state === 'altered');
    const blocked = revoked || altered || recipients.some((recipient) => recipient.state === 'key-changed');
    const blockedText = altered ? t.alteredBlock : revoked ? t.revokedBlock : t.keyChangedBlock;
    return html`
      <h2 id="confirm-title" part="confirm-title">${t.confirmTitle}</h2>
      <p id="confirm-intro">${t.confirmIntro}</p>
      <ul part="confirm-list" aria-labelledby="confirm-intro">
        ${recipients.map((recipient) => this.#renderItem(recipient))}
      </ul>
      ${blocked ? html`<p id="confirm-blocked" class="blocked">${blockedText}</p>` : nothing}
      <p class="visually-hidden" role="status">${this.#status}</p>
      <div part="confirm-actions" class="actions">
        <button
          type="button"
          part="confirm-button"
          ?disabled=${blocked || this.#accepting}
          aria-describedby=${blocked ? 'confirm-blocked' : nothing}
          @click=${() => this.#confirm()}
        >
          ${t.confirm}
        </button>
        <button type="button" class="secondary" part="cancel-button" autofocus @click=${() => this.close()}>${t.cancel}</button>
      </div>
    `;
  }

  #renderItem(recipient: Recipient): TemplateResult {
    const t = recipientStrings();
    const reason = { 'key-changed': t.reasonKeyChanged, 'key-revoked': t.reasonKeyRevoked, altered: t.reasonAltered, new: t.reasonNew, checking: t.reasonNew, unverified: t.reasonUnverified, verified: t.reasonVerified }[recipient.state];
    return html`<li part="confirm-item">
      <p class="who">
        <span
          ><strong class="name">${recipient.name}</strong>${recipient.name !== recipient.userId
            ? html` <span part="confirm-user-id" class="user-id">(${recipient.userId})</span>`
            : nothing}${recipient.role ? `, ${recipient.role}` : ''}</span
        >
        ${renderContactState(recipient.state === 'checking' ? 'new' : recipient.state)}
      </p>
      <p class="reason">${reason}</p>
      ${recipient.previousName !== null
        ? html`<p part="confirm-name-change" class="reason">${t.nameChanged(recipient.previousName)}</p>
            <div class="actions">
              <button
                type="button"
                class="secondary"
                part="accept-name-button"
                aria-label=${t.acceptNameFor(recipient.previousName, recipient.name)}
                ?disabled=${this.#accepting}
                @click=${() => void this.#acceptName(recipient)}
              >
                ${t.acceptName}
              </button>
            </div>`
        : nothing}
      ${recipient.state === 'key-changed'
        ? html`<div class="actions">
            <button type="button" class="secondary" part="compare-button" aria-label=${t.compareWith(recipient.name)} @click=${() => this.#compare(recipient)}>
              ${t.compare}
            </button>
            <button
              type="button"
              class="secondary"
              part="accept-button"
              aria-label=${t.acceptKeyFor(recipient.name)}
              ?disabled=${this.#accepting}
              @click=${() => void this.#accept(recipient)}
            >
              ${t.acceptKey}
            </button>
          </div>`
        : recipient.state === 'altered'
          ? html`<div class="actions">
              <button type="button" class="secondary" part="compare-button" aria-label=${t.compareWith(recipient.name)} @click=${() => this.#compare(recipient)}>
                ${t.compare}
              </button>
            </div>`
          : nothing}
    </li>`;
  }
}
