import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';
import type { Contact } from '../../core/contacts/contact.js';

/**
 * Display names (and roles) of the people an element shows, from `client.getContact`, cached per user
 * id. Someone not pinned yet shows their user id until a contact record exists.
 */
export class ContactNames {
  readonly #contacts = new Map<string, Contact | null>();
  readonly #pending = new Map<string, Promise<void>>();
  #generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SealClient | undefined,
  ) {}

  /** The contact record, `null` when there is none, `undefined` before it was looked up. */
  contact(userId: string): Contact | null | undefined {
    return this.#contacts.get(userId);
  }

  name(userId: string): string {
    return this.#contacts.get(userId)?.displayName || userId;
  }

  role(userId: string): string | null {
    return this.#contacts.get(userId)?.role ?? null;
  }

  /** Looks up the people not known yet; resolves when all have been tried. */
  async want(userIds: Iterable<string>): Promise<void> {
    const client = this.client();
    if (!client) return;
    const waits: Promise<void>[] = [];
    for (const userId of new Set(userIds)) {
      if (this.#contacts.has(userId)) continue;
      let pending = this.#pending.get(userId);
      if (!pending) {
        const generation = this.#generation;
        pending = client
          .getContact(userId)
          .catch(() => null)
          .then((contact) => {
            if (generation !== this.#generation) return;
            this.#pending.delete(userId);
            this.#contacts.set(userId, contact);
            this.host.requestUpdate();
          });
        this.#pending.set(userId, pending);
      }
      waits.push(pending);
    }
    await Promise.all(waits);
  }

  /** Resolves one person's name, looking it up when needed. */
  async resolve(userId: string): Promise<string> {
    await this.want([userId]);
    return this.name(userId);
  }

  /**
   * Someone's record changed: looks them up again. The name known so far stays shown until the new one
   * arrives, so it never flickers to the user id in between.
   */
  async refresh(userId: string): Promise<void> {
    const client = this.client();
    if (!client) return;
    const generation = this.#generation;
    const contact = await client.getContact(userId).catch(() => this.#contacts.get(userId) ?? null);
    if (generation !== this.#generation) return;
    this.#pending.delete(userId);
    this.#contacts.set(userId, contact);
    this.host.requestUpdate();
  }

  reset(): void {
    this.#generation += 1;
    this.#contacts.clear();
    this.#pending.clear();
  }
}
