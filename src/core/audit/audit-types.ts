import { SealError } from '../errors.js';

/** What the audit log records: security-relevant actions, by ids and metadata only. */
export type AuditKind =
  | 'identity-created'
  | 'identity-imported'
  | 'unlock-succeeded'
  | 'unlock-failed'
  | 'lockout'
  | 'lock'
  | 'backup-exported'
  | 'passphrase-changed'
  | 'message-sent'
  | 'message-opened'
  | 'attachment-sent'
  | 'attachment-opened'
  | 'verification-failed'
  | 'contact-key-change-seen'
  | 'contact-key-change-accepted'
  | 'contact-verified'
  | 'contact-name-changed'
  | 'consent-given'
  | 'consent-declined'
  | 'consent-withdrawn'
  | 'decryption-burst'
  | 'stored-data-altered'
  | 'local-data-wiped';

export const AUDIT_KINDS: readonly AuditKind[] = [
  'identity-created',
  'identity-imported',
  'unlock-succeeded',
  'unlock-failed',
  'lockout',
  'lock',
  'backup-exported',
  'passphrase-changed',
  'message-sent',
  'message-opened',
  'attachment-sent',
  'attachment-opened',
  'verification-failed',
  'contact-key-change-seen',
  'contact-key-change-accepted',
  'contact-verified',
  'contact-name-changed',
  'consent-given',
  'consent-declined',
  'consent-withdrawn',
  'decryption-burst',
  'stored-data-altered',
  'local-data-wiped',
];

/** Ids and metadata: message and thread ids, user ids, fingerprints, error codes, counts. */
export type AuditData = Readonly<Record<string, string | number | boolean>>;

/** One link of the hash chain. */
export interface AuditEntry {
  /** Position in the log, from 1, without gaps. */
  readonly seq: number;
  /** Unique id, for idempotent delivery to the portal. */
  readonly id: string;
  /** ISO 8601 time of the action. */
  readonly at: string;
  readonly kind: AuditKind;
  /** The user whose log this is. */
  readonly userId: string;
  /** The device (browser profile) that recorded it. */
  readonly deviceId: string;
  readonly data: AuditData;
  /** `hash` of the previous entry; 64 zeros for the first. */
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  readonly hash: string;
}

/**
 * A signature over the chain up to `throughSeq`: since every entry holds its predecessor's hash,
 * signing one hash commits to the whole log before it; and each seal names the seal before it, so the
 * seals form a chain of their own (a log cut short at an earlier seal is told apart from the whole log
 * by comparing its last seal with one kept elsewhere: see `verifyAuditLog`'s `knownHead`).
 */
export interface AuditSeal extends AuditSealFields {
  readonly signedAt: string;
  /** Fingerprint of the signing key. */
  readonly fingerprint: string;
  /** Armored detached signature over {@link auditSealStatement}, made for `audit-seal`. */
  readonly signature: string;
}

/** What an audit seal states. */
export interface AuditSealFields {
  readonly throughSeq: number;
  /** `hash` of entry `throughSeq`. */
  readonly hash: string;
  /** SHA-256 (hex) of the previous seal's `signature`; 64 zeros for the first seal. */
  readonly prevSealHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

const HEX_HASH = /^[0-9a-f]{64}$/;

/** The exact text an audit seal signs, from checked fields (throws INVALID_INPUT for malformed ones). */
export function auditSealStatement(userId: string, fields: AuditSealFields): string {
  const { throughSeq, hash, prevSealHash } = fields ?? ({} as AuditSealFields);
  if (!Number.isSafeInteger(throughSeq) || throughSeq < 1 || typeof hash !== 'string' || !HEX_HASH.test(hash) || typeof prevSealHash !== 'string' || !HEX_HASH.test(prevSealHash)) {
    throw new SealError('INVALID_INPUT', 'An audit seal needs a position and two SHA-256 hashes');
  }
  return `sealbox-audit-seal:v2\nuser:${userId}\nthrough:${throughSeq}\nhash:${hash}\nprevious-seal:${prevSealHash}\n`;
}
