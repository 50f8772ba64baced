import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { OutgoingEnvelope } from '../../transport/transport.js';
import type { AuditEntry, AuditSeal } from '../audit/audit-types.js';
import type { StoredConsent } from '../consent/consent-types.js';
import type { SealErrorCode, SealErrorInfo } from '../errors.js';
import { summarize } from './thread-summary.js';

/** The user's own identity: the private key only ever passphrase-protected. */
export interface IdentityRecord {
  readonly userId: string;
  readonly fingerprint: string;
  readonly armoredPublicKey: string;
  /** Passphrase-protected private key (OpenPGP S2K). Never stored unprotected. */
  readonly armoredPrivateKey: string;
  readonly createdAt: string;
  readonly publishedAt: string | null;
}

export interface LockoutRecord {
  readonly failures: number;
  /** Epoch ms before which no unlock is attempted; 0 when none. */
  readonly retryAt: number;
}

export interface PinnedKey {
  readonly fingerprint: string;
  /** The key as first seen usable: a later copy carrying a revocation is not stored over it. */
  readonly armoredKey: string;
  readonly seenAt: string;
  /** The contact revoked this key, or it expired (seen in a published copy): it counts for nothing new. */
  readonly unusable?: 'revoked' | 'expired';
  /** For a key in `previousKeys`: when another took its place. Only messages dated before count as its. */
  readonly replacedAt?: string;
}

export interface ContactRecord {
  readonly userId: string;
  /** The name the directory gives now (cleaned: see person-name.ts). Not tied to the key. */
  readonly displayName: string | null;
  readonly role: string | null;
  /**
   * The name as it was when the contact was first pinned, or when the user last verified or accepted
   * their key or their new name: a `displayName` other than this is a name change to show.
   */
  readonly confirmedName?: string | null;
  /** The key pinned on first use (or accepted later). */
  readonly pinned: PinnedKey;
  /** Set after an out-of-band fingerprint check of `pinned`. */
  readonly verifiedAt: string | null;
  /** A different key seen for this contact, waiting for the user to accept or verify it. */
  readonly pendingKey: PinnedKey | null;
  /** Keys pinned before, kept to recognise older messages. */
  readonly previousKeys: readonly PinnedKey[];
  /**
   * The record's seal: HMAC-SHA256 (hex) of contact-seal.ts's text, with a key only the unlocked crypto
   * worker holds. A record whose seal does not match was changed outside Sealbox and is never trusted.
   */
  readonly seal?: string;
  /** Set once a record was found altered: nothing in it counts until the user accepts or verifies a key. */
  readonly altered?: true;
}

/** Local cache of a message: routing metadata and ciphertext only. */
export interface MessageRecord extends OutgoingEnvelope {
  readonly cursor: string | null;
  readonly outgoing: boolean;
  readonly read: boolean;
  /** What opening it found out (no plaintext): who signed it, or why it failed. */
  readonly check: MessageCheck | null;
}

export type MessageCheck =
  | { readonly ok: true; readonly signerFingerprint: string }
  /** `reason`: for an envelope kept as unreadable (MALFORMED_ENVELOPE), which field was wrong (no values). */
  | { readonly ok: false; readonly code: SealErrorCode; readonly reason?: string };

/** A thread's summary; see thread-summary.ts for which messages each field comes from. */
export interface ThreadRecord {
  readonly threadId: string;
  /** Everyone named by a verified message of the thread, or by one this user wrote here. */
  readonly participants: readonly string[];
  /** Whom this user's own messages in the thread were addressed to. */
  readonly addressed: readonly string[];
  readonly lastMessageAt: string;
  readonly lastMessageId: string;
  readonly lastSender: string;
  readonly messageCount: number;
  readonly unreadCount: number;
  /** Messages known to be invalid: counted nowhere else, and shown as a warning. */
  readonly invalidCount: number;
}

export interface DraftRecord {
  readonly id: string;
  readonly threadId: string | null;
  readonly updatedAt: string;
  /** Draft content encrypted and signed to the user's own key. */
  readonly ciphertext: string;
}

/** One encrypted attachment chunk kept on this device until its message is delivered. Ciphertext only. */
export interface BlobChunkRecord {
  readonly blobId: string;
  readonly index: number;
  /** How many chunks the blob has. */
  readonly count: number;
  /** A standalone binary OpenPGP message: signed and encrypted, as uploaded. */
  readonly bytes: Uint8Array;
  /** Lowercase hex SHA-256 of `bytes`, as the manifest lists it. */
  readonly sha256: string;
  /** The message that carries the blob. */
  readonly messageId: string;
  /** ISO time it was written, so chunks of a send that never reached the outbox can be cleared later. */
  readonly storedAt: string;
}

/**
 * One encrypted chunk of a file kept with a draft. Ciphertext only: the file's name, type and digests
 * are inside the draft's own encrypted record, which binds each chunk by its SHA-256.
 */
export interface DraftFileChunkRecord {
  readonly draftId: string;
  /** Random id of this stored copy of the file (not the caller's key). */
  readonly blobId: string;
  readonly index: number;
  /** A standalone binary OpenPGP message, signed and encrypted to the user's own key. */
  readonly bytes: Uint8Array;
  /** ISO time it was written, so chunks of a first save that never finished can be cleared later. */
  readonly storedAt: string;
}

/** An attachment blob of an outgoing message: its id and how many chunks it has. */
export interface OutboxBlob {
  readonly id: string;
  readonly chunks: number;
}

export interface OutboxRecord {
  readonly id: string;
  readonly envelope: OutgoingEnvelope;
  /** Attachment blobs to upload before the envelope (absent or empty when none). */
  readonly blobs?: readonly OutboxBlob[];
  /** Chunks the backend is known to hold, of all `blobs`. */
  readonly chunksUploaded?: number;
  /** `pending`: will be (re)tried at `nextAttemptAt`; `failed`: refused for good, waits for the user. */
  readonly state: 'pending' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: SealErrorInfo | null;
  readonly createdAt: string;
}

export interface SealSchema extends DBSchema {
  identity: { key: 'self'; value: IdentityRecord };
  security: { key: 'lockout'; value: LockoutRecord };
  contacts: { key: string; value: ContactRecord };
  messages: { key: string; value: MessageRecord; indexes: { byThread: [string, string, string] } };
  threads: { key: string; value: ThreadRecord; indexes: { byRecent: [string, string] } };
  drafts: { key: string; value: DraftRecord; indexes: { byUpdated: [string, string] } };
  outbox: { key: string; value: OutboxRecord; indexes: { byCreated: [string, string] } };
  meta: { key: string; value: string };
  audit: { key: number; value: AuditEntry };
  auditSeals: { key: number; value: AuditSeal };
  consent: { key: string; value: StoredConsent; indexes: { byPolicy: [string, string] } };
  blobChunks: { key: [string, number]; value: BlobChunkRecord; indexes: { byMessage: [string, string] } };
  draftFiles: { key: [string, string, number]; value: DraftFileChunkRecord; indexes: { byDraft: [string, string] } };
}

export type SealDatabase = IDBPDatabase<SealSchema>;

/** `meta` keys: the wrapped record key (see record-key.ts), and the mark of contacts still to be sealed. */
export const RECORD_KEY_META = 'recordKey';
export const CONTACT_SEALS_META = 'contactSeals';

export const SCHEMA_VERSION = 6;

/** Opens (creating or upgrading) the user's local database. */
export function openSealDatabase(name: string): Promise<SealDatabase> {
  return openDB<SealSchema>(name, SCHEMA_VERSION, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) createVersion1(db);
      if (oldVersion < 2) {
        db.createObjectStore('audit', { keyPath: 'seq' });
        db.createObjectStore('auditSeals', { keyPath: 'throughSeq' });
        db.createObjectStore('consent', { keyPath: 'id' }).createIndex('byPolicy', ['policyId', 'at']);
      }
      if (oldVersion < 3) {
        db.createObjectStore('blobChunks', { keyPath: ['blobId', 'index'] }).createIndex('byMessage', ['messageId', 'storedAt']);
      }
      // Keyed by draft first, so deleting a draft's files is one key range.
      if (oldVersion < 4) {
        db.createObjectStore('draftFiles', { keyPath: ['draftId', 'blobId', 'index'] }).createIndex('byDraft', ['draftId', 'storedAt']);
      }
      // Thread summaries were built from routing data as envelopes arrived: rebuild them from what was verified.
      if (oldVersion >= 1 && oldVersion < 5) await rebuildThreads(transaction);
      // Consent decisions kept their receipt's text; now they keep its fields, and the text is rebuilt.
      if (oldVersion >= 2 && oldVersion < 5) await keepConsentFields(transaction);
      // Keys replaced before versions knew when: from now on they count for older messages only.
      if (oldVersion >= 1 && oldVersion < 5) await dateReplacedKeys(transaction);
      // Contact records were not sealed: the first unlock after this upgrade seals them as they are.
      if (oldVersion >= 1 && oldVersion < 6) await transaction.objectStore('meta').put('unsealed', CONTACT_SEALS_META);
    },
  });
}

async function rebuildThreads(transaction: IDBPTransaction<SealSchema, StoreNames<SealSchema>[], 'versionchange'>): Promise<void> {
  // Without an identity nothing was verified, and no message is this user's own.
  const me = (await transaction.objectStore('identity').get('self'))?.userId ?? '';
  const threads = transaction.objectStore('threads');
  await threads.clear();
  let current: MessageRecord[] = [];
  const flush = async () => {
    const thread = summarize(current, me);
    if (thread) await threads.put(thread);
    current = [];
  };
  for (let cursor = await transaction.objectStore('messages').index('byThread').openCursor(); cursor; cursor = await cursor.continue()) {
    if (current.length > 0 && current[0]!.threadId !== cursor.value.threadId) await flush();
    current.push(cursor.value);
  }
  await flush();
}

async function keepConsentFields(transaction: IDBPTransaction<SealSchema, StoreNames<SealSchema>[], 'versionchange'>): Promise<void> {
  for (let cursor = await transaction.objectStore('consent').openCursor(); cursor; cursor = await cursor.continue()) {
    const { payload, ...fields } = cursor.value as StoredConsent & { payload?: string };
    if (payload === undefined) continue;
    let policyHash = '';
    try {
      policyHash = String((JSON.parse(payload) as { policyHash?: unknown }).policyHash ?? '');
    } catch {
      // Left without a hash: the receipt no longer checks, and is never signed.
    }
    await cursor.update({ ...fields, policyHash });
  }
}

async function dateReplacedKeys(transaction: IDBPTransaction<SealSchema, StoreNames<SealSchema>[], 'versionchange'>): Promise<void> {
  const now = new Date().toISOString();
  for (let cursor = await transaction.objectStore('contacts').openCursor(); cursor; cursor = await cursor.continue()) {
    const contact = cursor.value;
    if (contact.previousKeys.every((key) => key.replacedAt)) continue;
    await cursor.update({ ...contact, previousKeys: contact.previousKeys.map((key) => ({ ...key, replacedAt: key.replacedAt ?? now })) });
  }
}

function createVersion1(db: IDBPDatabase<SealSchema>): void {
  db.createObjectStore('identity');
  db.createObjectStore('security');
  db.createObjectStore('contacts', { keyPath: 'userId' });
  db.createObjectStore('messages', { keyPath: 'id' }).createIndex('byThread', ['threadId', 'createdAt', 'id']);
  db.createObjectStore('threads', { keyPath: 'threadId' }).createIndex('byRecent', ['lastMessageAt', 'threadId']);
  db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('byUpdated', ['updatedAt', 'id']);
  db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byCreated', ['createdAt', 'id']);
  db.createObjectStore('meta');
}

/** The default database name for a user on this origin. */
export function databaseNameFor(userId: string): string {
  return `sealbox:${userId}`;
}
