import type { ContactRecord } from '../store/database.js';
import { cleanName } from './person-name.js';

/**
 * - `unverified`: key pinned on first use, fingerprint not yet compared out of band.
 * - `verified`: the user compared the fingerprint with the contact (e.g. read aloud on the phone).
 * - `key-changed`: a different key appeared; sending is refused until the user accepts or verifies it.
 * - `key-revoked`: the contact revoked the pinned key, or it expired (`keyProblem` says which); nothing
 *   is sent to it and messages it signs count for nothing, until the contact publishes a new key.
 * - `altered`: the saved record was changed on this device outside Sealbox; nothing in it counts, and
 *   nothing is sent, until the user accepts or verifies one of its keys (`fingerprint`, or
 *   `pendingFingerprint`).
 */
export type ContactState = 'unverified' | 'verified' | 'key-changed' | 'key-revoked' | 'altered';

/** A contact as the client shows it: ids, names and fingerprints, no key material. */
export interface Contact {
  readonly userId: string;
  readonly displayName: string | null;
  readonly role: string | null;
  readonly state: ContactState;
  /** Fingerprint of the pinned key (40 hex digits, upper case). */
  readonly fingerprint: string;
  /** Fingerprint of the new key waiting for acceptance, when `state` is `key-changed`. */
  readonly pendingFingerprint: string | null;
  readonly pinnedAt: string;
  readonly verifiedAt: string | null;
  /**
   * The name the user knew this contact by, when the directory now gives another (`displayName`):
   * shown as a name change until the user verifies, accepts their key, or accepts the new name.
   */
  readonly previousName: string | null;
  /** Why the pinned key is no longer usable (`key-revoked`), or null. */
  readonly keyProblem: 'revoked' | 'expired' | null;
}

export function contactState(record: ContactRecord): ContactState {
  if (record.altered) return 'altered';
  if (record.pendingKey) return 'key-changed';
  if (record.pinned.unusable) return 'key-revoked';
  return record.verifiedAt ? 'verified' : 'unverified';
}

export function toContact(record: ContactRecord): Contact {
  return Object.freeze({
    userId: record.userId,
    displayName: cleanName(record.displayName),
    role: cleanName(record.role),
    state: contactState(record),
    fingerprint: record.pinned.fingerprint,
    pendingFingerprint: record.pendingKey?.fingerprint ?? null,
    pinnedAt: record.pinned.seenAt,
    verifiedAt: record.verifiedAt,
    keyProblem: record.pinned.unusable ?? null,
    previousName: record.confirmedName && record.confirmedName !== record.displayName ? cleanName(record.confirmedName) : null,
  });
}
