import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';
import type { SealErrorCode } from '../../core/errors.js';
import type { OutboxItem } from '../../core/store/outbox.js';
import { composerStrings } from './composer.strings.js';

/** Where a message sent from this composer stands. `sent` means it left the outbox (the relay has it). */
export type DeliveryView = 'sending' | 'queued' | 'failed' | 'sent';

export interface TrackedMessage {
  readonly id: string;
  /** Names of the recipients, for the status line. */
  readonly names: readonly string[];
  readonly state: DeliveryView;
  /** Encrypted attachment chunks the backend holds, of all; null without attachments. */
  readonly upload: OutboxItem['upload'];
  /** Why delivery failed, once it has. */
  readonly error: SealErrorCode | null;
}

/**
 * Follows the delivery of the messages this composer sent, from `listOutbox()` and `outbox-change`
 * events. A message that leaves the outbox is `sent`, and stays so.
 */
export class DeliveryTracker {
  #items: TrackedMessage[] = [];
  #events = 0;
  /** Waiting for a message to show as failed (its upload was stopped). */
  readonly #onFailed = new Map<string, () => void>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SealClient | undefined,
    /** Speaks a change through the composer's polite live region. */
    private readonly announce: (text: string) => void,
    private readonly failed: (operation: string, error: unknown) => SealErrorCode,
  ) {}

  get items(): readonly TrackedMessage[] {
    return this.#items;
  }

  /** Starts following a message just handed to the outbox; earlier delivered ones are dropped. */
  async track(id: string, names: readonly string[]): Promise<void> {
    this.#items = [...this.#items.filter((item) => item.state !== 'sent'), { id, names, state: 'sending', upload: null, error: null }];
    this.host.requestUpdate();
    await this.sync();
  }

  /** Reads the outbox; ignored when an `outbox-change` event arrived meanwhile (it is newer). */
  async sync(): Promise<void> {
    const client = this.client();
    if (!client || this.#items.length === 0) return;
    const seen = this.#events;
    const items = await client.listOutbox().catch(() => null);
    if (items && seen === this.#events) this.apply(items);
  }

  /** Applies an outbox snapshot (from an `outbox-change` event). */
  onOutboxChange(items: readonly OutboxItem[]): void {
    this.#events += 1;
    this.apply(items);
  }

  /** Tries a failed message again now. */
  async retry(message: TrackedMessage): Promise<void> {
    await this.client()?.retryOutbox(message.id).catch((error: unknown) => this.failed('retry', error));
  }

  /**
   * Stops the upload of a message's files; it stays, failed, to retry or discard. Resolves true once
   * the message shows as failed (so focus can move to its Retry), false when there was nothing to stop.
   */
  async stopUpload(message: TrackedMessage): Promise<boolean> {
    try {
      if (!(await this.client()?.cancelUpload(message.id))) return false;
      this.announce(composerStrings().uploadStoppedShort);
      const failed = new Promise<void>((resolve) => this.#onFailed.set(message.id, resolve));
      await this.sync();
      await failed;
      return true;
    } catch (error) {
      this.failed('stop-upload', error);
      return false;
    }
  }

  /** Gives up on an undelivered message. */
  async discard(message: TrackedMessage): Promise<void> {
    // Stop following it first, so leaving the outbox does not read as "Sent".
    this.#items = this.#items.filter((item) => item.id !== message.id);
    this.host.requestUpdate();
    try {
      await this.client()?.discardOutbox(message.id);
      this.announce(composerStrings().discarded);
    } catch (error) {
      this.failed('discard', error);
      await this.track(message.id, message.names);
    }
  }

  apply(outbox: readonly OutboxItem[]): void {
    const byId = new Map(outbox.map((item) => [item.id, item]));
    let changed = false;
    this.#items = this.#items.map((item) => {
      const current = byId.get(item.id);
      const next = viewOf(item, current);
      const upload = current?.upload ?? null;
      const error = next === 'failed' ? (current?.lastError?.code ?? null) : null;
      if (next === item.state && upload?.chunksDone === item.upload?.chunksDone && error === item.error) return item;
      changed = true;
      if (next !== item.state) this.announce(`${composerStrings().deliveryTo(item.names.join(', '))} ${deliveryLabel(next)}`);
      return { ...item, state: next, upload, error };
    });
    if (changed) this.host.requestUpdate();
    for (const [id, resolve] of this.#onFailed) {
      const state = this.#items.find((item) => item.id === id)?.state;
      if (state === 'sending' || state === 'queued') continue;
      resolve();
      this.#onFailed.delete(id);
    }
  }
}

function viewOf(current: TrackedMessage, item: OutboxItem | undefined): DeliveryView {
  if (current.state === 'sent' || !item) return 'sent';
  if (item.state === 'failed') return 'failed';
  if (item.state === 'queued' && (item.nextAttemptAt ?? 0) > Date.now()) return 'queued';
  // Being sent or due now. An offline message stays "queued" while it is retried, so it does not flicker.
  return current.state === 'queued' ? 'queued' : 'sending';
}

export function deliveryLabel(state: DeliveryView): string {
  const t = composerStrings();
  return { sending: t.deliverySending, queued: t.deliveryQueued, failed: t.deliveryFailed, sent: t.deliverySent }[state];
}
