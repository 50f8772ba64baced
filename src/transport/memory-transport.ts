/**
 * An in-process relay: the reference semantics of the transport contract, with no network. Tests,
 * stories and the headless demo connect several users to one `MemoryRelay`.
 */
import {
  assertUserId,
  checkFetch,
  checkKey,
  checkOutgoing,
  checkProfile,
  checkRecords,
  conflict,
  deliveredEnvelope,
  isParticipant,
  parseCursor,
  publishedKey,
  sameEnvelope,
  searchProfiles,
  Subscribers,
  type Profile,
  type ProfileFields,
  type StoredKey,
} from './relay-rules.js';
import { transportError } from './transport-error.js';
import type {
  DeliveredEnvelope,
  DirectoryEntry,
  EnvelopePage,
  FetchOptions,
  OutgoingEnvelope,
  PublishedKey,
  SealTransport,
  SignedRecord,
  Unsubscribe,
} from './transport.js';

/** What the relay stores; shared by the relay and the transports connected to it. */
class RelayState {
  /** Position `i` holds the envelope with sequence number `i + 1`. */
  readonly envelopes: DeliveredEnvelope[] = [];
  readonly byId = new Map<string, DeliveredEnvelope>();
  readonly keys = new Map<string, StoredKey>();
  readonly profiles = new Map<string, Profile>();
  readonly consent = new Map<string, SignedRecord>();
  readonly audit = new Map<string, SignedRecord>();
  readonly live = new Set<{ readonly userId: string; readonly subscribers: Subscribers }>();

  register(userId: string, fields: ProfileFields): void {
    this.profiles.set(userId, Object.freeze({ ...this.profiles.get(userId), ...fields, userId }));
  }
}

let stateOf: (relay: MemoryRelay) => RelayState;

/**
 * An in-memory relay several users connect to. Everything it stores is what a server would see:
 * routing metadata, ciphertext, public keys and signed records.
 *
 * @example
 * const relay = new MemoryRelay();
 * const ana = relay.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' });
 */
export class MemoryRelay {
  readonly #state = new RelayState();

  static {
    // Lets MemoryTransport reach the state without making it public.
    stateOf = (relay) => relay.#state;
  }

  /**
   * Returns a transport acting for `userId` and lists them in the directory (a profile given here
   * updates their entry). Throws a non-retryable TRANSPORT error for a malformed user id.
   */
  connect(userId: string, profile?: { displayName?: string; role?: string }): MemoryTransport {
    return new MemoryTransport(this, userId, profile);
  }

  /** Every stored envelope in storage order: what the server sees. Frozen snapshot. */
  envelopes(): readonly DeliveredEnvelope[] {
    return Object.freeze([...this.#state.envelopes]);
  }

  /** Every consent receipt kept, in arrival order. Frozen snapshot. */
  consentRecords(): readonly SignedRecord[] {
    return Object.freeze([...this.#state.consent.values()]);
  }

  /** Every audit entry kept, in arrival order. Frozen snapshot. */
  auditRecords(): readonly SignedRecord[] {
    return Object.freeze([...this.#state.audit.values()]);
  }
}

/** A `SealTransport` acting for one user on a {@link MemoryRelay}. */
export class MemoryTransport implements SealTransport {
  /** The user this transport acts for (the "signed-in" user). */
  readonly userId: string;
  readonly #state: RelayState;
  readonly #live: { readonly userId: string; readonly subscribers: Subscribers };
  #closed = false;

  constructor(relay: MemoryRelay, userId: string, profile: { displayName?: string; role?: string } = {}) {
    assertUserId(userId);
    this.userId = userId;
    this.#state = stateOf(relay);
    this.#state.register(userId, checkProfile(profile));
    this.#live = { userId, subscribers: new Subscribers() };
  }

  async publishKey(key: PublishedKey): Promise<void> {
    this.#assertOpen();
    const checked = checkKey(key, this.userId);
    this.#state.keys.set(this.userId, checked.key);
    this.#state.register(this.userId, checked.profile);
  }

  async lookupKey(userId: string): Promise<PublishedKey | null> {
    this.#assertOpen();
    assertUserId(userId);
    const key = this.#state.keys.get(userId);
    return key ? publishedKey(key, this.#state.profiles.get(userId)) : null;
  }

  async send(envelope: OutgoingEnvelope): Promise<void> {
    this.#assertOpen();
    const checked = checkOutgoing(envelope, this.userId);
    const stored = this.#state.byId.get(checked.id);
    if (stored) {
      if (!sameEnvelope(stored, checked)) conflict(checked.id);
      return;
    }
    const delivered = deliveredEnvelope(checked, this.#state.envelopes.length + 1);
    this.#state.envelopes.push(delivered);
    this.#state.byId.set(delivered.id, delivered);
    for (const { userId, subscribers } of this.#state.live) {
      if (isParticipant(delivered, userId)) subscribers.notify(delivered);
    }
  }

  async fetch(options: FetchOptions): Promise<EnvelopePage> {
    this.#assertOpen();
    const limit = checkFetch(options);
    const all = this.#state.envelopes;
    const start = parseCursor(options.after, all.length);
    const page: DeliveredEnvelope[] = [];
    let hasMore = false;
    for (let index = start; index < all.length; index += 1) {
      if (!isParticipant(all[index], this.userId)) continue;
      if (page.length === limit) {
        hasMore = true;
        break;
      }
      page.push(all[index]);
    }
    const cursor = page.length > 0 ? page[page.length - 1].cursor : options.after;
    return Object.freeze({ envelopes: Object.freeze(page), cursor, hasMore });
  }

  /** Calls `listener` for envelopes this user sends or receives; an in-memory subscription never fails. */
  subscribe(listener: (envelope: DeliveredEnvelope) => void): Unsubscribe {
    this.#assertOpen();
    const unsubscribe = this.#live.subscribers.add(listener);
    this.#state.live.add(this.#live);
    return unsubscribe;
  }

  async searchDirectory(query: string, options: { readonly limit?: number } = {}): Promise<readonly DirectoryEntry[]> {
    this.#assertOpen();
    return searchProfiles(this.#state.profiles.values(), query, this.userId, options?.limit);
  }

  async recordConsent(record: SignedRecord): Promise<void> {
    this.#keep(this.#state.consent, [record]);
  }

  async recordAudit(records: readonly SignedRecord[]): Promise<void> {
    this.#keep(this.#state.audit, records);
  }

  /** Ends this transport's subscriptions; later calls reject. The relay and other users go on. */
  close(): void {
    this.#closed = true;
    this.#live.subscribers.clear();
    this.#state.live.delete(this.#live);
  }

  /** Append-only, like an audit log: the first record under an id is kept, repeats are acknowledged. */
  #keep(target: Map<string, SignedRecord>, records: readonly SignedRecord[]): void {
    this.#assertOpen();
    // Checked as a batch first, so a bad entry stores nothing.
    for (const record of checkRecords(records, this.userId)) {
      if (!target.has(record.id)) target.set(record.id, record);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw transportError('The transport is closed', { retryable: false });
  }
}
