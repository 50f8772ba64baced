import type { SealTransport } from '../../transport/transport.js';
import type { CryptoClient } from '../crypto/crypto-client.js';
import { normalizeFingerprint } from '../fingerprint.js';
import { isSealError, SealError } from '../errors.js';
import { CONTACT_SEALS_META, type ContactRecord, type PinnedKey, type SealDatabase } from '../store/database.js';
import { callTransport } from '../transport-call.js';
import { toContact, type Contact } from './contact.js';
import { contactSealText } from './contact-seal.js';
import { cleanName } from './person-name.js';

export interface KeyChange {
  readonly userId: string;
  readonly previousFingerprint: string;
  readonly newFingerprint: string;
}

/** Seals contact records with the worker's record key (see engine.ts `sealContacts`). */
export interface ContactSealer {
  /** Whether records can be sealed and checked now: unlocked, with the record key open. */
  ready(): boolean;
  seal(records: readonly ContactRecord[]): Promise<string[]>;
}

export interface ContactBookEvents {
  /** A different key was published for a pinned contact. */
  readonly keyChanged: (change: KeyChange) => void;
  /** A contact was seen (and pinned) for the first time. */
  readonly pinned: (userId: string) => void;
  /** A contact's pinned key turned out revoked or expired. */
  readonly unusable: (userId: string) => void;
  /** A contact's stored record was changed outside Sealbox (its seal does not match). */
  readonly altered: (userId: string) => void;
  /** The directory gives a pinned contact a name other than the one the user knows them by. */
  readonly renamed: (userId: string) => void;
}

/** How often a change is tried again when the record changed meanwhile (another tab). */
const CHANGE_ATTEMPTS = 5;

/**
 * Contacts' public keys, pinned by fingerprint on first use. A different key for a known contact is
 * never used silently: it waits in `pendingKey` until the user accepts or verifies it.
 *
 * Every record is sealed (see contact-seal.ts) with a key only the unlocked worker holds, so that
 * someone with the device's storage cannot re-point a contact, mark one verified, or plant a key. What
 * this class hands out is what the user may trust: a record whose seal does not match is `altered`
 * (nothing in it counts until the user accepts or verifies a key), and one that cannot be checked yet
 * (locked since this page opened) is given as not verified.
 */
export class ContactBook {
  readonly #db: SealDatabase;
  readonly #crypto: CryptoClient;
  readonly #transport: SealTransport;
  readonly #sealer: ContactSealer;
  readonly #events: ContactBookEvents;
  /** Seals found good this session, with the text they cover: a match needs no worker call. */
  readonly #goodSeals = new Map<string, string>();

  constructor(db: SealDatabase, crypto: CryptoClient, transport: SealTransport, sealer: ContactSealer, events: ContactBookEvents) {
    this.#db = db;
    this.#crypto = crypto;
    this.#transport = transport;
    this.#sealer = sealer;
    this.#events = events;
  }

  async get(userId: string): Promise<Contact | null> {
    const record = await this.record(userId);
    return record ? toContact(record) : null;
  }

  async list(): Promise<Contact[]> {
    return (await this.#trusted(await this.#db.getAll('contacts'))).map(toContact);
  }

  async record(userId: string): Promise<ContactRecord | undefined> {
    const stored = await this.#db.get('contacts', userId);
    return stored && (await this.#trusted([stored]))[0];
  }

  /** The records of several contacts in one read transaction, by user id (unknown ones left out). */
  async records(userIds: Iterable<string>): Promise<Map<string, ContactRecord>> {
    const tx = this.#db.transaction('contacts');
    const unique = [...new Set(userIds)];
    const stored = await Promise.all(unique.map((userId) => tx.store.get(userId)));
    await tx.done;
    const records = await this.#trusted(stored.filter((record) => record !== undefined));
    return new Map(records.map((record) => [record.userId, record] as const));
  }

  /**
   * Seals the records an earlier version stored without a seal, as they are: once, at the first unlock
   * after the upgrade that introduced seals, and only if no record key existed before (`fresh`), so a
   * mark planted later seals nothing. Afterwards a record without a seal is altered.
   */
  async sealUnsealed(fresh: boolean): Promise<void> {
    if ((await this.#db.get('meta', CONTACT_SEALS_META)) === undefined) return;
    if (!fresh) return this.#db.delete('meta', CONTACT_SEALS_META);
    let failed = false;
    for (const stored of await this.#db.getAll('contacts')) {
      if (stored.seal !== undefined) continue;
      // A record written meanwhile (null) was sealed by whoever wrote it.
      await this.#write(stored.userId, stored, stored).catch(() => (failed = true));
    }
    // Tried again at the next unlock if any could not be sealed now.
    if (!failed) await this.#db.delete('meta', CONTACT_SEALS_META);
  }

  /** Forgets the seals found good (the record key changed: an identity was imported). */
  forgetSeals(): void {
    this.#goodSeals.clear();
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
    let outcome: { pinned?: true; change?: KeyChange; unusable?: true; renamed?: true } = {};
    const record = await this.#change(userId, (current) => {
      outcome = {};
      const displayName = cleanName(published.displayName) ?? cleanName(current?.displayName) ?? null;
      // The first name seen is the one the user knows them by; a later one is shown as a change.
      const confirmedName = cleanName(current?.confirmedName) ?? cleanName(current?.displayName) ?? displayName;
      if (current && displayName !== current.displayName && displayName !== confirmedName) outcome.renamed = true;
      const profile = { displayName, role: cleanName(published.role) ?? cleanName(current?.role) ?? null, confirmedName };
      const known = current && [current.pinned, current.pendingKey].find((key) => key?.fingerprint === seen.fingerprint);
      if (info.unusable) {
        // A revoked or expired key is never pinned or offered; one already known is marked, keeping the copy first seen.
        if (!current) throw new SealError('NO_KEY_FOR_RECIPIENT', `This person's published key is ${info.unusable}`, { details: { userId, reason: info.unusable } });
        if (!known || known.unusable === info.unusable) return { ...current, ...profile };
        outcome.unusable = true;
        const marked = { ...known, unusable: info.unusable };
        return current.pinned === known ? { ...current, ...profile, pinned: marked } : { ...current, ...profile, pendingKey: null };
      }
      if (!current) {
        outcome.pinned = true;
        return { userId, ...profile, pinned: seen, verifiedAt: null, pendingKey: null, previousKeys: [] };
      }
      // An altered record's copy of a key is unchecked text: the one just read in the worker takes its place.
      if (known && current.altered) return current.pinned === known ? { ...current, ...profile, pinned: seen } : { ...current, ...profile, pendingKey: seen };
      if (known) return { ...current, ...profile };
      outcome.change = { userId, previousFingerprint: current.pinned.fingerprint, newFingerprint: seen.fingerprint };
      return { ...current, ...profile, pendingKey: seen };
    });
    if (outcome.pinned) this.#events.pinned(userId);
    if (outcome.change) this.#events.keyChanged(outcome.change);
    if (outcome.unusable) this.#events.unusable(userId);
    if (outcome.renamed) this.#events.renamed(userId);
    return record;
  }

  /**
   * Accepts the pending key. `fingerprint` must name it, so the user accepts the key they were shown
   * and not one that arrived meanwhile. The accepted key starts unverified. For an `altered` contact,
   * `fingerprint` may name the key stored (or the pending one): nothing else of the record is kept.
   */
  async acceptKeyChange(userId: string, fingerprint: string): Promise<Contact> {
    const wanted = normalizeFingerprint(fingerprint);
    const checked = await this.#checkedAlteredKey(userId, wanted);
    const record = await this.#change(userId, (current) => {
      const record = required(current, userId);
      if (record.altered) return settled(record, checked, null);
      const pending = record.pendingKey;
      if (!pending || pending.fingerprint !== wanted) {
        throw new SealError('INVALID_INPUT', 'That fingerprint is not the pending key of this contact', { details: { userId } });
      }
      return {
        ...record,
        pinned: pending,
        pendingKey: null,
        verifiedAt: null,
        previousKeys: [...record.previousKeys, { ...record.pinned, replacedAt: new Date().toISOString() }],
        confirmedName: record.displayName,
      };
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
    const checked = await this.#checkedAlteredKey(userId, wanted);
    const record = await this.#change(userId, (current) => {
      const record = required(current, userId);
      if (record.altered) return settled(record, checked, now);
      if (record.pendingKey?.fingerprint === wanted) {
        return { ...record, pinned: record.pendingKey, pendingKey: null, previousKeys: [...record.previousKeys, { ...record.pinned, replacedAt: now }], verifiedAt: now, confirmedName: record.displayName };
      }
      if (record.pinned.fingerprint !== wanted) {
        throw new SealError('INVALID_INPUT', "That fingerprint does not match this contact's key", { details: { userId } });
      }
      if (record.pinned.unusable) {
        throw new SealError('KEY_REVOKED', `This contact's key is ${record.pinned.unusable}: it cannot be verified`, { details: { userId, reason: record.pinned.unusable } });
      }
      return { ...record, verifiedAt: now, confirmedName: record.displayName };
    });
    return toContact(record);
  }

  /**
   * Accepts the name the directory now gives a contact as the one the user knows them by. `displayName`
   * must be that name, so the user accepts the name they were shown and not one that arrived meanwhile.
   */
  async acceptNameChange(userId: string, displayName: string | null): Promise<Contact> {
    const record = await this.#change(userId, (current) => {
      const record = required(current, userId);
      if (record.displayName !== displayName) {
        throw new SealError('INVALID_INPUT', 'That is not the name the directory gives this contact now', { details: { userId } });
      }
      return { ...record, confirmedName: record.displayName };
    });
    return toContact(record);
  }

  /**
   * For an altered contact, the key of theirs named by `fingerprint`, read again from its armored text:
   * the stored fingerprint and key are both unchecked, and must agree before the key is used. Null for
   * a contact that is not altered.
   */
  async #checkedAlteredKey(userId: string, fingerprint: string): Promise<PinnedKey | null> {
    const record = await this.record(userId);
    if (!record?.altered) return null;
    const key = [record.pinned, record.pendingKey].find((candidate) => candidate?.fingerprint === fingerprint);
    if (!key) throw new SealError('INVALID_INPUT', "That fingerprint is not one of this contact's keys", { details: { userId } });
    const info = await this.#crypto.call('inspectContactKey', key.armoredKey, userId);
    if (info.fingerprint !== fingerprint) {
      throw new SealError('INVALID_INPUT', 'The saved key does not match its fingerprint: look the contact up again', { details: { userId } });
    }
    return { fingerprint: info.fingerprint, armoredKey: info.armoredPublicKey, seenAt: new Date().toISOString(), ...(info.unusable ? { unusable: info.unusable } : {}) };
  }

  /**
   * Reads the stored record, and writes what `next` makes of what may be trusted in it, sealed, only if
   * the record is still as read: two changes (two calls, or two tabs) apply one after the other instead
   * of the later one writing an older copy. When `next` throws, nothing is written and the error is
   * passed on. Changing a contact needs the record key (LOCKED otherwise).
   */
  async #change(userId: string, next: (current: ContactRecord | undefined) => ContactRecord): Promise<ContactRecord> {
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
      const stored = await this.#db.get('contacts', userId);
      const current = stored && (await this.#trusted([stored]))[0];
      const written = await this.#write(userId, stored, next(current));
      if (written) return written;
    }
    throw new SealError('INTERNAL', 'The contact kept changing while it was saved: try again', { details: { userId } });
  }

  /** Seals and writes `record` if the stored record is still `expected`; null when it changed meanwhile. */
  async #write(userId: string, expected: ContactRecord | undefined, record: ContactRecord): Promise<ContactRecord | null> {
    if (!this.#sealer.ready()) throw new SealError('LOCKED', 'Unlock Sealbox to change contacts');
    const { seal: _old, ...fields } = record;
    const [seal] = await this.#sealer.seal([fields]);
    const sealed: ContactRecord = { ...fields, seal: seal! };
    const tx = this.#db.transaction('contacts', 'readwrite');
    if (!sameRecord(await tx.store.get(userId), expected)) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return null;
    }
    await tx.store.put(sealed);
    await tx.done;
    this.#goodSeals.set(sealed.seal!, contactSealText(sealed));
    return sealed;
  }

  /**
   * What may be trusted of stored records: a record whose seal matches as it is; one altered outside
   * Sealbox as `altered` (marked so in storage, and reported); one that cannot be checked yet as not
   * verified. Records not shaped as contacts at all are left out.
   */
  async #trusted(stored: readonly ContactRecord[]): Promise<ContactRecord[]> {
    const texts = stored.map(sealTextOrNull);
    const good = (record: ContactRecord, index: number) => record.seal !== undefined && this.#goodSeals.get(record.seal) === texts[index];
    const unchecked = stored.flatMap((record, index) => (texts[index] !== null && !good(record, index) ? [index] : []));
    let seals: string[] | null = null;
    if (unchecked.length > 0 && this.#sealer.ready()) {
      seals = await this.#sealer.seal(unchecked.map((index) => stored[index]!)).catch((error: unknown) => {
        if (isSealError(error, 'LOCKED')) return null;
        throw error;
      });
    }
    const result: ContactRecord[] = [];
    for (const [index, record] of stored.entries()) {
      const text = texts[index];
      if (text === null) continue;
      if (good(record, index)) {
        result.push(record);
        continue;
      }
      if (!seals) {
        result.push({ ...record, verifiedAt: null });
        continue;
      }
      if (record.seal !== undefined && record.seal === seals[unchecked.indexOf(index)]) {
        this.#goodSeals.set(record.seal, text);
        result.push(record);
        continue;
      }
      const view = alteredView(record);
      result.push(view);
      if (await this.#write(record.userId, record, view).catch(() => null)) this.#events.altered(record.userId);
    }
    return result;
  }
}

/** What is left of an altered record: its keys, to be shown and chosen from, and nothing that counts. */
function alteredView(record: ContactRecord): ContactRecord {
  const { userId, displayName, role, pinned, pendingKey } = record;
  // The name the user confirmed is not known either: any name shown is the directory's.
  return { userId, displayName: displayName ?? null, role: role ?? null, confirmedName: null, pinned, pendingKey: pendingKey ?? null, previousKeys: [], verifiedAt: null, altered: true };
}

/** An altered contact once the user chose one of its keys (`key`, checked against its text): as if pinned afresh. */
function settled(record: ContactRecord, key: PinnedKey | null, verifiedAt: string | null): ContactRecord {
  if (!key || ![record.pinned, record.pendingKey].some((candidate) => candidate?.fingerprint === key.fingerprint)) {
    throw new SealError('INVALID_INPUT', 'The contact changed meanwhile: try again', { details: { userId: record.userId } });
  }
  if (key.unusable) throw new SealError('KEY_REVOKED', `This key is ${key.unusable}: it cannot be used`, { details: { userId: record.userId, reason: key.unusable } });
  const { userId, displayName, role } = record;
  return { userId, displayName, role, confirmedName: displayName, pinned: key, pendingKey: null, previousKeys: [], verifiedAt };
}

function sealTextOrNull(record: ContactRecord): string | null {
  try {
    return contactSealText(record);
  } catch {
    return null;
  }
}

function sameRecord(a: ContactRecord | undefined, b: ContactRecord | undefined): boolean {
  return a === undefined || b === undefined ? a === b : JSON.stringify(a) === JSON.stringify(b);
}

function required(record: ContactRecord | undefined, userId: string): ContactRecord {
  if (!record) throw new SealError('NOT_FOUND', 'Unknown contact', { details: { userId } });
  return record;
}
