import type { RangeChangedEvent, VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SealClient } from '../../core/client.js';
import type { ContactChangeEvent, MessageReceivedEvent, ThreadChangeEvent } from '../../core/client-events.js';
import type { SealErrorCode } from '../../core/errors.js';
import type { ThreadSummary } from '../../core/types.js';
import { SealComposeRequestEvent } from '../../events/compose-request.js';
import { SealThreadSelectEvent } from '../../events/thread-select.js';
import { commonStrings } from '../../localize/common.strings.js';
import { SealElement } from '../seal-element.js';
import { ContactNames } from './contact-names.js';
import { moveFor } from './inbox-keys.js';
import { PreviewLoader } from './inbox-previews.js';
import { renderEmpty, renderLoadError, renderRow, rowId } from './inbox-row.js';
import { ThreadList } from './inbox-threads.js';
import styles from './inbox.styles.js';
import { inboxStrings } from './inbox.strings.js';

const FIRST_PAGE = 50;
const NEXT_PAGE = 200;
/** Load the next page when the rendered rows come this close to the end of what is loaded. */
const LOAD_AHEAD = 20;

/** Whom a row names: the thread's correspondents, or the claimed sender of a thread not verified yet. */
function shownPeople(thread: ThreadSummary): readonly string[] {
  return thread.correspondents.length > 0 ? thread.correspondents : thread.lastSender ? [thread.lastSender] : [];
}

/**
 * Accessibility: the list is one tab stop, a WAI-ARIA listbox named "Messages" that keeps focus while
 * `aria-activedescendant` points at the active row. ArrowUp/ArrowDown move, Home/End jump to the first
 * and last loaded thread, PageUp/PageDown move by a screenful, Enter (or Space, or a click) opens the
 * thread. Unread threads are bold and say "2 unread" in words; each row states the verification of its
 * last message in words. New messages are announced in a polite live region by sender name only.
 *
 * The list is virtualized: only the rows on screen exist in the DOM, so 10,000 threads stay smooth.
 * Subjects are decrypted lazily, visible rows first, a few at a time; while the vault is locked no
 * subject is shown. A message that fails verification shows its status and never its content.
 *
 * @summary The user's conversations, newest first, with correspondents, subject, time, unread count
 * and verification status; keyboard navigable and virtualized.
 * @tag seal-inbox
 *
 * @event {SealThreadSelectEvent} seal-thread-select - The user opened a thread (`threadId`).
 * @event {SealComposeRequestEvent} seal-compose-request - The user pressed "New message" in the empty inbox (`to: []`).
 * @event {SealErrorEvent} seal-error - Loading the threads failed (`code`, `operation: 'load-threads'`).
 *
 * @csspart base - The wrapper.
 * @csspart list - The listbox, which scrolls.
 * @csspart item - A thread row; also `item-active` (keyboard position), `item-selected` and `item-unread`.
 * @csspart item-header - A row's first line: correspondents and time.
 * @csspart item-details - A row's second line: subject, unread count and status.
 * @csspart correspondents - The names of the other people in the thread (before any of its messages is verified, the claimed sender, marked as not checked yet).
 * @csspart invalid-count - How many of the thread's messages failed verification.
 * @csspart time - When the last message was sent.
 * @csspart subject - The last message's subject (or "Content hidden" for a message that failed verification).
 * @csspart subject-placeholder - Shown while the subject is being decrypted.
 * @csspart unread - "2 unread".
 * @csspart status - The last message's verification status in words.
 * @csspart notice - Locked, no identity, no client.
 * @csspart loading - The loading message.
 * @csspart loading-more - Shown while an older page loads.
 * @csspart empty - The empty state; also `empty-title`, `empty-hint`.
 * @csspart new-message-button - "New message" in the empty state.
 * @csspart error - Why the threads could not be loaded.
 * @csspart retry-button - "Try again".
 *
 * @cssproperty [--seal-inbox-height=28rem] - Height of the scrolling list; `100%` fills an element given a height by the page.
 * @cssproperty [--seal-inbox-row-padding=0.5rem 1rem] - Padding of each row.
 */
export class SealInbox extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['thread-change', 'message-received', 'contact-change', 'lock-change'];

  /** Id of the selected thread (`seal-thread-select` sets it; the page may set it too). Shown with `aria-selected`. */
  @property() selected: string | null = null;

  @state() private phase: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private failure: SealErrorCode | null = null;
  @state() private activeId: string | null = null;
  @state() private announcement = '';

  @query('[part~="list"]') private listElement?: VirtualizerHostElement;

  readonly #threads = new ThreadList();
  readonly #names = new ContactNames(this, () => this.sealClient);
  readonly #previews = new PreviewLoader(this, () => this.sealClient);
  /** Threads whose stored status may be out of date (a contact changed); re-read once rendered. */
  readonly #stale = new Set<string>();
  #range = { first: 0, last: -1 };
  #visible = { first: 0, last: -1 };
  #generation = 0;

  /** The threads loaded so far, newest first. */
  get threads(): readonly ThreadSummary[] {
    return this.#threads.items;
  }

  /** Loads the threads again from the start. */
  async reload(): Promise<void> {
    const client = this.sealClient;
    if (!client || client.state === 'no-identity') return;
    const generation = ++this.#generation;
    this.phase = 'loading';
    this.failure = null;
    try {
      await this.#threads.load(client, FIRST_PAGE);
      // Names before the first paint, so rows do not flash user ids.
      await this.#names.want(this.#threads.items.flatMap(shownPeople));
      if (generation === this.#generation) this.phase = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.failure = this.reportError('load-threads', error);
      this.phase = 'error';
    }
  }

  protected override clientChanged(client: SealClient | undefined): void {
    this.#generation += 1;
    this.#threads.clear();
    this.#names.reset();
    this.#previews.reset();
    this.#stale.clear();
    this.activeId = null;
    this.phase = 'idle';
    if (client) void this.reload();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('phase') && this.phase === 'ready') this.#want();
  }

  protected override onClientEvent(event: Event): void {
    const client = this.sealClient;
    if (!client) return;
    switch (event.type) {
      case 'thread-change':
        void this.#threadChanged(client, (event as ThreadChangeEvent).threadId);
        break;
      case 'message-received':
        void this.#announce((event as MessageReceivedEvent).from);
        break;
      case 'contact-change':
        void this.#contactChanged(event as ContactChangeEvent);
        break;
      case 'lock-change':
        this.#previews.reset();
        if (client.state !== 'no-identity' && this.phase === 'idle') void this.reload();
        this.requestUpdate();
        void this.updateComplete.then(() => this.#want());
        break;
    }
  }

  async #threadChanged(client: SealClient, threadId: string): Promise<void> {
    if (this.phase !== 'ready' && this.phase !== 'loading') return;
    const thread = await client.getThread(threadId).catch(() => undefined);
    if (thread === undefined) return;
    if (thread) {
      await this.#names.want(shownPeople(thread));
      this.#threads.upsert(thread);
    } else this.#threads.remove(threadId);
    if (this.phase === 'loading') return;
    this.requestUpdate();
    await this.updateComplete;
    this.#want();
  }

  async #contactChanged({ userId, affectsStatus }: ContactChangeEvent): Promise<void> {
    await this.#names.refresh(userId);
    if (!affectsStatus) return;
    // Verifying or accepting a key changes the statuses of that person's messages: re-read their
    // threads as they come into view.
    const affected = this.#threads.items.filter((thread) => shownPeople(thread).includes(userId));
    this.#previews.forget(affected.map((thread) => thread.lastMessageId));
    for (const thread of affected) this.#stale.add(thread.threadId);
    this.requestUpdate();
    await this.updateComplete;
    this.#want();
  }

  async #refreshStale(rendered: readonly ThreadSummary[]): Promise<void> {
    const client = this.sealClient;
    const due = rendered.filter((thread) => this.#stale.delete(thread.threadId));
    if (!client || due.length === 0) return;
    const fresh = await Promise.all(due.map((thread) => client.getThread(thread.threadId).catch(() => null)));
    for (const thread of fresh) if (thread) this.#threads.upsert(thread);
    this.requestUpdate();
  }

  async #announce(from: string): Promise<void> {
    const text = inboxStrings().newMessageFrom(await this.#names.resolve(from));
    // The same words twice in a row must still be spoken: change the text each time.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  /** Asks for the names and previews of the rendered rows, visible ones first. */
  #want(): void {
    const items = this.#threads.items;
    const visible = items.slice(this.#visible.first, this.#visible.last + 1);
    const rendered = items.slice(this.#range.first, this.#range.last + 1);
    void this.#names.want(rendered.flatMap(shownPeople));
    void this.#refreshStale(rendered);
    if (this.sealClient?.state === 'unlocked') this.#previews.want([...visible, ...rendered].map((thread) => thread.lastMessageId));
  }

  async #loadMore(): Promise<void> {
    const client = this.sealClient;
    if (!client || this.phase !== 'ready') return;
    this.requestUpdate();
    try {
      if (await this.#threads.loadMore(client, NEXT_PAGE)) this.requestUpdate();
    } catch (error) {
      this.reportError('load-threads', error);
    }
    this.requestUpdate();
  }

  readonly #onRange = (event: RangeChangedEvent) => {
    this.#range = { first: event.first, last: event.last };
    this.#want();
    if (event.last >= this.#threads.items.length - LOAD_AHEAD) void this.#loadMore();
    // The active row may have just been rendered: point aria-activedescendant at it.
    if (this.activeId) this.requestUpdate();
  };

  readonly #onVisibility = (event: VisibilityChangedEvent) => {
    this.#visible = { first: event.first, last: event.last };
    this.#want();
  };

  #activate(index: number): void {
    const thread = this.#threads.items[index];
    if (!thread) return;
    this.activeId = thread.threadId;
    this.listElement?.[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
  }

  #select(index: number): void {
    const thread = this.#threads.items[index];
    if (!thread) return;
    this.#activate(index);
    this.selected = thread.threadId;
    this.dispatchEvent(new SealThreadSelectEvent({ threadId: thread.threadId }));
  }

  readonly #onKeyDown = (event: KeyboardEvent) => {
    const current = this.#threads.indexOf(this.activeId);
    if ((event.key === 'Enter' || event.key === ' ') && current >= 0) {
      event.preventDefault();
      this.#select(current);
      return;
    }
    const page = Math.max(1, this.#visible.last - this.#visible.first);
    const next = moveFor(event.key, current, this.#threads.items.length, page);
    if (next === null) return;
    event.preventDefault();
    this.#activate(next);
  };

  readonly #onFocus = () => {
    if (this.#threads.indexOf(this.activeId) >= 0) return;
    const selected = this.#threads.indexOf(this.selected);
    this.#activate(selected >= 0 ? selected : Math.max(0, this.#visible.first));
  };

  readonly #onClick = (event: MouseEvent) => {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    if (row) this.#select(Number(row.dataset.index));
  };

  readonly #onCompose = () => this.dispatchEvent(new SealComposeRequestEvent({ to: [] }));

  // ---- rendering --------------------------------------------------------------------------

  /**
   * The thread's correspondents; before any of its messages is verified, the sender its routing data
   * names, marked as not checked yet.
   */
  #correspondentNames(thread: ThreadSummary): string {
    const t = inboxStrings();
    if (thread.correspondents.length > 0) return thread.correspondents.map((id) => this.#names.name(id)).join(', ');
    return thread.lastSender ? t.notChecked(this.#names.name(thread.lastSender)) : t.unknownSender;
  }

  protected renderList() {
    const t = inboxStrings();
    const items = this.#threads.items;
    const locked = this.sealClient?.state !== 'unlocked';
    const setSize = this.#threads.next ? -1 : items.length;
    const active = this.#threads.indexOf(this.activeId);
    const activeRendered = active >= 0 && active >= this.#range.first && active <= this.#range.last;
    return html`<div
      part="list"
      role="listbox"
      tabindex="0"
      aria-label=${t.list}
      aria-activedescendant=${activeRendered ? rowId(active) : nothing}
      aria-busy=${this.#range.last < 0 ? 'true' : 'false'}
      @keydown=${this.#onKeyDown}
      @focus=${this.#onFocus}
      @click=${this.#onClick}
      @rangeChanged=${this.#onRange}
      @visibilityChanged=${this.#onVisibility}
    >
      ${virtualize({
        scroller: true,
        items: items as ThreadSummary[],
        keyFunction: (thread: ThreadSummary) => thread.threadId,
        renderItem: (thread: ThreadSummary, index: number) =>
          renderRow({
            thread,
            index,
            setSize,
            names: this.#correspondentNames(thread),
            preview: locked ? undefined : this.#previews.get(thread.lastMessageId),
            locked,
            active: index === active,
            selected: thread.threadId === this.selected,
          }),
      })}
    </div>
    ${this.#threads.loadingMore ? html`<p part="loading-more" class="hint loading-more">${t.loadingMore}</p>` : nothing}`;
  }

  protected renderContent() {
    if (this.phase === 'error') return renderLoadError(this.failure ?? 'INTERNAL', () => void this.reload());
    if (this.phase !== 'ready') return html`<p part="loading" class="notice" role="status" aria-busy="true">${commonStrings().loading}</p>`;
    if (this.#threads.items.length === 0) return renderEmpty(this.#onCompose);
    return this.renderList();
  }

  protected override render() {
    const client = this.sealClient;
    if (!client) return html`<p part="base notice" class="notice">${commonStrings().noClient}</p>`;
    const notice = client.state === 'no-identity' ? inboxStrings().noIdentity : client.state === 'locked' ? commonStrings().locked : null;
    return html`<div part="base" class="base">
      ${notice ? html`<p part="notice" class="notice">${notice}</p>` : nothing}
      ${client.state === 'no-identity' ? nothing : this.renderContent()}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </div>`;
  }
}
