import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SealClient } from '../../core/client.js';
import type { ConsentDecision, ConsentPolicy, ConsentStatus } from '../../core/consent/consent-types.js';
import { SealConsentChangeEvent } from '../../events/consent-change.js';
import { commonStrings } from '../../localize/common.strings.js';
import { getLocale } from '../../localize/localize.js';
import { SealElement } from '../seal-element.js';
import styles from './consent-banner.styles.js';
import { bannerStrings } from './consent-banner.strings.js';

/** An optional purpose offered beside the required one. */
export interface ConsentPurposeOption {
  readonly id: string;
  /** The label, as text or per language; Sealbox has labels for `email-notifications` and `care-team-access`. */
  readonly label?: string | Readonly<Record<string, string>>;
}

/**
 * While the current `policy-version` is not accepted, the client refuses to send or save drafts
 * (`CONSENT_REQUIRED`) and the composer and reply box explain why. A user who declined or withdrew
 * still sees and reads the messages already on the device (their own record), but cannot write,
 * reply or save drafts until they accept. A new `policy-version` asks again. The banner is a region
 * in the page, not a focus trap, unless `modal` is set. It does not load the cryptography code: a
 * receipt is signed when the user's key is next unlocked.
 *
 * @summary Asks the patient to accept the portal's secure messaging terms, records a signed consent
 * receipt, and lets them change or withdraw their choice at any time.
 * @tag seal-consent-banner
 *
 * @slot - The portal's terms text. Its text is hashed into every receipt, so a receipt proves which words were agreed to.
 *
 * @event {SealConsentChangeEvent} seal-consent-change - The user accepted, declined or withdrew, or changed purposes (ids only).
 *
 * @csspart base - The banner (a `<dialog>` when `modal`).
 * @csspart terms - The slotted terms text.
 * @csspart purposes - The optional purposes.
 * @csspart actions - The buttons.
 * @csspart notice - The collapsed state: "Privacy preferences", or the declined notice.
 *
 * @cssproperty [--seal-consent-banner-max-width=48rem] - Width of the banner.
 */
export class SealConsentBanner extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['consent-change', 'lock-change'];

  /** Stable id of the policy. */
  @property({ attribute: 'policy-id' }) policyId = 'secure-messaging-terms';

  /** Version of the policy; changing it asks everyone again. */
  @property({ attribute: 'policy-version' }) policyVersion = '1';

  /** Link to the portal's privacy policy. */
  @property({ attribute: 'privacy-href' }) privacyHref?: string;

  /** Optional purposes offered as toggles, off by default. */
  @property({ attribute: false }) purposes: readonly ConsentPurposeOption[] = [];

  /** Show as a modal dialog that holds focus until the user decides or closes it. */
  @property({ type: Boolean }) modal = false;

  /** Whether the terms are showing (set when a decision is needed; the user can reopen them). */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private status: ConsentStatus | null = null;
  @state() private choices: Record<string, boolean> = {};
  @state() private busy = false;
  @state() private errorCode: string | null = null;
  @state() private announcement = '';
  @query('dialog') private dialog?: HTMLDialogElement;

  /** Opens the terms and preferences. */
  show(): void {
    this.open = true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('seal-consent-request', this.#onRequest);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('seal-consent-request', this.#onRequest);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed.has('policyId') || changed.has('policyVersion')) && this.sealClient) this.clientChanged(this.sealClient);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') && !changed.has('modal')) return;
    const dialog = this.dialog;
    if (dialog && this.open && !dialog.open) dialog.showModal();
    if (dialog && !this.open && dialog.open) dialog.close();
  }

  protected override clientChanged(client: SealClient | undefined): void {
    this.status = null;
    if (!client) return;
    client.requireConsent({ id: this.policyId, version: this.policyVersion });
    void this.#refresh(client);
  }

  protected override onClientEvent(): void {
    const client = this.sealClient;
    if (client) void this.#refresh(client);
  }

  async #refresh(client: SealClient): Promise<void> {
    try {
      const status = await client.consentStatus({ id: this.policyId, version: this.policyVersion });
      this.status = status;
      this.choices = { ...status.purposes };
      // Ask when there is no decision for this version yet.
      if (!status.granted && (status.decision === null || status.version !== this.policyVersion)) this.open = true;
    } catch (error) {
      this.errorCode = this.reportError('consent-status', error);
    }
  }

  #policy(): ConsentPolicy {
    const slot = this.renderRoot.querySelector('slot');
    const text = (slot?.assignedNodes({ flatten: true }) ?? []).map((node) => node.textContent ?? '').join(' ').replace(/\s+/g, ' ').trim();
    return { id: this.policyId, version: this.policyVersion, text, purposes: this.purposes.map((purpose) => ({ id: purpose.id })) };
  }

  async #decide(decision: ConsentDecision): Promise<void> {
    const client = this.sealClient;
    if (!client || this.busy) return;
    this.busy = true;
    this.errorCode = null;
    try {
      const purposes = decision === 'accepted' ? this.choices : {};
      const record = await client.recordConsent(this.#policy(), decision, purposes);
      // Show the state the decision left behind as soon as it is saved, then tell the page.
      await this.#refresh(client);
      this.announcement = bannerStrings().saved;
      this.open = false;
      this.dispatchEvent(
        new SealConsentChangeEvent({ policyId: record.policyId, version: record.policyVersion, decision, purposes: record.purposes, receiptId: record.id }),
      );
    } catch (error) {
      this.errorCode = this.reportError('consent', error);
    } finally {
      this.busy = false;
    }
  }

  #label(purpose: ConsentPurposeOption): string {
    const t = bannerStrings();
    if (typeof purpose.label === 'string') return purpose.label;
    if (purpose.label) return purpose.label[getLocale()] ?? purpose.label.en ?? purpose.id;
    if (purpose.id === 'email-notifications') return t.purposeEmail;
    if (purpose.id === 'care-team-access') return t.purposeCareTeam;
    return purpose.id;
  }

  readonly #onRequest = (event: Event) => {
    const policyId = (event as CustomEvent<{ policyId: string | null }>).detail?.policyId;
    if (!policyId || policyId === this.policyId) this.show();
  };

  readonly #toggle = (id: string) => (event: Event) => {
    this.choices = { ...this.choices, [id]: (event.target as HTMLInputElement).checked };
  };

  protected renderPanel() {
    const t = bannerStrings();
    const status = this.status;
    const granted = status?.granted ?? false;
    const changed = status?.decision === 'accepted' && status.version !== this.policyVersion;
    return html`
      <h2 id="heading">${t.heading}</h2>
      ${changed ? html`<p class="changed">${t.changed}</p>` : nothing}
      <div part="terms"><slot></slot></div>
      <p class="hint">
        ${t.version(this.policyVersion)}${this.privacyHref
          ? html` · <a href=${this.privacyHref} target="_blank" rel="noopener">${t.privacyPolicy}</a>`
          : nothing}
      </p>
      <fieldset part="purposes" ?disabled=${this.busy}>
        <legend>${t.optional}</legend>
        <label class="choice"><input type="checkbox" checked disabled /> ${t.required}</label>
        ${this.purposes.map(
          (purpose) => html`<label class="choice"
            ><input type="checkbox" .checked=${this.choices[purpose.id] ?? false} @change=${this.#toggle(purpose.id)} /> ${this.#label(purpose)}</label
          >`,
        )}
      </fieldset>
      ${this.errorCode ? html`<p class="error" role="alert">${commonStrings().error(this.errorCode as never)}</p>` : nothing}
      <div part="actions">
        <button type="button" ?disabled=${this.busy} @click=${() => this.#decide('accepted')}>${granted ? t.save : t.accept}</button>
        ${granted
          ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#decide('withdrawn')}>${t.withdraw}</button>
              <button type="button" class="secondary" @click=${() => (this.open = false)}>${t.close}</button>`
          : html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#decide('declined')}>${t.decline}</button>`}
      </div>
      ${this.busy ? html`<p class="hint" role="status">${t.busy}</p>` : nothing}
    `;
  }

  protected renderNotice() {
    const t = bannerStrings();
    const decision = this.status?.decision;
    if (this.status?.granted) {
      return html`<div part="notice"><button type="button" class="secondary" @click=${() => this.show()}>${t.preferences}</button></div>`;
    }
    return html`<div part="notice" role="note">
      <p>${decision === 'withdrawn' ? t.withdrawn : t.declined}</p>
      <button type="button" @click=${() => this.show()}>${t.review}</button>
    </div>`;
  }

  protected override render() {
    if (!this.sealClient) return html`<p class="hint">${commonStrings().noClient}</p>`;
    if (!this.status) return html`<p class="hint" role="status">${commonStrings().loading}</p><slot hidden></slot>`;
    const live = html`<p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>`;
    if (this.modal) {
      return html`${live}${this.open ? nothing : this.renderNotice()}
        <dialog part="base" aria-labelledby="heading" @cancel=${() => (this.open = false)} @close=${() => (this.open = false)}>
          ${this.renderPanel()}
        </dialog>`;
    }
    return html`${live}${this.open
        ? html`<section part="base" aria-labelledby="heading">${this.renderPanel()}</section>`
        : html`${this.renderNotice()}<slot hidden></slot>`}`;
  }
}
