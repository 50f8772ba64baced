import type { SealTransport } from '../../transport/transport.js';
import type { CryptoClient } from '../crypto/crypto-client.js';
import { normalizeFingerprint } from '../fingerprint.js';
import { SealError } from '../errors.js';
import type { ContactRecord, PinnedKey, SealDatabase } from '../store/database.js';
import { callTransport } from '../transport-call.js';
import { toContact, type Contact } from './contact.js';

export interface KeyChange {
  readonly userId: string;
  readonly previousFingerprint: string;
  readonly newFingerprint: string;
}

/**
 * Contacts' public keys, pinned by fingerprint on first use. A different key for a known contact is
 * never used silently: it waits in `pendingKey` until the user accepts or verifies it.
 */
export class ContactBook {
  readonly #db: SealDatabase;
  readonly #crypto: CryptoClient;
  readonly #transport: SealTransport;
  readonly #onKeyChange: (change: KeyChange) => void;
  readonly #onPinned: (userId: string) => void;
  readonly #onUnusable: (userId: string) => void;

  constructor(
    db: SealDatabase,
    crypto: CryptoClient,
    transport: SealTransport,
    onKeyChange: (change: KeyChange) => void,
    onPinned: (userId: string) => void = () => {},
    onUnusable: (userId: string) => void = () => {},
  ) {
    this.#db = db;
    this.#crypto = crypto;
    this.#transport = transport;
    this.#onKeyChange = onKeyChange;
    this.#onPinned = onPinned;
    this.#onUnusable = onUnusable;
  }

  async get(userId: string): Promise<Contact | null> {
    const record = await this.#db.get('contacts', userId);
    return record ? toContact(record) : null;
  }

  async list(): Promise<Contact[]> {
    return (await this.#db.getAll('contacts')).map(toContact);
  }

  record(userId: string): Promise<ContactRecord | undefined> {
    return this.#db.get('contacts', userId);
  }

  /** The records of several contacts in one read transaction, by user id (unknown ones left out). */
  async records(userIds: Iterable<string>): Promise<Map<string, ContactRecord>> {
    const tx = this.#db.transaction('contacts');
    const unique = [...new Set(userIds)];
    const records = await Promise.all(unique.map((userId) => tx.store.get(userId)));
    await tx.done;
    return new Map(records.flatMap((record) => (record ? [[record.userId, record] as const] : [])));
  }

  /**
   * Returns the contact, pinning the published key on first use. With `refresh`, asks the transport for
   * the current key and records a change; when the transport is unreachable the pinned key stands.
   * The lookup takes a while: what it found is merged into the record as stored when it answers, so an
   * accept or verify made meanwhile (here or in another tab) is never undone by a stale copy.
   */
  async resolve(userId: string, options: { refresh: boolean }): Promise<ContactRecord> {
    const existing = await this.record(userId);
    if (existing && !options.refresh) return existing;
    let published;
    try {
      published = await callTransport(() => this.#transport.lookupKey(userId));
    } catch (error) {
      if (existing) return existing;
      throw error;
    }
    if (!published) {
      if (existing) return existing;
      throw new SealError('NO_KEY_FOR_RECIPIENT', 'This person has no Sealbox key yet', { details: { userId } });
    }
    const info = await this.#crypto.call('inspectContactKey', published.armoredKey, userId);
    const seen: PinnedKey = { fingerprint: info.fingerprint, armoredKey: info.armoredPublicKey, seenAt: new Date().toISOString() };
    let outcome: { pinned?: true; change?: KeyChange; unusable?: true } = {};
    const record = await this.#change(userId, (current) => {
      const profile = { displayName: published.displayName ?? current?.displayName ?? null, role: published.role ?? current?.role ?? null };
      const known = current && [current.pinned, current.pendingKey].find((key) => key?.fingerprint === seen.fingerprint);
      if (info.unusable) {
        // A revoked or expired key is never pinned or offered; one already known is marked, keeping the copy first seen.
        if (!current) throw new SealError('NO_KEY_FOR_RECIPIENT', `This person's published key is ${info.unusable}`, { details: { userId, reason: info.unusable } });
        if (!known || known.unusable === info.unusable) return { ...current, ...profile };
        outcome = { unusable: true };
        const marked = { ...known, unusable: info.unusable };
        return current.pinned === known ? { ...current, ...profile, pinned: marked } : { ...current, ...profile, pendingKey: null };
      }
      if (!current) {
        outcome = { pinned: true };
        return { userId, ...profile, pinned: seen, verifiedAt: null, pendingKey: null, previousKeys: [] };
      }
      if (known) return { ...current, ...profile };
      outcome = { change: { userId, previousFingerprint: current.pinned.fingerprint, newFingerprint: seen.fingerprint } };
      return { ...current, ...profile, pendingKey: seen };
    });
    if (outcome.pinned) this.#onPinned(userId);
    if (outcome.change) this.#onKeyChange(outcome.change);
    if (outcome.unusable) this.#onUnusable(userId);
    return record;
  }

  /**
   * Accepts the pending key. `fingerprint` must name it, so the user accepts the key they were shown
   * and not one that arrived meanwhile. The accepted key starts unverified.
   */
  async acceptKeyChange(userId: string, fingerprint: string): Promise<Contact> {
    const wanted = normalizeFingerprint(fingerprint);
    const record = await this.#change(userId, (current) => {
      const record = required(current, userId);
      const pending = record.pendingKey;
      if (!pending || pending.fingerprint !== wanted) {
        throw new SealError('INVALID_INPUT', 'That fingerprint is not the pending key of this contact', { details: { userId } });
      }
      return { ...record, pinned: pending, pendingKey: null, verifiedAt: null, previousKeys: [...record.previousKeys, { ...record.pinned, replacedAt: new Date().toISOString() }] };
    });
    return toContact(record);
  }

  /**
   * Marks the contact verified after the user compared `fingerprint` out of band. Verifying the
   * pending key accepts it at the same time.
   */
  async verify(userId: string, fingerprint: string): Promise<Contact> {
    const wanted = normalizeFingerprint(fingerprint);
    const now = new Date().toISOString();
    const record = await this.#change(userId, (current) => {
      const record = required(current, userId);
      if (record.pendingKey?.fingerprint === wanted) {
        return { ...record, pinned: record.pendingKey, pendingKey: null, previousKeys: [...record.previousKeys, { ...record.pinned, replacedAt: now }], verifiedAt: now };
      }
      if (record.pinned.fingerprint !== wanted) {
        throw new SealError('INVALID_INPUT', "That fingerprint does not match this contact's key", { details: { userId } });
      }
      if (record.pinned.unusable) {
        throw new SealError('KEY_REVOKED', `This contact's key is ${record.pinned.unusable}: it cannot be verified`, { details: { userId, reason: record.pinned.unusable } });
      }
      return { ...record, verifiedAt: now };
    });
    return toContact(record);
  }

  /**
   * Reads the stored record and writes what `next` makes of it in one transaction, so two changes
   * (two calls, or two tabs) apply one after the other instead of the later one writing an older copy.
   * When `next` throws, nothing is written and the error is passed on.
   */
  async #change(userId: string, next: (current: ContactRecord | undefined) => ContactRecord): Promise<ContactRecord> {
    const tx = this.#db.transaction('contacts', 'readwrite');
    let record: ContactRecord;
    try {
      record = next(await tx.store.get(userId));
    } catch (error) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw error;
    }
    await tx.store.put(record);
    await tx.done;
    return record;
  }
}

function required(record: ContactRecord | undefined, userId: string): ContactRecord {
  if (!record) throw new SealError('NOT_FOUND', 'Unknown contact', { details: { userId } });
  return record;
}
