import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';
import type { SealErrorCode } from '../../core/errors.js';
import type { MessageStatus } from '../../core/types.js';

/** What the inbox shows of a thread's last message: its subject once verified, or why it is hidden. */
export type Preview =
  | { readonly status: Exclude<MessageStatus, 'invalid'>; readonly subject: string }
  | { readonly status: 'invalid'; readonly code: SealErrorCode };

const DEFAULT_CONCURRENCY = 3;

/**
 * Decrypts the last message of the threads on screen, a few at a time. Each range change replaces the
 * queue, so rows the reader scrolled past are dropped (and asked for again if they come back) instead
 * of delaying the ones now visible. Previews are cached per message id; a lock forgets them all.
 */
export class PreviewLoader {
  readonly #cache = new Map<string, Preview>();
  readonly #inFlight = new Set<string>();
  /** Messages that could not be opened now (locked, offline); asked for again after `reset()`. */
  readonly #failed = new Set<string>();
  #queue: string[] = [];
  #generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SealClient | undefined,
    private readonly concurrency = DEFAULT_CONCURRENCY,
  ) {}

  get(messageId: string): Preview | undefined {
    return this.#cache.get(messageId);
  }

  /** Whether every one of these messages has a preview (or could not be opened). */
  settled(messageIds: readonly string[]): boolean {
    return messageIds.every((id) => this.#cache.has(id) || this.#failed.has(id));
  }

  /** Asks for these messages, most important first, instead of whatever was still waiting. */
  want(messageIds: readonly string[]): void {
    const seen = new Set<string>();
    this.#queue = messageIds.filter((id) => {
      if (seen.has(id) || this.#cache.has(id) || this.#inFlight.has(id) || this.#failed.has(id)) return false;
      seen.add(id);
      return true;
    });
    this.#pump();
  }

  /** Forgets some previews (their status may have changed, e.g. after a contact was verified). */
  forget(messageIds: Iterable<string>): void {
    for (const id of messageIds) {
      this.#cache.delete(id);
      this.#failed.delete(id);
    }
  }

  /** Forgets everything (lock, another client); openings under way are ignored when they finish. */
  reset(): void {
    this.#generation += 1;
    this.#cache.clear();
    this.#failed.clear();
    this.#inFlight.clear();
    this.#queue = [];
  }

  #pump(): void {
    const client = this.client();
    if (!client || client.state !== 'unlocked') return;
    while (this.#inFlight.size < this.concurrency && this.#queue.length > 0) {
      const id = this.#queue.shift()!;
      this.#inFlight.add(id);
      void this.#open(client, id, this.#generation);
    }
  }

  async #open(client: SealClient, id: string, generation: number): Promise<void> {
    let preview: Preview | null = null;
    try {
      const message = await client.openMessage(id);
      preview = message.status === 'invalid' ? { status: 'invalid', code: message.error.code } : { status: message.status, subject: message.subject };
    } catch {
      preview = null;
    }
    if (generation !== this.#generation) return;
    this.#inFlight.delete(id);
    if (preview) this.#cache.set(id, preview);
    else this.#failed.add(id);
    this.host.requestUpdate();
    this.#pump();
  }
}
