import type { SealClient } from '../../core/client.js';
import { isSealError, type SealErrorCode } from '../../core/errors.js';
import type { OutboxItem } from '../../core/store/outbox.js';
import type { MessageSummary, OpenedMessage } from '../../core/types.js';

/** A message as the thread shows it: routing metadata, and its content once opened. */
export interface MessageView {
  readonly summary: MessageSummary;
  /** The opened message (readable or invalid); null while locked or when it could not be opened. */
  readonly opened: OpenedMessage | null;
  /** Why it could not be opened now (not a verification failure: those are `opened.status === 'invalid'`). */
  readonly failure: SealErrorCode | null;
}

function olderFirst(a: MessageView, b: MessageView): number {
  const x = a.summary;
  const y = b.summary;
  return x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

async function open(client: SealClient, summary: MessageSummary): Promise<MessageView> {
  if (client.state !== 'unlocked') return { summary, opened: null, failure: null };
  try {
    return { summary, opened: await client.openMessage(summary.id), failure: null };
  } catch (error) {
    return { summary, opened: null, failure: isSealError(error) ? error.code : 'INTERNAL' };
  }
}

/**
 * One thread's messages, oldest first, as far back as loaded: `client.listMessages` gives pages newest
 * first, each page is opened (decrypted and verified) before it is shown, and older pages are added on
 * request. Every change makes a new array.
 *
 * Delivery states come with each page, read before its messages are opened (which takes a while), and
 * from `outbox-change` events. An event that arrives meanwhile is newer than the page, so it is applied
 * again once the page is in: a message delivered meanwhile would otherwise stay "Sending…", as no
 * later event comes.
 */
export class ThreadMessages {
  items: readonly MessageView[] = [];
  /** Cursor of the next older page; null once the first message is loaded. */
  next: string | null = null;
  loadingOlder = false;
  /** Upload progress of the user's own messages with attachments, by message id. */
  uploads = new Map<string, NonNullable<OutboxItem['upload']>>();
  #generation = 0;
  /** The newest outbox snapshot from an `outbox-change` event, and how many events came so far. */
  #outbox: readonly OutboxItem[] | null = null;
  #outboxEvents = 0;

  constructor(private readonly pageSize: number) {}

  /** Loads the newest page, replacing what was there. */
  async load(client: SealClient, threadId: string): Promise<void> {
    const generation = ++this.#generation;
    const seen = this.#outboxEvents;
    this.loadingOlder = false;
    const page = await client.listMessages(threadId, { limit: this.pageSize });
    const views = await Promise.all(page.items.map((summary) => open(client, summary)));
    if (generation !== this.#generation) return;
    this.items = views.sort(olderFirst);
    this.next = page.next;
    this.#catchUp(seen);
  }

  /** Loads the next older page; false when there is none (or the thread changed meanwhile). */
  async loadOlder(client: SealClient, threadId: string): Promise<boolean> {
    if (!this.next || this.loadingOlder) return false;
    const generation = this.#generation;
    const seen = this.#outboxEvents;
    this.loadingOlder = true;
    try {
      const page = await client.listMessages(threadId, { limit: this.pageSize, before: this.next });
      const known = new Set(this.items.map((view) => view.summary.id));
      const views = await Promise.all(page.items.filter((summary) => !known.has(summary.id)).map((summary) => open(client, summary)));
      if (generation !== this.#generation) return false;
      this.items = [...views, ...this.items].sort(olderFirst);
      this.next = page.next;
      this.#catchUp(seen);
      return true;
    } finally {
      if (generation === this.#generation) this.loadingOlder = false;
    }
  }

  /** Reads the newest page again: adds new messages, updates read and delivery state. Returns the new ones. */
  async refresh(client: SealClient, threadId: string): Promise<MessageView[]> {
    const generation = this.#generation;
    const seen = this.#outboxEvents;
    const page = await client.listMessages(threadId, { limit: this.pageSize });
    const known = new Set(this.items.map((view) => view.summary.id));
    const opened = await Promise.all(page.items.filter((summary) => !known.has(summary.id)).map((summary) => open(client, summary)));
    if (generation !== this.#generation) return [];
    // Merged into the messages as they are now: another refresh may have added some meanwhile.
    const current = new Map(this.items.map((view) => [view.summary.id, view]));
    for (const summary of page.items) {
      const view = current.get(summary.id);
      if (view) current.set(summary.id, { ...view, summary });
    }
    const fresh = opened.filter((view) => !current.has(view.summary.id));
    this.items = [...current.values(), ...fresh].sort(olderFirst);
    this.#catchUp(seen);
    return fresh;
  }

  /** Opens again the messages that are not open (after an unlock) or from `from` (their status may have changed). */
  async reopen(client: SealClient, from?: string): Promise<void> {
    const generation = this.#generation;
    const reopened = await Promise.all(
      this.items.filter((view) => !view.opened || view.summary.from === from).map((view) => open(client, view.summary)),
    );
    if (generation !== this.#generation) return;
    // Only their content: summaries (delivery state) may have changed while they were opened.
    const byId = new Map(reopened.map((view) => [view.summary.id, view]));
    this.items = this.items.map((view) => {
      const again = byId.get(view.summary.id);
      return again ? { ...again, summary: view.summary } : view;
    });
  }

  /** Forgets decrypted content (the vault locked). */
  conceal(): void {
    this.items = this.items.map((view) => ({ ...view, opened: null, failure: null }));
  }

  /** Applies an outbox snapshot (from an `outbox-change` event): a message no longer in it was delivered. */
  applyOutbox(outbox: readonly OutboxItem[]): boolean {
    this.#outbox = outbox;
    this.#outboxEvents += 1;
    return this.#applyDelivery(outbox);
  }

  /** Messages just read may carry delivery states older than an outbox event that came meanwhile. */
  #catchUp(seen: number): void {
    if (this.#outbox && this.#outboxEvents !== seen) this.#applyDelivery(this.#outbox);
  }

  #applyDelivery(outbox: readonly OutboxItem[]): boolean {
    const states = new Map(outbox.map((item) => [item.id, item.state]));
    const uploads = new Map(outbox.flatMap((item) => (item.upload ? [[item.id, item.upload] as const] : [])));
    let changed = uploads.size !== this.uploads.size || [...uploads].some(([id, upload]) => this.uploads.get(id)?.chunksDone !== upload.chunksDone);
    this.uploads = uploads;
    this.items = this.items.map((view) => {
      if (!view.summary.outgoing) return view;
      const delivery = states.get(view.summary.id) ?? 'delivered';
      if (delivery === view.summary.delivery) return view;
      changed = true;
      return { ...view, summary: { ...view.summary, delivery } };
    });
    return changed;
  }

  clear(): void {
    this.#generation += 1;
    this.items = [];
    this.next = null;
    this.loadingOlder = false;
    this.uploads = new Map();
    this.#outbox = null;
  }
}
