import type { SealClient } from '../../core/client.js';
import type { ThreadSummary } from '../../core/types.js';

/** Newest first, ties broken like the engine's index (thread id, descending). */
function newerFirst(a: ThreadSummary, b: ThreadSummary): number {
  return a.lastMessageAt < b.lastMessageAt ? 1 : a.lastMessageAt > b.lastMessageAt ? -1 : a.threadId < b.threadId ? 1 : a.threadId > b.threadId ? -1 : 0;
}

/**
 * The inbox's threads as far as they are loaded: pages from `client.listThreads`, newest first, kept
 * sorted as live changes move threads to the top. Every change makes a new array (the virtualizer
 * compares by identity).
 */
export class ThreadList {
  items: readonly ThreadSummary[] = [];
  /** Cursor of the next (older) page; null when everything is loaded. */
  next: string | null = null;
  loadingMore = false;
  #index = new Map<string, number>();
  #generation = 0;

  indexOf(threadId: string | null | undefined): number {
    return threadId ? (this.#index.get(threadId) ?? -1) : -1;
  }

  /** Loads the first page, replacing what was there. */
  async load(client: SealClient, limit: number): Promise<void> {
    const generation = ++this.#generation;
    this.loadingMore = false;
    const page = await client.listThreads({ limit });
    if (generation !== this.#generation) return;
    this.#set(page.items);
    this.next = page.next;
  }

  /** Loads the next page; resolves to false when there was nothing (more) to load. */
  async loadMore(client: SealClient, limit: number): Promise<boolean> {
    if (!this.next || this.loadingMore) return false;
    const generation = this.#generation;
    this.loadingMore = true;
    try {
      const page = await client.listThreads({ limit, before: this.next });
      if (generation !== this.#generation) return false;
      const fresh = page.items.filter((thread) => !this.#index.has(thread.threadId));
      this.#set([...this.items, ...fresh]);
      this.next = page.next;
      return true;
    } finally {
      if (generation === this.#generation) this.loadingMore = false;
    }
  }

  /**
   * Puts a changed or new thread where it belongs. A thread not loaded yet and older than everything
   * loaded waits for its page; a loaded one stays (the next page starts after it).
   */
  upsert(thread: ThreadSummary): void {
    const loaded = this.#index.has(thread.threadId);
    const rest = this.items.filter((item) => item.threadId !== thread.threadId);
    let low = 0;
    let high = rest.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newerFirst(rest[middle]!, thread) <= 0) low = middle + 1;
      else high = middle;
    }
    if (low === rest.length && this.next !== null && !loaded) return;
    this.#set([...rest.slice(0, low), thread, ...rest.slice(low)]);
  }

  remove(threadId: string): void {
    if (this.#index.has(threadId)) this.#set(this.items.filter((item) => item.threadId !== threadId));
  }

  clear(): void {
    this.#generation += 1;
    this.loadingMore = false;
    this.next = null;
    this.#set([]);
  }

  #set(items: readonly ThreadSummary[]): void {
    this.items = items;
    this.#index = new Map(items.map((item, index) => [item.threadId, index]));
  }
}
