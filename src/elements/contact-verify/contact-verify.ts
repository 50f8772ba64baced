import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SealClient } from '../../core/client.js';
import type { Contact } from '../../core/contacts/contact.js';
import type { SealErrorCode } from '../../core/errors.js';
import type { FingerprintStyle } from '../../core/fingerprint.js';
import { SealContactVerifyEvent } from '../../events/contact-verify.js';
import { SealKeyChangeAcceptEvent } from '../../events/key-change-accept.js';
import { commonStrings } from '../../localize/common.strings.js';
import { formatDateTime } from '../../localize/localize.js';
import { renderContactState } from '../shared/status.js';
import { SealElement } from '../seal-element.js';
import { renderAltered, renderCard, renderFormat, renderInstructions, renderKeyChange, renderMismatch, renderUnknown } from './contact-verify-parts.js';
import styles from './contact-verify.styles.js';
import { verifyStrings as t } from './contact-verify.strings.js';

type Text = () => string;
type Busy = 'verifying' | 'accepting' | 'looking-up';

/**
 * Each fingerprint is an ordered list of numbered groups (`hex`: ten groups of four characters;
 * `digits`: the same 160 bits as ten groups of up to five digits), spelled out character by character
 * for screen readers. "They don't match" changes nothing and explains what to do instead. When the
 * contact's key changed, the previous and new fingerprints are shown, the new one is compared, and it
 * can be accepted without comparing after a warning. A contact this device has never seen can be
 * looked up (its published key is pinned on first use). A contact whose saved record was changed
 * outside Sealbox (`altered`) is shown as such, and its key is compared again before it counts.
 * Comparing works while locked; saving the result needs Sealbox unlocked (LOCKED otherwise), since
 * the verification mark is sealed with the user's key. Follows contact changes made elsewhere.
 *
 * @summary Compares the user's fingerprint and a contact's side by side, in groups people can read to
 * each other over the phone, and marks the contact verified when they match.
 * @tag seal-contact-verify
 *
 * @event {SealContactVerifyEvent} seal-contact-verify - The user confirmed the fingerprints match; the contact is verified (ids and fingerprint only).
 * @event {SealKeyChangeAcceptEvent} seal-key-change-accept - The user accepted a contact's new key without comparing it.
 * @event {SealErrorEvent} seal-error - Loading, looking up, verifying or accepting failed (`code`, `operation`).
 *
 * @csspart base - The wrapper.
 * @csspart heading - "Compare fingerprints with <name>".
 * @csspart contact - The contact's `name`, `user-id`, `previous-name` (when the directory renamed them), `role` and `status` (verification state in words).
 * @csspart verified-note - When the contact was verified.
 * @csspart altered - The notice that the contact's saved key was changed outside Sealbox.
 * @csspart key-change - The notice that the contact has a new key, with `previous-fingerprint` and `new-fingerprint`.
 * @csspart format - The format choice (letters and numbers, or numbers only).
 * @csspart comparison - The two fingerprints side by side (stacked on narrow screens).
 * @csspart fingerprint-card - One side; also `mine` and `theirs`. Its heading is `card-heading`.
 * @csspart groups - A fingerprint's numbered groups; each `group` has a `group-number` and a `group-code`.
 * @csspart instructions - How to compare, step by step.
 * @csspart actions - The buttons.
 * @csspart match-button - "The fingerprints match" (or "The new fingerprint matches").
 * @csspart mismatch-button - "They don't match".
 * @csspart mismatch - What to do when the fingerprints do not match.
 * @csspart accept - "Accept without verifying" (`accept-button`) and its `accept-warning`.
 * @csspart lookup-button - Looks up a contact this device has no key for yet.
 * @csspart retry-button - Tries loading again after an error.
 * @csspart error - Why the last action failed.
 * @csspart progress - What is happening while busy.
 * @csspart notice - Loading, no contact, unknown contact or not connected.
 * @csspart announcer - The visually hidden live region.
 *
 * @cssproperty [--seal-contact-verify-max-width=48rem] - Width of the element.
 * @cssproperty [--seal-contact-verify-group-size=1.25rem] - Font size of the fingerprint groups.
 */
export class SealContactVerify extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['contact-change', 'contact-key-changed', 'lock-change'];

  /** User id of the contact to compare fingerprints with. */
  @property({ attribute: 'user-id' }) userId?: string;

  /** How fingerprints are shown: `hex` (letters and numbers) or `digits` (numbers only). The user can switch. */
  @property() format: FingerprintStyle = 'hex';

  @state() private contact: Contact | null = null;
  @state() private loadState: 'loading' | 'ready' | 'unknown' | 'error' = 'loading';
  @state() private busy: Busy | null = null;
  @state() private failure: Text | null = null;
  @state() private mismatch = false;
  @state() private announcement: Text | null = null;

  #generation = 0;
  #clientChanged = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('userId') || this.#clientChanged) {
      this.#clientChanged = false;
      void this.#load(false);
    }
  }

  protected override clientChanged(_client: SealClient | undefined): void {
    this.#clientChanged = true;
  }

  protected override onClientEvent(event: Event): void {
    if (event.type === 'lock-change') {
      this.requestUpdate();
      return;
    }
    if ((event as Event & { userId?: string }).userId !== this.userId) return;
    if (event.type === 'contact-key-changed') this.mismatch = false;
    void this.#load(true);
  }

  /** Loads the contact; `quiet` keeps the current view while refreshing after a change. */
  async #load(quiet: boolean): Promise<void> {
    const generation = ++this.#generation;
    const client = this.sealClient;
    const userId = this.userId;
    if (!quiet) {
      this.loadState = 'loading';
      this.contact = null;
      this.mismatch = false;
      this.failure = null;
    }
    if (!client || !userId) return;
    try {
      const contact = await client.getContact(userId);
      if (generation !== this.#generation) return;
      this.contact = contact;
      this.loadState = contact ? 'ready' : 'unknown';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.failure = this.#errorText(this.reportError('get-contact', error));
      this.loadState = 'error';
    }
  }

  #errorText(code: SealErrorCode): Text {
    return () => commonStrings().error(code);
  }

  #name(): string {
    return this.contact?.displayName || this.userId || '';
  }

  async #run(busy: Busy, operation: string, work: (client: SealClient, userId: string) => Promise<void>): Promise<void> {
    const client = this.sealClient;
    const userId = this.userId;
    if (!client || !userId || this.busy) return;
    this.busy = busy;
    this.failure = null;
    try {
      await work(client, userId);
    } catch (error) {
      const code = this.reportError(operation, error);
      this.failure = code === 'NO_KEY_FOR_RECIPIENT' ? () => t().noKey(userId) : this.#errorText(code);
    } finally {
      this.busy = null;
    }
  }

  /** Marks the contact verified with exactly the fingerprint shown. */
  readonly #verify = (fingerprint: string) =>
    void this.#run('verifying', 'verify-contact', async (client, userId) => {
      this.contact = await client.verifyContact(userId, fingerprint);
      this.mismatch = false;
      this.dispatchEvent(new SealContactVerifyEvent({ userId, fingerprint: this.contact.fingerprint }));
      const name = this.#name();
      this.announcement = () => t().verified(name);
    });

  readonly #accept = (fingerprint: string) =>
    void this.#run('accepting', 'accept-key-change', async (client, userId) => {
      this.contact = await client.acceptKeyChange(userId, fingerprint);
      this.mismatch = false;
      this.dispatchEvent(new SealKeyChangeAcceptEvent({ userId, fingerprint: this.contact.fingerprint }));
      const name = this.#name();
      this.announcement = () => t().accepted(name);
    });

  readonly #lookup = () =>
    void this.#run('looking-up', 'refresh-contact', async (client, userId) => {
      this.contact = await client.refreshContact(userId);
      this.loadState = 'ready';
      const name = this.#name();
      this.announcement = () => t().pinned(name);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
    });

  readonly #onMismatch = async () => {
    this.mismatch = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="mismatch"]')?.focus();
  };

  protected renderActions(contact: Contact, theirs: string, keyChanged: boolean) {
    const name = this.#name();
    const busy = this.busy !== null;
    return html`<div part="actions" class="actions">
        <button type="button" part="match-button" ?disabled=${busy} @click=${() => this.#verify(theirs)}>${keyChanged ? t().newMatches : t().match}</button>
        <button type="button" part="mismatch-button" class="secondary" ?disabled=${busy} @click=${this.#onMismatch}>${t().mismatch}</button>
      </div>
      ${keyChanged
        ? html`<div part="accept" class="accept">
            <p part="accept-warning" class="hint" id="accept-warning">${t().acceptWarning(name)}</p>
            <button type="button" part="accept-button" class="secondary" aria-describedby="accept-warning" ?disabled=${busy} @click=${() => this.#accept(theirs)}>
              ${t().accept}
            </button>
          </div>`
        : nothing}
      ${this.mismatch && contact.state !== 'verified' ? renderMismatch(name) : nothing}`;
  }

  protected renderContact(client: SealClient, contact: Contact) {
    const name = this.#name();
    const pending = contact.state === 'key-changed' || contact.state === 'altered' ? contact.pendingFingerprint : null;
    const theirs = pending ?? contact.fingerprint;
    const label = pending ? t().theirsNew(name) : t().theirs(name);
    return html`<h2 part="heading" id="heading" tabindex="-1">${t().heading(name)}</h2>
      <p part="contact" class="contact">
        <span part="name" class="name">${name}</span>
        ${name !== contact.userId ? html`<span part="user-id" class="user-id">${contact.userId}</span>` : nothing}
        ${contact.previousName ? html`<span part="previous-name" class="previous-name">${t().previousName(contact.previousName)}</span>` : nothing}
        ${contact.role ? html`<span part="role" class="role">${contact.role}</span>` : nothing} ${renderContactState(contact.state)}
      </p>
      ${contact.state === 'verified' && contact.verifiedAt
        ? html`<p part="verified-note" class="verified-note">${t().verifiedOn(formatDateTime(contact.verifiedAt))}</p>`
        : nothing}
      ${contact.state === 'altered' ? renderAltered(name) : nothing}
      ${pending ? renderKeyChange(name, contact.fingerprint, pending, this.format) : nothing}
      ${renderFormat(this.format, (format) => (this.format = format))}
      <div part="comparison" class="comparison">
        ${renderCard({ id: 'mine', side: 'mine', label: t().yours, fingerprint: client.isFingerprintChecked ? client.fingerprint : null, style: this.format, empty: client.fingerprint ? t().unlockToShow : t().noIdentity })}
        ${renderCard({ id: 'theirs', side: 'theirs', label, fingerprint: theirs, style: this.format })}
      </div>
      ${contact.state === 'verified' ? nothing : html`${renderInstructions(name, label)}${this.renderActions(contact, theirs, pending !== null)}`}
      ${this.failure ? html`<p part="error" class="error" role="alert">${this.failure()}</p>` : nothing}`;
  }

  protected renderBody() {
    const client = this.sealClient;
    const common = commonStrings();
    if (!client) return html`<p part="notice" class="hint">${common.noClient}</p>`;
    if (!this.userId) return html`<p part="notice" class="hint">${t().noContact}</p>`;
    switch (this.loadState) {
      case 'loading':
        return html`<p part="notice" class="hint" role="status">${common.loading}</p>`;
      case 'error':
        return html`<p part="error" class="error" role="alert">${this.failure?.() ?? common.error('INTERNAL')}</p>
          <button type="button" part="retry-button" @click=${() => void this.#load(false)}>${common.retry}</button>`;
      case 'unknown':
        return html`<h2 part="heading" id="heading" tabindex="-1">${t().heading(this.userId)}</h2>
          ${renderUnknown(this.userId, this.busy !== null, this.failure?.() ?? null, this.#lookup)}`;
      default:
        return this.contact ? this.renderContact(client, this.contact) : nothing;
    }
  }

  protected override render() {
    const busy = this.busy ? { verifying: t().verifying, accepting: t().accepting, 'looking-up': t().lookingUp }[this.busy] : '';
    return html`<section part="base" class="base" aria-labelledby=${this.loadState === 'ready' || this.loadState === 'unknown' ? 'heading' : nothing}>
      ${this.renderBody()}
      <p part="progress" class="hint progress" role="status">${busy}</p>
      <p part="announcer" class="visually-hidden" role="status" aria-live="polite">${this.announcement?.() ?? ''}</p>
    </section>`;
  }
}
