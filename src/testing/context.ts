/**
 * What one check works with: its session, the users it signed in, and helpers that validate every
 * answer the adapter gives against the shapes the client accepts.
 */
import type { DeliveredEnvelope, EnvelopePage, FetchOptions, OutgoingEnvelope, SealTransport, Unsubscribe } from '../transport/transport.js';
import { assert, fail, show, within } from './assert.js';
import { makeEnvelope } from './fixtures.js';
import type { ConformanceHarness, ConformanceSession, ConformanceUsers, UserProfile } from './harness.js';

export type User = keyof ConformanceUsers;

const MAX_CURSOR_LENGTH = 256;
const DEFAULT_DELIVERY_TIMEOUT_MS = 5000;

/** The contract's fields of an envelope, dropping the cursor and anything a backend added. */
export function contractFields(envelope: OutgoingEnvelope): OutgoingEnvelope {
  const { id, threadId, from, to, createdAt, ciphertext, size, blobIds } = envelope;
  // An empty list and no list mean the same: a backend may store either as the other.
  return { id, threadId, from, to, createdAt, ciphertext, size, ...(blobIds && blobIds.length > 0 ? { blobIds } : {}) };
}

export const idsOf = (envelopes: readonly { readonly id: string }[]): string[] => envelopes.map((envelope) => envelope.id);

function checkCursor(value: unknown, what: string): void {
  assert(typeof value === 'string' && value.length > 0, `${what} must be a non-empty string, got ${show(value)}`);
  assert(value.length <= MAX_CURSOR_LENGTH, `${what} must be at most ${MAX_CURSOR_LENGTH} characters (the client refuses longer ones)`);
}

function checkEnvelopeShape(value: unknown, what: string): void {
  const envelope = value as Partial<DeliveredEnvelope> | null;
  assert(typeof envelope === 'object' && envelope !== null, `${what} must be an object, got ${show(value)}`);
  for (const field of ['id', 'threadId', 'from', 'createdAt', 'ciphertext'] as const) {
    assert(typeof envelope[field] === 'string', `${what}.${field} must be a string, got ${show(envelope[field])}`);
  }
  assert(Array.isArray(envelope.to) && envelope.to.every((id) => typeof id === 'string'), `${what}.to must be an array of user ids`);
  assert(typeof envelope.size === 'number', `${what}.size must be a number, got ${show(envelope.size)}`);
  const { blobIds } = envelope;
  assert(blobIds === undefined || (Array.isArray(blobIds) && blobIds.every((id) => typeof id === 'string')), `${what}.blobIds must be absent or an array of blob ids, got ${show(blobIds)}`);
  checkCursor(envelope.cursor, `${what}.cursor`);
}

/** Checks a page against the contract's shape and the paging rules every page must keep. */
export function checkPage(value: unknown, options: FetchOptions, who: string): EnvelopePage {
  const what = `${who}'s page after ${show(options.after)}`;
  const page = value as Partial<EnvelopePage> | null;
  assert(typeof page === 'object' && page !== null, `${what} must be an object, got ${show(value)}`);
  assert(Array.isArray(page.envelopes), `${what}: envelopes must be an array, got ${show(page.envelopes)}`);
  assert(typeof page.hasMore === 'boolean', `${what}: hasMore must be a boolean, got ${show(page.hasMore)}`);
  page.envelopes.forEach((envelope, index) => checkEnvelopeShape(envelope, `${what}: envelopes[${index}]`));
  assert(page.envelopes.length <= Math.max(1, options.limit), `${what} holds ${page.envelopes.length} envelopes, more than the limit ${options.limit}`);
  assert(new Set(page.envelopes.map((envelope) => envelope.cursor)).size === page.envelopes.length, `${what} repeats a cursor`);
  assert(!page.hasMore || page.envelopes.length > 0, `${what} says hasMore with no envelopes (the client stops at an empty page)`);
  if (page.cursor === null) {
    assert(page.envelopes.length === 0 && options.after === null, `${what}: cursor may be null only for an empty page from the start`);
  } else {
    checkCursor(page.cursor, `${what}: cursor`);
  }
  if (options.after === null && page.envelopes.length === 0) assert(page.cursor === null, `${what}: an empty first page must have cursor null, got ${show(page.cursor)}`);
  return page as EnvelopePage;
}

/** Envelopes one subscription has delivered, with a way to wait for the next. */
export class Deliveries {
  readonly received: DeliveredEnvelope[] = [];
  readonly unsubscribe: Unsubscribe;
  readonly #waiters = new Set<() => void>();

  constructor(
    transport: SealTransport,
    readonly who: string,
    readonly timeoutMs: number,
    track: (unsubscribe: Unsubscribe) => void,
  ) {
    assert(typeof transport.subscribe === 'function', `${who}'s transport has no subscribe()`);
    this.unsubscribe = transport.subscribe((envelope) => {
      this.received.push(envelope);
      for (const wake of this.#waiters) wake();
    });
    assert(typeof this.unsubscribe === 'function', `subscribe() must return an unsubscribe function, got ${show(this.unsubscribe)}`);
    track(this.unsubscribe);
  }

  /** Resolves with the first delivered envelope with `id` (already delivered or still to come). */
  async arrival(id: string): Promise<DeliveredEnvelope> {
    const find = () => this.received.find((envelope) => envelope?.id === id);
    const found = find();
    if (found) return found;
    let wake!: () => void;
    const arrived = new Promise<DeliveredEnvelope>((resolve) => {
      wake = () => {
        const envelope = find();
        if (envelope) resolve(envelope);
      };
      this.#waiters.add(wake);
    });
    try {
      return await within(arrived, this.timeoutMs, `${this.who} got no realtime delivery of envelope ${id}`);
    } finally {
      this.#waiters.delete(wake);
    }
  }

  ids(): string[] {
    return idsOf(this.received);
  }
}

export class CheckContext {
  readonly users: ConformanceUsers;
  readonly #opened = new Set<SealTransport>();
  readonly #subscriptions: Unsubscribe[] = [];
  readonly #timeoutMs: number;

  constructor(
    readonly session: ConformanceSession,
    harness: ConformanceHarness,
  ) {
    this.users = session.users ?? { ana: 'ana', lee: 'lee', carol: 'carol' };
    const { ana, lee, carol } = this.users;
    assert(new Set([ana, lee, carol]).size === 3, `session.users must be three distinct ids, got ${show(this.users)}`);
    this.#timeoutMs = harness.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  }

  async connect(user: User, profile?: UserProfile): Promise<SealTransport> {
    const transport = await this.session.connect(this.users[user], profile);
    assert(typeof transport === 'object' && transport !== null, `connect(${show(this.users[user])}) must return a transport`);
    this.#opened.add(transport);
    return transport;
  }

  /** Closes a transport now; the cleanup will not close it again. */
  close(transport: SealTransport): void {
    this.#opened.delete(transport);
    transport.close?.();
  }

  envelope(from: User, to: readonly User[], overrides: Partial<OutgoingEnvelope> = {}): OutgoingEnvelope {
    return makeEnvelope(
      this.users[from],
      to.map((user) => this.users[user]),
      overrides,
    );
  }

  async page(transport: SealTransport, who: string, options: FetchOptions): Promise<EnvelopePage> {
    return checkPage(await transport.fetch(options), options, who);
  }

  /** Every envelope in the user's mailbox after `from` (default: from the start), paged `limit` at a time. */
  async mailbox(transport: SealTransport, who: string, limit = 100, from: string | null = null): Promise<DeliveredEnvelope[]> {
    const all: DeliveredEnvelope[] = [];
    let after = from;
    for (let pages = 0; pages < 1000; pages += 1) {
      const page: EnvelopePage = await this.page(transport, who, { after, limit });
      all.push(...page.envelopes);
      if (!page.hasMore) return all;
      after = page.cursor;
    }
    fail(`${who}'s mailbox did not end after 1000 pages`);
  }

  /** Subscribes and waits until the subscription is live (see `whenSubscribed`). */
  async subscribe(transport: SealTransport, who: string): Promise<Deliveries> {
    const deliveries = new Deliveries(transport, who, this.#timeoutMs, (unsubscribe) => this.#subscriptions.push(unsubscribe));
    await this.session.whenSubscribed?.(transport);
    return deliveries;
  }

  async cleanup(): Promise<void> {
    try {
      for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
      for (const transport of this.#opened) transport.close?.();
      this.#opened.clear();
    } finally {
      await this.session.dispose?.();
    }
  }
}
