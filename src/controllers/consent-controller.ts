import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SealClient } from '../core/client.js';
import { SealConsentRequestEvent } from '../events/consent-request.js';
import { commonStrings } from '../localize/common.strings.js';

/**
 * Tells an element that writes messages whether the required consent is missing, and renders the
 * explanation with a button that opens `<seal-consent-banner>`. The host calls `refresh()` when its
 * client changes and on the client's `consent-change` events.
 */
export class ConsentController implements ReactiveController {
  /** True while the required policy version is not accepted. */
  blocked = false;
  readonly #host: ReactiveControllerHost & HTMLElement;
  #generation = 0;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  async refresh(client: SealClient | undefined): Promise<void> {
    const generation = ++this.#generation;
    const blocked = client ? !(await client.consentStatus().catch(() => ({ granted: true }))).granted : false;
    if (generation !== this.#generation || blocked === this.blocked) return;
    this.blocked = blocked;
    this.#host.requestUpdate();
  }

  render(client: SealClient | undefined) {
    if (!this.blocked) return nothing;
    const t = commonStrings();
    const policyId = client?.requiredConsent?.id ?? null;
    return html`<div part="consent-notice" class="notice" role="note">
      <p>${t.consentBlocked}</p>
      <button type="button" class="secondary" @click=${() => this.#host.dispatchEvent(new SealConsentRequestEvent({ policyId }))}>${t.reviewTerms}</button>
    </div>`;
  }
}
