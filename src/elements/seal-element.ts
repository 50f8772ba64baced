import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { sealClientContext } from '../context/client-context.js';
import type { SealClient } from '../core/client.js';
import { isSealError, type SealErrorCode } from '../core/errors.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { SealErrorEvent } from '../events/error.js';

/**
 * Base of the Sealbox elements: finds the client (an explicit `client` property, else the one provided
 * by `<seal-provider>`), re-renders on locale changes, forwards the listed client events to
 * `onClientEvent`, and reports user activity so the vault's idle lock counts real use.
 *
 * @event {SealErrorEvent} seal-error - An operation of the element failed; `detail.code` is the SealError code.
 */
export class SealElement extends LitElement {
  /** A client to use instead of the one provided by an enclosing `<seal-provider>`. */
  @property({ attribute: false }) client?: SealClient;

  @consume({ context: sealClientContext, subscribe: true })
  @state()
  protected providedClient?: SealClient;

  /** Client event types this element reacts to (see `onClientEvent`). */
  protected static clientEvents: readonly string[] = [];

  protected readonly localize = new LocalizeController(this);
  #attached: SealClient | undefined;

  /** The client in use, if any. */
  protected get sealClient(): SealClient | undefined {
    return this.client ?? this.providedClient;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('pointerdown', this.#onActivity);
    this.addEventListener('keydown', this.#onActivity);
    if (this.#attached) this.#listen(this.#attached);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('pointerdown', this.#onActivity);
    this.removeEventListener('keydown', this.#onActivity);
    if (this.#attached) this.#unlisten(this.#attached);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.sealClient;
    if (client !== this.#attached) {
      if (this.#attached) this.#unlisten(this.#attached);
      this.#attached = client;
      if (client && this.isConnected) this.#listen(client);
      this.clientChanged(client);
    }
  }

  /** Called when the element gets (or loses) its client: load data here. */
  protected clientChanged(_client: SealClient | undefined): void {}

  /** Called for each client event listed in `clientEvents`. */
  protected onClientEvent(_event: Event): void {}

  /** Dispatches a `seal-error` event for a failed operation and returns its code. */
  protected reportError(operation: string, error: unknown): SealErrorCode {
    const code: SealErrorCode = isSealError(error) ? error.code : 'INTERNAL';
    this.dispatchEvent(new SealErrorEvent({ code, operation }));
    return code;
  }

  #listen(client: SealClient): void {
    for (const type of (this.constructor as typeof SealElement).clientEvents) client.addEventListener(type, this.#onClientEvent);
  }

  #unlisten(client: SealClient): void {
    for (const type of (this.constructor as typeof SealElement).clientEvents) client.removeEventListener(type, this.#onClientEvent);
  }

  readonly #onClientEvent = (event: Event) => this.onClientEvent(event);
  readonly #onActivity = () => this.sealClient?.touch();
}
