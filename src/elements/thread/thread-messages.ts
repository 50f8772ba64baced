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
 */
export class ThreadMessages {
  items: readonly MessageView[] = [];
  /** Cursor of the next older page; null once the first message is loaded. */
  next: string | null = null;
  loadingOlder = false;
  /** Upload progress of the user's own messages with attachments, by message id. */
  uploads = new Map<string, NonNullable<OutboxItem['upload']>>();
  #generation = 0;

  constructor(private readonly pageSize: number) {}

  /** Loads the newest page, replacing what was there. */
  async load(client: SealClient, threadId: string): Promise<void> {
    const generation = ++this.#generation;
    this.loadingOlder = false;
    const page = await client.listMessages(threadId, { limit: this.pageSize });
    const views = await Promise.all(page.items.map((summary) => open(client, summary)));
    if (generation !== this.#generation) return;
    this.items = views.sort(olderFirst);
    this.next = page.next;
  }

  /** Loads the next older page; false when there is none (or the thread changed meanwhile). */
  async loadOlder(client: SealClient, threadId: string): Promise<boolean> {
    if (!this.next || this.loadingOlder) return false;
    const generation = this.#generation;
    this.loadingOlder = true;
    try {
      const page = await client.listMessages(threadId, { limit: this.pageSize, before: this.next });
      const known = new Set(this.items.map((view) => view.summary.id));
      const views = await Promise.all(page.items.filter((summary) => !known.has(summary.id)).map((summary) => open(client, summary)));
      if (generation !== this.#generation) return false;
      this.items = [...views, ...this.items].sort(olderFirst);
      this.next = page.next;
      return true;
    } finally {
      if (generation === this.#generation) this.loadingOlder = false;
    }
  }

  /** Reads the newest page again: adds new messages, updates read and delivery state. Returns the new ones. */
  async refresh(client: SealClient, threadId: string): Promise<MessageView[]> {
    const generation = this.#generation;
    const page = await client.listMessages(threadId, { limit: this.pageSize });
    const current = new Map(this.items.map((view) => [view.summary.id, view]));
    const fresh = await Promise.all(page.items.filter((summary) => !current.has(summary.id)).map((summary) => open(client, summary)));
    if (generation !== this.#generation) return [];
    for (const summary of page.items) {
      const view = current.get(summary.id);
      if (view) current.set(summary.id, { ...view, summary });
    }
    this.items = [...current.values(), ...fresh].sort(olderFirst);
    return fresh;
  }

  /** Opens again the messages that are not open (after an unlock) or from `from` (their status may have changed). */
  async reopen(client: SealClient, from?: string): Promise<void> {
    const generation = this.#generation;
    const views = await Promise.all(
      this.items.map((view) => (!view.opened || view.summary.from === from ? open(client, view.summary) : view)),
    );
    if (generation === this.#generation) this.items = views;
  }

  /** Forgets decrypted content (the vault locked). */
  conceal(): void {
    this.items = this.items.map((view) => ({ ...view, opened: null, failure: null }));
  }

  /** Applies an outbox snapshot: a message no longer in it was delivered. */
  applyOutbox(outbox: readonly OutboxItem[]): boolean {
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
  }
}
