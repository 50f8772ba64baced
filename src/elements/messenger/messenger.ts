import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { LockChangeEvent } from '../../core/client-events.js';
import { commonStrings } from '../../localize/common.strings.js';
import { SealElement } from '../seal-element.js';
import styles from './messenger.styles.js';
import { messengerStrings } from './messenger.strings.js';

type View = 'list' | 'thread' | 'compose' | 'verify';

/**
 * Place it inside `<seal-provider>`. From 48rem of its own width it shows the inbox and the open
 * conversation side by side; narrower (down to 320 px phones) it shows one pane at a time with a
 * "Back to messages" button. It follows the lock state: while locked only the unlock form shows.
 *
 * @summary A complete secure-messaging panel in one tag: unlock, inbox, thread, composer and
 * fingerprint comparison.
 * @tag seal-messenger
 *
 * @event {SealThreadSelectEvent} seal-thread-select - Bubbles from the inbox when a thread is opened.
 * @event {SealSendEvent} seal-send - Bubbles from the composer or reply box before a message is encrypted; cancelable.
 * @event {SealAfterSendEvent} seal-after-send - Bubbles once a message is in the outbox.
 *
 * @csspart base - The panel.
 * @csspart toolbar - The bar with "New message" and "Lock".
 * @csspart list-pane - The pane holding the inbox.
 * @csspart detail-pane - The pane holding a thread, the composer or the fingerprint comparison.
 * @csspart unlock - The unlock form shown while locked or before an identity exists.
 *
 * @cssproperty [--seal-messenger-list-width=22rem] - Width of the inbox pane on wide layouts.
 * @cssproperty [--seal-messenger-min-height=32rem] - Minimum height of the panel.
 */
export class SealMessenger extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['lock-change'];

  /** The open thread; set it to deep-link into a conversation. */
  @property({ attribute: 'thread-id' }) threadId: string | null = null;

  @state() private view: View = 'list';
  @state() private composeTo: readonly string[] = [];
  @state() private verifyUserId: string | null = null;
  /** Keeps the unlock panel after an identity is created, until the user is done with the backup offer. */
  @state() private holdUnlock = false;
  #returnView: View = 'list';
  #unlockWatch: MutationObserver | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('seal-thread-select', this.#onThreadSelect);
    this.addEventListener('seal-compose-request', this.#onCompose);
    this.addEventListener('seal-verify-request', this.#onVerifyRequest);
    this.addEventListener('seal-after-send', this.#onAfterSend);
    this.addEventListener('seal-contact-verify', this.#onVerified);
    this.addEventListener('seal-key-change-accept', this.#onVerified);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('seal-thread-select', this.#onThreadSelect);
    this.removeEventListener('seal-compose-request', this.#onCompose);
    this.removeEventListener('seal-verify-request', this.#onVerifyRequest);
    this.removeEventListener('seal-after-send', this.#onAfterSend);
    this.removeEventListener('seal-contact-verify', this.#onVerified);
    this.removeEventListener('seal-key-change-accept', this.#onVerified);
    this.#unlockWatch?.disconnect();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('threadId') && this.threadId && this.view === 'list') this.view = 'thread';
  }

  protected override onClientEvent(event: Event): void {
    const change = event as LockChangeEvent;
    if (change.type !== 'lock-change') return;
    if (change.reason === 'created') this.holdUnlock = true;
    if (change.state !== 'unlocked') this.holdUnlock = false;
    this.requestUpdate();
  }

  protected override updated(): void {
    const unlock = this.renderRoot.querySelector('seal-unlock');
    this.#unlockWatch?.disconnect();
    this.#unlockWatch = null;
    if (!this.holdUnlock || !unlock) return;
    // seal-unlock reflects its state; "unlocked" means the user finished with the backup offer.
    this.#unlockWatch = new MutationObserver(() => {
      if (unlock.getAttribute('state') === 'unlocked') this.holdUnlock = false;
    });
    this.#unlockWatch.observe(unlock, { attributes: true, attributeFilter: ['state'] });
  }


  /** Opens the composer, optionally addressed to `to`. */
  compose(to: readonly string[] = []): void {
    this.#show('compose');
    this.composeTo = [...to];
  }

  /** Shows the inbox (on narrow layouts, hides the open conversation). */
  showList(): void {
    this.view = 'list';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('seal-inbox')?.focus());
  }

  #show(view: View): void {
    if (view !== 'verify') this.#returnView = view;
    this.view = view;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="detail-pane"] .focus-target')?.focus());
  }

  readonly #onThreadSelect = (event: Event) => {
    const { threadId } = (event as CustomEvent<{ threadId: string }>).detail;
    this.threadId = threadId;
    this.#show('thread');
  };

  readonly #onCompose = (event: Event) => this.compose((event as CustomEvent<{ to: readonly string[] }>).detail.to);

  readonly #onVerifyRequest = (event: Event) => {
    this.verifyUserId = (event as CustomEvent<{ userId: string }>).detail.userId;
    this.#show('verify');
  };

  readonly #onAfterSend = (event: Event) => {
    const { threadId } = (event as CustomEvent<{ threadId: string }>).detail;
    if (this.view !== 'compose') return;
    this.threadId = threadId;
    this.#show('thread');
  };

  readonly #onVerified = () => {
    if (this.view === 'verify') this.#show(this.#returnView === 'verify' ? 'list' : this.#returnView);
  };

  readonly #lock = () => void this.sealClient?.lock();

  protected renderDetail() {
    const t = messengerStrings();
    switch (this.view) {
      case 'thread':
        return html`<seal-thread class="focus-target" tabindex="-1" .threadId=${this.threadId}></seal-thread>`;
      case 'compose':
        return html`<h2 class="heading focus-target" tabindex="-1">${t.composeHeading}</h2>
          <seal-composer .recipients=${this.composeTo}></seal-composer>`;
      case 'verify':
        return html`<h2 class="heading focus-target" tabindex="-1">${t.verifyHeading}</h2>
          <seal-contact-verify user-id=${this.verifyUserId ?? nothing}></seal-contact-verify>`;
      default:
        return html`<p class="placeholder">${t.placeholder}</p>`;
    }
  }

  protected override render() {
    const client = this.sealClient;
    const t = messengerStrings();
    if (!client) return html`<div part="base" role="status"><p class="placeholder">${commonStrings().noClient}</p></div>`;
    if (client.state !== 'unlocked' || this.holdUnlock) {
      return html`<div part="base" role="region" aria-label=${t.label}><seal-unlock part="unlock"></seal-unlock></div>`;
    }
    return html`
      <div part="base" role="region" aria-label=${t.label}>
        <div part="toolbar">
          <button type="button" @click=${() => this.compose()}>${t.newMessage}</button>
          <button type="button" class="secondary" @click=${this.#lock}>${t.lock}</button>
        </div>
        <div class="panes" data-view=${this.view}>
          <div part="list-pane"><seal-inbox .selected=${this.threadId}></seal-inbox></div>
          <div part="detail-pane">
            ${this.view === 'list' ? nothing : html`<button type="button" class="back secondary" @click=${() => this.showList()}>${t.back}</button>`}
            ${this.renderDetail()}
          </div>
        </div>
      </div>
    `;
  }
}
