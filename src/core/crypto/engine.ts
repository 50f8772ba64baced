import * as openpgp from 'openpgp/lightweight';
import type { PrivateKey, PublicKey } from 'openpgp/lightweight';
import type { EnvelopeRouting } from '../../transport/transport.js';
import { auditSealStatement, type AuditSealFields } from '../audit/audit-types.js';
import { canonicalJson } from '../canonical.js';
import { consentReceiptFields, type ConsentReceiptPayload } from '../consent/consent-types.js';
import { contactSealText } from '../contacts/contact-seal.js';
import { assertRoutingMatches, checkMessageEnvelope, parseMessageEnvelope, type MessageEnvelope } from '../envelope.js';
import { SealError } from '../errors.js';
import type { ContactRecord } from '../store/database.js';
import {
  describeKey,
  generateIdentityKey,
  keyBelongsTo,
  protectKey,
  readContactKey,
  readLockedKey,
  unlockKey,
  wipeKey,
} from './keys.js';
import type { KeyInfo } from './key-info.js';
import { byteLength, CHUNK_OVERHEAD_BYTES, DEFAULT_LIMITS, type CryptoLimits, type KeyProtection } from './limits.js';
import { classifyDecryptError } from './openpgp-errors.js';
import { isSignaturePurpose, purposeNotation, signedFor, type ChunkPurpose, type DetachedPurpose, type SignaturePurpose } from './signing-purpose.js';

export interface EngineOptions {
  readonly limits?: Partial<CryptoLimits>;
  /** Wipe the unlocked key after this long without activity (ms). 0 disables. */
  readonly autoLockMs?: number;
  readonly keyProtection?: KeyProtection;
}

/** A key the caller accepts as a signer for one message, as armored public key. */
export interface SignerCandidate {
  readonly armoredKey: string;
}

export interface DecryptedEnvelope {
  readonly envelope: MessageEnvelope;
  /** Fingerprint of the candidate key that made the valid signature. */
  readonly signerFingerprint: string;
}

/** A detached signature and the exact text it covers, which the engine built itself. */
export interface SignedText {
  readonly text: string;
  readonly signature: string;
}

/** What opening the record key found: `wrapped` is a new key to store, when one had to be made. */
export interface RecordKeyOpened {
  readonly wrapped: string | null;
  /** The stored key could not be opened (changed, or wrapped to another key): a new one was made. */
  readonly replaced: boolean;
}

const RECORD_KEY_BYTES = 32;

export interface IdentityKeys extends KeyInfo {
  /** The passphrase-protected private key, armored: what the vault stores and backups contain. */
  readonly armoredPrivateKey: string;
}

/**
 * The only holder of the unlocked private key. Runs inside the crypto worker; the main thread talks to
 * it through `CryptoWorkerApi` and never receives private key material.
 *
 * Every signature it makes says what it is for (see signing-purpose.ts) and every verification
 * requires that purpose. It never signs text it is handed: it signs what it builds itself from checked
 * fields (an envelope, a consent receipt, an audit seal), or bytes whose purpose cannot be a message.
 */
export class CryptoEngine {
  #key: PrivateKey | null = null;
  #userId: string | null = null;
  /** Seals contact records (HMAC-SHA256); opened after unlock, wiped with the key. Never leaves the worker. */
  #recordKey: CryptoKey | null = null;
  #limits: CryptoLimits = DEFAULT_LIMITS;
  #protection: KeyProtection = 'argon2';
  #autoLockMs = 15 * 60 * 1000;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Parsed public keys by armored text: a 100-chunk attachment would otherwise parse each key 100 times. */
  readonly #publicKeys = new Map<string, PublicKey>();
  readonly #onAutoLock: () => void;

  constructor(onAutoLock: () => void = () => {}) {
    this.#onAutoLock = onAutoLock;
  }

  configure(options: EngineOptions): void {
    this.#limits = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits });
    if (options.keyProtection) this.#protection = options.keyProtection;
    if (options.autoLockMs !== undefined) this.#autoLockMs = options.autoLockMs;
    this.touch();
  }

  get unlocked(): boolean {
    return this.#key !== null;
  }

  /** Restarts the idle countdown; called on every operation and on user activity. */
  touch(): void {
    clearTimeout(this.#timer);
    if (!this.#key || this.#autoLockMs <= 0) return;
    this.#timer = setTimeout(() => {
      this.lock();
      this.#onAutoLock();
    }, this.#autoLockMs);
  }

  lock(): void {
    clearTimeout(this.#timer);
    wipeKey(this.#key);
    this.#key = null;
    this.#userId = null;
    this.#recordKey = null;
    this.#publicKeys.clear();
  }

  async createIdentity(userId: string, passphrase: string): Promise<IdentityKeys> {
    const key = await generateIdentityKey(userId);
    const armoredPrivateKey = await protectKey(key, passphrase, this.#protection);
    this.#hold(key, userId);
    return { ...(await describeKey(key)), armoredPrivateKey };
  }

  async unlock(armoredPrivateKey: string, passphrase: string, userId: string): Promise<KeyInfo> {
    const locked = await readLockedKey(armoredPrivateKey, this.#limits);
    if (!(await keyBelongsTo(locked, userId))) throw new SealError('INVALID_INPUT', 'This key belongs to another user id', { details: { userId } });
    const key = await unlockKey(locked, passphrase, this.#limits);
    this.#hold(key, userId);
    return describeKey(key);
  }

  /** Checks a backup (and its passphrase) and holds the key; the backup text is what the vault stores. */
  async importBackup(armoredBackup: string, passphrase: string, userId: string): Promise<IdentityKeys> {
    const info = await this.unlock(armoredBackup, passphrase, userId);
    return { ...info, armoredPrivateKey: armoredBackup.trim() + '\n' };
  }

  /** Checks that `passphrase` unlocks the stored key, without holding it (exporting a backup). */
  async checkPassphrase(armoredPrivateKey: string, passphrase: string, userId: string): Promise<void> {
    const locked = await readLockedKey(armoredPrivateKey, this.#limits);
    if (!(await keyBelongsTo(locked, userId))) throw new SealError('INVALID_INPUT', 'This key belongs to another user id', { details: { userId } });
    wipeKey(await unlockKey(locked, passphrase, this.#limits));
  }

  /** Re-protects the stored key under a new passphrase; the old one must be right. */
  async changePassphrase(armoredPrivateKey: string, oldPassphrase: string, newPassphrase: string): Promise<string> {
    const locked = await readLockedKey(armoredPrivateKey, this.#limits);
    const key = await unlockKey(locked, oldPassphrase, this.#limits);
    try {
      return await protectKey(key, newPassphrase, this.#protection);
    } finally {
      wipeKey(key);
    }
  }

  /**
   * Opens the key that seals this device's contact records: 32 random bytes, encrypted to the user's
   * own key and signed for `record-key`, stored by the page. Without one (first unlock), or when the
   * stored one does not open as that (changed, or wrapped to another key), makes a new one and returns
   * it wrapped, to be stored; records sealed with a lost key then show as altered.
   */
  async openRecordKey(wrapped: string | null): Promise<RecordKeyOpened> {
    const key = this.#requireKey();
    if (typeof wrapped === 'string') {
      try {
        const read = () => openpgp.readMessage({ armoredMessage: wrapped });
        const { data } = await this.#decryptSigned(read, 'binary', RECORD_KEY_BYTES, key, [key.toPublic()], 'record-key');
        if (data.byteLength === RECORD_KEY_BYTES) {
          this.#recordKey = await importRecordKey(data);
          data.fill(0);
          return { wrapped: null, replaced: false };
        }
      } catch {
        // Not a record key of this user: replaced below.
      }
    }
    const bytes = crypto.getRandomValues(new Uint8Array(RECORD_KEY_BYTES));
    const message = await openpgp.createMessage({ binary: bytes });
    const armored = await openpgp.encrypt({ message, encryptionKeys: key.toPublic(), signingKeys: key, signatureNotations: purposeNotation('record-key'), format: 'armored' });
    this.#recordKey = await importRecordKey(bytes);
    bytes.fill(0);
    return { wrapped: armored, replaced: typeof wrapped === 'string' };
  }

  /**
   * The seals of contact records (lowercase hex HMAC-SHA256 of the text contact-seal.ts builds from each
   * record's fields): the page stores them with the records, and compares them when reading records back.
   */
  async sealContacts(records: readonly ContactRecord[]): Promise<string[]> {
    this.#requireKey();
    const recordKey = this.#recordKey;
    if (!recordKey) throw new SealError('LOCKED', 'The record key is not open yet');
    if (!Array.isArray(records)) throw new SealError('INVALID_INPUT', 'Contact records must be a list');
    const encoder = new TextEncoder();
    return Promise.all(
      records.map(async (record) => {
        const mac = await crypto.subtle.sign('HMAC', recordKey, encoder.encode(contactSealText(record)));
        return Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join('');
      }),
    );
  }

  /**
   * Validates a contact's published key and returns its public facts, and whether its owner revoked it
   * or it expired (such a key is never used to encrypt, and its signatures no longer count).
   */
  async inspectContactKey(armoredKey: string, userId: string): Promise<KeyInfo & { unusable: 'revoked' | 'expired' | null }> {
    const { key, unusable } = await readContactKey(armoredKey, userId, this.#limits);
    return { ...(await describeKey(key)), unusable };
  }

  /**
   * Signs the envelope (for `envelope`) with the unlocked key and encrypts it to every recipient key and
   * to the sender. The envelope is checked against the envelope schema and written out here.
   */
  async encryptEnvelope(envelope: MessageEnvelope, recipientKeys: readonly string[]): Promise<string> {
    const key = this.#requireKey();
    const checked = checkMessageEnvelope(envelope);
    if (checked.from !== this.#userId) throw new SealError('WRONG_SENDER', 'Messages can only be sent as the unlocked user');
    const encryptionKeys = await Promise.all(recipientKeys.map((armoredKey) => this.#readAnyPublicKey(armoredKey)));
    encryptionKeys.push(key.toPublic());
    const message = await openpgp.createMessage({ text: JSON.stringify(checked) });
    return openpgp.encrypt({ message, encryptionKeys, signingKeys: key, signatureNotations: purposeNotation('envelope'), format: 'armored' });
  }

  /**
   * Decrypts a message addressed to the unlocked user and verifies it. A signature is required, and only
   * the given candidates (the claimed sender's pinned key, or keys the caller is weighing) may make it.
   * The signed envelope must match the routing data.
   */
  async decryptEnvelope(ciphertext: string, routing: EnvelopeRouting, candidates: readonly SignerCandidate[]): Promise<DecryptedEnvelope> {
    const key = this.#requireKey();
    const verificationKeys = await Promise.all(candidates.map((candidate) => this.#readAnyPublicKey(candidate.armoredKey)));
    const { text, signerFingerprint } = await this.#decryptVerified(ciphertext, key, verificationKeys, 'envelope');
    const envelope = parseMessageEnvelope(text);
    assertRoutingMatches(envelope, routing);
    return { envelope, signerFingerprint };
  }

  /** Encrypts a draft's text to the user's own key only, signed for `draft`. */
  async encryptDraft(text: string): Promise<string> {
    const key = this.#requireKey();
    if (typeof text !== 'string') throw new SealError('INVALID_INPUT', 'A draft must be text');
    const message = await openpgp.createMessage({ text });
    return openpgp.encrypt({ message, encryptionKeys: key.toPublic(), signingKeys: key, signatureNotations: purposeNotation('draft'), format: 'armored' });
  }

  /** Decrypts a draft: it must be signed by the user's own key, for `draft`. */
  async decryptDraft(ciphertext: string): Promise<string> {
    const key = this.#requireKey();
    return (await this.#decryptVerified(ciphertext, key, [key.toPublic()], 'draft')).text;
  }

  /**
   * Signs a consent receipt of the unlocked user: the fields are checked and written out as canonical
   * JSON here, so what is signed is always a well-formed receipt of this user, never text from storage.
   */
  async signConsentReceipt(payload: ConsentReceiptPayload): Promise<SignedText> {
    const key = this.#requireKey();
    const receipt = consentReceiptFields(payload);
    if (receipt.userId !== this.#userId) throw new SealError('INVALID_INPUT', 'A consent receipt can only be signed for the unlocked user');
    return this.#signDetached(key, canonicalJson(receipt), 'consent-receipt');
  }

  /** Signs an audit seal of the unlocked user's log, built here from the checked fields. */
  async signAuditSeal(fields: AuditSealFields): Promise<SignedText> {
    const key = this.#requireKey();
    return this.#signDetached(key, auditSealStatement(this.#userId!, fields), 'audit-seal');
  }

  /** Checks a detached signature, which must be made for `purpose`, against one public key; needs no unlocked key. */
  async verifyDetached(purpose: DetachedPurpose, text: string, armoredSignature: string, armoredKey: string): Promise<boolean> {
    if (purpose !== 'consent-receipt' && purpose !== 'audit-seal') throw new SealError('INVALID_INPUT', 'Unknown signature purpose');
    try {
      const verificationKeys = await this.#readAnyPublicKey(armoredKey);
      const signature = await openpgp.readSignature({ armoredSignature });
      const message = await openpgp.createMessage({ text });
      const { signatures } = await openpgp.verify({ message, signature, verificationKeys, expectSigned: true });
      for (const candidate of signatures) {
        if ((await candidate.verified.catch(() => false)) && signedFor((await candidate.signature).packets[0]!, purpose)) return true;
      }
      return false;
    } catch {
      return false;
    }
  }

  async #signDetached(key: PrivateKey, text: string, purpose: DetachedPurpose): Promise<SignedText> {
    const message = await openpgp.createMessage({ text });
    const signature = await openpgp.sign({ message, signingKeys: key, detached: true, signatureNotations: purposeNotation(purpose), format: 'armored' });
    return { text, signature };
  }

  /**
   * Signs one attachment chunk and encrypts it to every recipient key and to the sender, as a standalone
   * binary OpenPGP message (GnuPG decrypts and verifies each chunk on its own).
   */
  async encryptChunk(bytes: Uint8Array, recipientKeys: readonly string[], purpose: ChunkPurpose): Promise<Uint8Array> {
    const key = this.#requireKey();
    if (!(bytes instanceof Uint8Array)) throw new SealError('INVALID_INPUT', 'An attachment chunk must be bytes');
    assertChunkPurpose(purpose);
    if (bytes.byteLength > this.#limits.maxChunkBytes) {
      throw new SealError('TOO_LARGE', 'The attachment chunk is larger than allowed', { details: { limit: this.#limits.maxChunkBytes } });
    }
    const encryptionKeys = await Promise.all(recipientKeys.map((armoredKey) => this.#readAnyPublicKey(armoredKey)));
    encryptionKeys.push(key.toPublic());
    const message = await openpgp.createMessage({ binary: bytes });
    return openpgp.encrypt({ message, encryptionKeys, signingKeys: key, signatureNotations: purposeNotation(purpose), format: 'binary' });
  }

  /**
   * Decrypts one attachment chunk addressed to the unlocked user. As for envelopes, a signature is
   * required and only the given candidates (the sender's pinned key) may make it.
   */
  async decryptChunk(bytes: Uint8Array, candidates: readonly SignerCandidate[], purpose: ChunkPurpose): Promise<Uint8Array> {
    const key = this.#requireKey();
    if (!(bytes instanceof Uint8Array)) throw new SealError('INVALID_INPUT', 'An attachment chunk must be bytes');
    assertChunkPurpose(purpose);
    if (bytes.byteLength > this.#limits.maxChunkBytes + CHUNK_OVERHEAD_BYTES) {
      throw new SealError('TOO_LARGE', 'The attachment chunk is larger than allowed', { details: { limit: this.#limits.maxChunkBytes } });
    }
    const verificationKeys = await Promise.all(candidates.map((candidate) => this.#readAnyPublicKey(candidate.armoredKey)));
    const read = () => openpgp.readMessage({ binaryMessage: bytes });
    return (await this.#decryptSigned(read, 'binary', this.#limits.maxChunkBytes, key, verificationKeys, purpose)).data;
  }

  async #decryptVerified(ciphertext: string, key: PrivateKey, verificationKeys: PublicKey[], purpose: SignaturePurpose): Promise<{ text: string; signerFingerprint: string }> {
    if (typeof ciphertext !== 'string' || byteLength(ciphertext) > this.#limits.maxCiphertextBytes) {
      throw new SealError('TOO_LARGE', 'The message is larger than allowed');
    }
    const read = () => openpgp.readMessage({ armoredMessage: ciphertext });
    const { data, signerFingerprint } = await this.#decryptSigned(read, 'utf8', this.#limits.maxDecompressedBytes, key, verificationKeys, purpose);
    return { text: data, signerFingerprint };
  }

  async #decryptSigned<F extends 'utf8' | 'binary'>(
    read: () => Promise<openpgp.Message<string> | openpgp.Message<Uint8Array>>,
    format: F,
    maxDecompressedMessageSize: number,
    key: PrivateKey,
    verificationKeys: PublicKey[],
    purpose: SignaturePurpose,
  ): Promise<{ data: F extends 'utf8' ? string : Uint8Array; signerFingerprint: string }> {
    if (verificationKeys.length === 0) throw new SealError('WRONG_SENDER', 'No key is pinned for the sender');
    try {
      const message = (await read()) as openpgp.Message<Uint8Array>;
      const result = await openpgp.decrypt({
        message,
        decryptionKeys: key,
        verificationKeys,
        expectSigned: true,
        format: format as 'binary',
        config: { maxDecompressedMessageSize },
      });
      // expectSigned passes when any one signature verifies; name the candidate that made it, and require
      // that it was made for this purpose.
      let otherPurpose = false;
      for (const signature of result.signatures) {
        const valid = await signature.verified.catch(() => false);
        const signer = valid ? verificationKeys.find((candidate) => candidate.getKeys(signature.keyID).length > 0) : undefined;
        if (!signer) continue;
        if (!signedFor((await signature.signature).packets[0]!, purpose)) {
          otherPurpose = true;
          continue;
        }
        return { data: result.data as F extends 'utf8' ? string : Uint8Array, signerFingerprint: signer.getFingerprint().toUpperCase() };
      }
      if (otherPurpose) throw new SealError('WRONG_PURPOSE', `The signature was not made for ${purpose === 'envelope' ? 'a message' : `this (${purpose})`}`, { details: { expected: purpose } });
      throw new SealError('WRONG_SENDER', "The message is not signed by the sender's key");
    } catch (error) {
      throw classifyDecryptError(error);
    }
  }

  async #readAnyPublicKey(armoredKey: string): Promise<PublicKey> {
    if (typeof armoredKey !== 'string' || byteLength(armoredKey) > this.#limits.maxKeyBytes) {
      throw new SealError('TOO_LARGE', 'The public key is larger than allowed');
    }
    const cached = this.#publicKeys.get(armoredKey);
    if (cached) return cached;
    let key: PublicKey;
    try {
      const read = await openpgp.readKey({ armoredKey });
      key = read.isPrivate() ? read.toPublic() : read;
    } catch (cause) {
      throw new SealError('INVALID_INPUT', 'Not a valid OpenPGP public key', { cause });
    }
    if (this.#publicKeys.size >= 32) this.#publicKeys.delete(this.#publicKeys.keys().next().value!);
    this.#publicKeys.set(armoredKey, key);
    return key;
  }

  #hold(key: PrivateKey, userId: string): void {
    if (this.#key !== key) {
      wipeKey(this.#key);
      // Opened for the key held before: it is opened again for this one.
      this.#recordKey = null;
    }
    this.#key = key;
    this.#userId = userId;
    this.touch();
  }

  #requireKey(): PrivateKey {
    if (!this.#key) throw new SealError('LOCKED', 'Unlock Sealbox first');
    this.touch();
    return this.#key;
  }
}

/** A non-extractable HMAC key: not even the worker can read its bytes back. */
async function importRecordKey(bytes: Uint8Array): Promise<CryptoKey> {
  const copy = new Uint8Array(bytes);
  try {
    return await crypto.subtle.importKey('raw', copy, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  } finally {
    copy.fill(0);
  }
}

function assertChunkPurpose(purpose: unknown): asserts purpose is ChunkPurpose {
  if (!isSignaturePurpose(purpose) || (purpose !== 'attachment-chunk' && purpose !== 'draft-file-chunk')) {
    throw new SealError('INVALID_INPUT', 'Unknown chunk purpose');
  }
}
