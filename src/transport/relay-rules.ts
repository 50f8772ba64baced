/**
 * The rules the reference relays (memory and BroadcastChannel) share: what a well-behaved backend
 * accepts, how it pages and how it hands envelopes to subscribers. Kept in one place so both adapters
 * behave the same and tests written against one hold for the other. Blob rules: relay-blob-rules.ts.
 */
import * as v from 'valibot';
import { deliveredEnvelopeSchema, isValidUserId } from '../core/envelope.js';
import { HIDDEN_CHARACTERS } from '../core/hidden-characters.js';
import { blobIdsSchema } from './relay-blob-rules.js';
import type { DeliveredEnvelope, DirectoryEntry, FetchOptions, OutgoingEnvelope, PublishedKey, SignedRecord } from './transport.js';
import { transportError } from './transport-error.js';

/** Largest page a relay hands out, whatever `limit` asks for. */
export const MAX_PAGE_SIZE = 500;
/** Directory results when the caller gives no limit. */
export const DEFAULT_DIRECTORY_LIMIT = 20;
const MAX_DIRECTORY_LIMIT = 100;
const CURSOR_DIGITS = 12;

/** Directory data a relay keeps per user; `displayName` stays unset until someone gives one. */
export interface Profile {
  readonly userId: string;
  readonly displayName?: string;
  readonly role?: string;
}

export type ProfileFields = Omit<Profile, 'userId'>;

/** A published key as stored: the directory data lives in the profile, not here. */
export interface StoredKey {
  readonly userId: string;
  readonly armoredKey: string;
}

/** Refuses the request the way a backend answers 4xx: not worth retrying. */
export function refused(message: string, status = 400): never {
  throw transportError(message, { retryable: false, status });
}

export function assertUserId(value: unknown, what = 'user id'): asserts value is string {
  if (!isValidUserId(value)) refused(`Invalid ${what}`);
}

// The same checks the client applies to delivered envelopes, so a relay never stores what clients reject.
const outgoingSchema = v.object({ ...v.omit(deliveredEnvelopeSchema, ['cursor']).entries, blobIds: v.optional(blobIdsSchema) });

/** Checks an envelope sent by `me` and returns a frozen copy of exactly the contract's fields. */
export function checkOutgoing(envelope: OutgoingEnvelope, me: string): OutgoingEnvelope {
  const result = v.safeParse(outgoingSchema, envelope);
  if (!result.success) {
    const issue = result.issues[0];
    refused(`Malformed envelope (${v.getDotPath(issue) ?? 'value'}: ${issue.message})`);
  }
  const { id, threadId, from, to, createdAt, ciphertext, size, blobIds = [] } = result.output;
  if (from !== me) refused('An envelope can only be sent by the signed-in user', 403);
  if (size !== new TextEncoder().encode(ciphertext).byteLength) refused('Envelope size does not match its ciphertext');
  return Object.freeze({ id, threadId, from, to: Object.freeze([...to]), createdAt, ciphertext, size, ...withBlobIds(blobIds) });
}

/** `{ blobIds }` when there are any: an empty list and no list mean the same, and are stored as none. */
export function withBlobIds(blobIds: readonly string[] | null | undefined): { readonly blobIds?: readonly string[] } {
  return blobIds && blobIds.length > 0 ? { blobIds: Object.freeze([...blobIds]) } : {};
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, index) => b[index] === id);

/** Whether a resent envelope is the same message (a retry) rather than another one reusing the id. */
export function sameEnvelope(a: OutgoingEnvelope, b: OutgoingEnvelope): boolean {
  return (
    a.threadId === b.threadId &&
    a.from === b.from &&
    a.createdAt === b.createdAt &&
    a.ciphertext === b.ciphertext &&
    a.size === b.size &&
    sameList(a.to, b.to) &&
    sameList(a.blobIds ?? [], b.blobIds ?? [])
  );
}

export function conflict(id: string): never {
  refused(`Envelope ${id} conflicts with a stored envelope of the same id`, 409);
}

export function deliveredEnvelope(envelope: OutgoingEnvelope, seq: number): DeliveredEnvelope {
  const { id, threadId, from, to, createdAt, ciphertext, size, blobIds } = envelope;
  return Object.freeze({ id, threadId, from, to: Object.freeze([...to]), createdAt, ciphertext, size, ...withBlobIds(blobIds), cursor: formatCursor(seq) });
}

export function isParticipant(envelope: OutgoingEnvelope, userId: string): boolean {
  return envelope.from === userId || envelope.to.includes(userId);
}

/** Cursors are zero-padded sequence numbers, so they also sort as strings. */
export function formatCursor(seq: number): string {
  return String(seq).padStart(CURSOR_DIGITS, '0');
}

/**
 * Reads `after` as a sequence number (0 for the start). `lastSeq` is the newest issued: a cursor past
 * it was never handed out by this relay (e.g. it belongs to another one) and is refused.
 */
export function parseCursor(after: string | null, lastSeq: number): number {
  if (after === null) return 0;
  const seq = typeof after === 'string' && /^\d{1,16}$/.test(after) ? Number(after) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > lastSeq) refused('Unknown cursor');
  return seq;
}

/** Validates fetch options; returns the page size to use. */
export function checkFetch(options: FetchOptions): number {
  if (typeof options !== 'object' || options === null) refused('Missing fetch options');
  // Aborting is the caller's choice, not a refusal: the same fetch may be repeated.
  if (options.signal?.aborted) throw transportError('The fetch was aborted', { retryable: true, cause: options.signal.reason });
  if (options.after !== null && typeof options.after !== 'string') refused('Invalid cursor');
  return clamp(options.limit, MAX_PAGE_SIZE);
}

function clamp(limit: unknown, max: number): number {
  if (typeof limit !== 'number' || Number.isNaN(limit)) refused('Invalid limit');
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** Checks a key published by `me`; refuses private key blocks, which must never leave the device. */
export function checkKey(key: PublishedKey, me: string): { key: StoredKey; profile: ProfileFields } {
  if (key?.userId !== me) refused('A key can only be published for the signed-in user', 403);
  const armoredKey = key.armoredKey;
  if (typeof armoredKey !== 'string' || !armoredKey.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
    refused('Not an armored OpenPGP public key');
  }
  return { key: Object.freeze({ userId: me, armoredKey }), profile: checkProfile(key) };
}

/** Picks the directory fields that are set, refusing ones that are not strings. */
export function checkProfile(profile: { displayName?: unknown; role?: unknown } = {}): ProfileFields {
  const picked: { displayName?: string; role?: string } = {};
  for (const field of ['displayName', 'role'] as const) {
    const value = profile[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > 256) refused(`Invalid ${field}`);
    // Names are shown to others: nothing that hides itself or turns the text around it.
    if (value.search(HIDDEN_CHARACTERS) !== -1) refused(`Invalid ${field}: control, bidi or invisible characters`);
    picked[field] = value;
  }
  return picked;
}

export function publishedKey(key: StoredKey, profile: Profile | undefined): PublishedKey {
  const { displayName, role } = profile ?? {};
  return Object.freeze({ ...key, ...(displayName !== undefined ? { displayName } : {}), ...(role !== undefined ? { role } : {}) });
}

/** Directory matches for `query` (case-insensitive fragment of id or name), never `me`, sorted by name. */
export function searchProfiles(profiles: Iterable<Profile>, query: string, me: string, limit: unknown): readonly DirectoryEntry[] {
  if (typeof query !== 'string') refused('Invalid directory query');
  const max = limit === undefined ? DEFAULT_DIRECTORY_LIMIT : clamp(limit, MAX_DIRECTORY_LIMIT);
  const needle = query.trim().toLowerCase();
  const entries: DirectoryEntry[] = [];
  for (const { userId, displayName, role } of profiles) {
    if (userId === me) continue;
    const name = displayName ?? userId;
    if (!userId.toLowerCase().includes(needle) && !name.toLowerCase().includes(needle)) continue;
    entries.push(Object.freeze({ userId, displayName: name, ...(role !== undefined ? { role } : {}) }));
  }
  entries.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
  return Object.freeze(entries.slice(0, max));
}

/** Checks consent or audit records written by `me`; returns frozen copies. */
export function checkRecords(records: readonly SignedRecord[], me: string): readonly SignedRecord[] {
  if (!Array.isArray(records)) refused('Records must be an array');
  return records.map((record: SignedRecord) => {
    assertUserId(record?.id, 'record id');
    if (record.userId !== me) refused('Records can only be kept for the signed-in user', 403);
    if (typeof record.payload !== 'string' || typeof record.signature !== 'string') refused('Malformed record');
    return Object.freeze({ id: record.id, userId: me, payload: record.payload, signature: record.signature });
  });
}

const ANNOUNCEMENT = 'sealbox:envelope';
const announcedSchema = v.object({ ...deliveredEnvelopeSchema.entries, blobIds: v.optional(blobIdsSchema) });

/** The message a relay posts on a BroadcastChannel when it stores an envelope. */
export function announcement(envelope: DeliveredEnvelope): unknown {
  return { type: ANNOUNCEMENT, envelope };
}

/** Reads an announcement from another browsing context; anything unexpected is ignored (null). */
export function readAnnouncement(data: unknown): DeliveredEnvelope | null {
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== ANNOUNCEMENT) return null;
  const result = v.safeParse(announcedSchema, (data as { envelope?: unknown }).envelope);
  if (!result.success) return null;
  const { id, threadId, from, to, createdAt, ciphertext, size, blobIds, cursor } = result.output;
  return Object.freeze({ id, threadId, from, to: Object.freeze([...to]), createdAt, ciphertext, size, ...withBlobIds(blobIds), cursor });
}

export type EnvelopeListener = (envelope: DeliveredEnvelope) => void;

/**
 * A user's live subscriptions. Delivery runs in a later task, so `send()` has resolved before any
 * listener runs, and a listener that throws cannot break the relay or the other listeners.
 */
export class Subscribers {
  readonly #listeners = new Set<EnvelopeListener>();

  add(listener: EnvelopeListener): () => void {
    if (typeof listener !== 'function') refused('A subscription needs a listener');
    // A wrapper per call, so subscribing one function twice gives two independent subscriptions.
    const entry: EnvelopeListener = (envelope) => listener(envelope);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  notify(envelope: DeliveredEnvelope): void {
    if (this.#listeners.size === 0) return;
    const listeners = [...this.#listeners];
    setTimeout(() => {
      for (const listener of listeners) {
        // Unsubscribed after the envelope was stored but before delivery: stay silent.
        if (!this.#listeners.has(listener)) continue;
        try {
          listener(envelope);
        } catch (error) {
          console.error('A Sealbox transport subscriber threw', error);
        }
      }
    }, 0);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
