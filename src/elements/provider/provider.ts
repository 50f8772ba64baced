import { provide } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { sealClientContext } from '../../context/client-context.js';
import { createSealClient, type SealClient } from '../../core/client.js';
import type { ContactKeyChangedEvent, LockChangeEvent, MessageReceivedEvent, OutboxChangeEvent, SecurityAlertEvent } from '../../core/client-events.js';
import type { SealClientOptions } from '../../core/client-options.js';
import { SealError } from '../../core/errors.js';
import { SealContactKeyChangeEvent } from '../../events/contact-key-change.js';
import { SealLockChangeEvent } from '../../events/lock-change.js';
import { SealMessageReceivedEvent } from '../../events/message-received.js';
import { SealOutboxChangeEvent } from '../../events/outbox-change.js';
import { SealSecurityAlertEvent } from '../../events/security-alert.js';
import { commonStrings } from '../../localize/common.strings.js';
import { setLocale } from '../../localize/localize.js';
import type { SealTransport } from '../../transport/transport.js';
import { SealElement } from '../seal-element.js';
import styles from './provider.styles.js';
import { providerStrings } from './provider.strings.js';

type ExtraOptions = Omit<SealClientOptions, 'transport' | 'userId' | 'displayName' | 'role'>;

/** Options objects with the same values: a framework re-render that builds `options` anew keeps the client. */
function sameOptions(a: ExtraOptions | undefined, b: ExtraOptions | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a) as Array<keyof ExtraOptions>;
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * Give it a `transport` and a `user-id` and it creates one client for them (closing it when removed, and
 * replacing it when either changes; the transport itself stays open, it is yours), or give it a ready `client`. `theme` sets the light, dark or system-following design tokens for everything inside.
 *
 * @summary Creates (or receives) the Sealbox client and provides it to every Sealbox element inside.
 * @tag seal-provider
 *
 * @slot - The Sealbox elements (and any other content) that use this provider's client.
 *
 * @event {SealLockChangeEvent} seal-lock-change - The identity was created, unlocked or locked.
 * @event {SealMessageReceivedEvent} seal-message-received - A new message arrived (ids only).
 * @event {SealContactKeyChangeEvent} seal-contact-key-change - A contact's key differs from the pinned one.
 * @event {SealOutboxChangeEvent} seal-outbox-change - Messages entered or left the outbox.
 * @event {SealSecurityAlertEvent} seal-security-alert - A local security signal (failed unlocks, decryption burst, key change, failed verification).
 * @event {SealErrorEvent} seal-error - The client could not be created.
 *
 * @csspart error - The message shown when the client cannot start.
 */
export class SealProvider extends SealElement {
  static override styles = styles;

  /** The portal's transport adapter, signed in as `user-id`. */
  @property({ attribute: false }) transport?: SealTransport;

  /** The signed-in user's id. */
  @property({ attribute: 'user-id' }) userId?: string;

  /** Published next to the user's key. */
  @property({ attribute: 'display-name' }) displayName?: string;

  /** Published next to the user's key (e.g. "Patient", "Clinician"). Not `role`, which is ARIA's. */
  @property({ attribute: 'user-role' }) userRole?: string;

  /** Further `createSealClient` options (auto-lock time, limits, database name...). */
  @property({ attribute: false }) options?: ExtraOptions;

  /** Language of every Sealbox element on the page: `en` or `es` (other tags fall back by language). */
  @property() locale?: string;

  /** Design tokens for everything inside: `light`, `dark` or `auto` (follows the system setting). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';

  @provide({ context: sealClientContext })
  @state()
  protected current?: SealClient;

  @state() private failure: SealError | null = null;

  #owned: SealClient | null = null;
  /** The configuration the owned (or starting) client was made for: one client per configuration. */
  #made: { transport: SealTransport; userId: string; options: ExtraOptions | undefined } | null = null;
  #generation = 0;
  #waiters: Array<(client: SealClient) => void> = [];

  /** Resolves with the client once it is ready. */
  whenReady(): Promise<SealClient> {
    if (this.current) return Promise.resolve(this.current);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.current && !this.client) this.#create();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moving the provider in the DOM reconnects it at once; only a real removal closes the client.
    queueMicrotask(() => {
      if (!this.isConnected) this.#close();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('locale') && this.locale) setLocale(this.locale);
    if (changed.has('client') && this.client) {
      this.#close();
      this.#use(this.client);
    } else if ((changed.has('transport') || changed.has('userId') || changed.has('options')) && !this.client && this.isConnected) {
      this.#create();
    }
  }

  #create(): void {
    const { transport, userId, options } = this;
    if (!transport || !userId) return;
    // Frameworks set properties before connecting (and Lit reports them again on the first update):
    // the client already made or starting for this configuration stays.
    const made = this.#made;
    if (made && made.transport === transport && made.userId === userId && sameOptions(made.options, options)) return;
    this.#close();
    this.#made = { transport, userId, options };
    const generation = ++this.#generation;
    this.failure = null;
    createSealClient({
      ...options,
      transport,
      userId,
      ...(this.displayName ? { displayName: this.displayName } : {}),
      ...(this.userRole ? { role: this.userRole } : {}),
    }).then(
      (client) => {
        if (generation !== this.#generation || !this.isConnected) {
          client.close();
          return;
        }
        this.#owned = client;
        this.#use(client);
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        this.#made = null;
        this.failure = error instanceof SealError ? error : new SealError('INTERNAL', 'The client could not be created', { cause: error });
        this.reportError('connect', this.failure);
      },
    );
  }

  #use(client: SealClient): void {
    this.#unbind();
    this.current = client;
    client.addEventListener('lock-change', this.#onLockChange);
    client.addEventListener('message-received', this.#onMessage);
    client.addEventListener('contact-key-changed', this.#onKeyChange);
    client.addEventListener('outbox-change', this.#onOutbox);
    client.addEventListener('security-alert', this.#onAlert);
    for (const resolve of this.#waiters.splice(0)) resolve(client);
  }

  #unbind(): void {
    const client = this.current;
    if (!client) return;
    client.removeEventListener('lock-change', this.#onLockChange);
    client.removeEventListener('message-received', this.#onMessage);
    client.removeEventListener('contact-key-changed', this.#onKeyChange);
    client.removeEventListener('outbox-change', this.#onOutbox);
    client.removeEventListener('security-alert', this.#onAlert);
  }

  #close(): void {
    this.#generation += 1;
    this.#unbind();
    this.#owned?.close();
    this.#owned = null;
    this.#made = null;
    this.current = undefined;
  }

  readonly #onLockChange = (event: LockChangeEvent) =>
    this.dispatchEvent(new SealLockChangeEvent({ state: event.state, reason: event.reason }));
  readonly #onMessage = (event: MessageReceivedEvent) =>
    this.dispatchEvent(new SealMessageReceivedEvent({ messageId: event.messageId, threadId: event.threadId, from: event.from }));
  readonly #onKeyChange = (event: ContactKeyChangedEvent) =>
    this.dispatchEvent(
      new SealContactKeyChangeEvent({ userId: event.userId, previousFingerprint: event.previousFingerprint, newFingerprint: event.newFingerprint }),
    );
  readonly #onOutbox = (event: OutboxChangeEvent) =>
    this.dispatchEvent(
      new SealOutboxChangeEvent({
        pending: event.items.filter((item) => item.state !== 'failed').length,
        failed: event.items.filter((item) => item.state === 'failed').length,
      }),
    );

  readonly #onAlert = (event: SecurityAlertEvent) => this.dispatchEvent(new SealSecurityAlertEvent({ kind: event.kind, data: event.data }));

  protected override render() {
    return html`${this.failure
        ? html`<p part="error" role="alert">${providerStrings().failed} ${commonStrings().error(this.failure.code)}</p>`
        : nothing}<slot></slot>`;
  }
}
