import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../../core/client.js';
import type { Contact, ContactState } from '../../../core/contacts/contact.js';

/**
 * - `new`: no key pinned yet (the engine pins one when the first message is sent).
 * - `checking`: the contact book is being read.
 */
export type RecipientState = ContactState | 'new' | 'checking';

/** A recipient as the composer and the reply box show it: names and verification state, no key material. */
export interface Recipient {
  readonly userId: string;
  readonly name: string;
  readonly role: string | null;
  readonly state: RecipientState;
  /** The new key's fingerprint while `state` is `key-changed`. */
  readonly pendingFingerprint: string | null;
  /** The name the user knew them by, when the directory now gives another (`name`); else null. */
  readonly previousName: string | null;
}

/** What a picked person is known as before the contact book answers. */
export interface RecipientHint {
  readonly userId: string;
  readonly displayName?: string | null;
  readonly role?: string | null;
}

/**
 * Who a message goes to (the composer's chosen people, or a reply's thread): each one's name, role and
 * contact state, kept current as contacts change.
 * Reading state never pins a key: pinning happens when the engine sends. A known contact is refreshed
 * in the background, so a key change shows up before the user presses Send.
 */
export class RecipientList {
  #items: Recipient[] = [];
  #pending = new Set<Promise<unknown>>();
  #generation = 0;
  /** Lookups finish out of order; each takes a ticket so an older answer never overwrites a newer one. */
  #tickets = 0;
  #applied = new Map<string, number>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SealClient | undefined,
  ) {}

  get items(): readonly Recipient[] {
    return this.#items;
  }

  get ids(): string[] {
    return this.#items.map((item) => item.userId);
  }

  get(userId: string): Recipient | undefined {
    return this.#items.find((item) => item.userId === userId);
  }

  has(userId: string): boolean {
    return this.#items.some((item) => item.userId === userId);
  }

  /** Adds a recipient (ignored when already there); resolves once their state is known. */
  async add(hint: RecipientHint): Promise<Recipient | undefined> {
    if (this.has(hint.userId)) return this.get(hint.userId);
    this.#items = [...this.#items, { userId: hint.userId, name: hint.displayName || hint.userId, role: hint.role ?? null, state: 'checking', pendingFingerprint: null, previousName: null }];
    this.host.requestUpdate();
    const work = this.#load(hint, this.#generation, true);
    this.#track(work);
    await work.catch(() => undefined);
    return this.get(hint.userId);
  }

  remove(userId: string): Recipient | undefined {
    const removed = this.get(userId);
    this.#items = this.#items.filter((item) => item.userId !== userId);
    this.host.requestUpdate();
    return removed;
  }

  /** Replaces every recipient. */
  set(userIds: readonly string[]): void {
    this.clear();
    for (const userId of userIds) void this.add({ userId });
  }

  clear(): void {
    this.#generation += 1;
    this.#items = [];
    this.#applied.clear();
    this.host.requestUpdate();
  }

  /** Reads a recipient's state again (after a contact change), without another transport lookup. */
  reload(userId?: string): Promise<void> {
    const targets = this.#items.filter((item) => userId === undefined || item.userId === userId);
    const work = Promise.all(targets.map((item) => this.#load({ userId: item.userId, displayName: item.name, role: item.role }, this.#generation, false))).then(() => undefined);
    this.#track(work);
    return work;
  }

  /** Resolves once every lookup started so far has finished. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  #track(work: Promise<unknown>): void {
    const quiet = work.catch(() => undefined);
    this.#pending.add(quiet);
    void quiet.finally(() => this.#pending.delete(quiet));
  }

  async #load(hint: RecipientHint, generation: number, refresh: boolean): Promise<void> {
    const client = this.client();
    if (!client) return;
    const ticket = ++this.#tickets;
    const contact = await client.getContact(hint.userId).catch(() => null);
    let name = contact?.displayName ?? hint.displayName ?? null;
    let role = contact?.role ?? hint.role ?? null;
    if (!contact && !name) ({ name, role } = await this.#fromDirectory(client, hint.userId, role));
    if (generation !== this.#generation) return;
    this.#apply(ticket, hint.userId, contact, name, role);
    if (contact && refresh) this.#track(this.#refresh(client, hint.userId, generation, name, role));
  }

  /** Asks the transport for the current key, so a change shows before Send. Offline, the pinned key stands. */
  async #refresh(client: SealClient, userId: string, generation: number, name: string | null, role: string | null): Promise<void> {
    const ticket = ++this.#tickets;
    const fresh = await client.refreshContact(userId).catch(() => null);
    if (fresh && generation === this.#generation) this.#apply(ticket, userId, fresh, fresh.displayName ?? name, fresh.role ?? role);
  }

  #apply(ticket: number, userId: string, contact: Contact | null, name: string | null, role: string | null): void {
    if (ticket < (this.#applied.get(userId) ?? 0)) return;
    this.#applied.set(userId, ticket);
    this.#update(userId, {
      name: name || userId,
      role,
      state: contact ? contact.state : 'new',
      pendingFingerprint: contact?.pendingFingerprint ?? null,
      previousName: contact?.previousName ?? null,
    });
  }

  async #fromDirectory(client: SealClient, userId: string, role: string | null): Promise<{ name: string | null; role: string | null }> {
    const entries = await client.searchDirectory(userId).catch(() => []);
    const entry = entries.find((candidate) => candidate.userId === userId);
    return { name: entry?.displayName ?? null, role: entry?.role ?? role };
  }

  #update(userId: string, change: Omit<Recipient, 'userId'>): void {
    if (!this.has(userId)) return;
    this.#items = this.#items.map((item) => (item.userId === userId ? { userId, ...change } : item));
    this.host.requestUpdate();
  }
}
