import { displayName, downloadName } from './attachments/names.js';
import { isInlineType } from './attachments/sniff.js';
import type { AttachmentManifest } from './attachments/manifest.js';
import type { ContactBook } from './contacts/contact-book.js';
import type { CryptoClient } from './crypto/crypto-client.js';
import type { DecryptedEnvelope, SignerCandidate } from './crypto/engine.js';
import { isSealError, SealError, type SealErrorCode } from './errors.js';
import type { ContactRecord, MessageCheck, MessageRecord } from './store/database.js';
import type { AttachmentInfo, MessageStatus, OpenedMessage } from './types.js';

/** What opening a message yields: the message, what to remember about it, and for a readable one its files. */
export interface OpenResult {
  readonly message: OpenedMessage;
  readonly check: MessageCheck;
  /** The signed manifests (empty for an invalid message or one without files). */
  readonly manifests: readonly AttachmentManifest[];
  /** The armored key that signed the envelope; its chunks must carry a signature by the same key. */
  readonly signerKey: string | null;
}

/** Failures that prove a message is not genuine (as opposed to "cannot check right now"). */
const VERIFICATION_FAILURES: ReadonlySet<SealErrorCode> = new Set([
  'NOT_SIGNED',
  'BAD_SIGNATURE',
  'WRONG_SENDER',
  'TAMPERED',
  'ROUTING_MISMATCH',
  'WRONG_PURPOSE',
  'MALFORMED_ENVELOPE',
  'TOO_LARGE',
  'NOT_FOR_ME',
  'KEY_REVOKED',
]);

export function isVerificationFailure(error: unknown): error is SealError {
  return isSealError(error) && VERIFICATION_FAILURES.has(error.code);
}

/**
 * Why a valid signature by one of the sender's keys does not count, given what the user knows now: the
 * key was revoked (or expired), or it was replaced before the message says it was written. Null when it
 * counts.
 */
export function signerProblem(signerFingerprint: string, contact: ContactRecord, createdAt: string): 'revoked' | 'expired' | 'replaced' | null {
  const key = [contact.pinned, contact.pendingKey, ...contact.previousKeys].find((candidate) => candidate?.fingerprint === signerFingerprint);
  if (!key) return null;
  if (key.unusable) return key.unusable;
  // A key another took the place of signs only what it signed before: a message dated after the change is not the contact's.
  if (key !== contact.pinned && key !== contact.pendingKey && key.replacedAt && createdAt >= key.replacedAt) return 'replaced';
  return null;
}

/** Maps who signed a message to its status, given what the user knows about the sender now. */
export function statusFor(check: MessageCheck | null, contact: ContactRecord | undefined, ownFingerprint: string | null, createdAt: string): MessageStatus | null {
  if (!check) return null;
  if (!check.ok) return 'invalid';
  if (check.signerFingerprint === ownFingerprint) return 'verified';
  if (!contact) return 'signer-unverified';
  if (signerProblem(check.signerFingerprint, contact, createdAt)) return 'invalid';
  if (check.signerFingerprint === contact.pinned.fingerprint) return contact.verifiedAt ? 'verified' : 'signer-unverified';
  if (check.signerFingerprint === contact.pendingKey?.fingerprint) return 'key-changed';
  if (contact.previousKeys.some((key) => key.fingerprint === check.signerFingerprint)) return 'signer-unverified';
  return 'invalid';
}

/**
 * Decrypts and verifies one cached message. Only keys tied to the claimed sender may sign it: the
 * pinned key, keys accepted before, and a newly published key (which marks the message key-changed).
 */
export class MessageOpener {
  readonly #crypto: CryptoClient;
  readonly #contacts: ContactBook;
  readonly #me: string;

  constructor(crypto: CryptoClient, contacts: ContactBook, me: string) {
    this.#crypto = crypto;
    this.#contacts = contacts;
    this.#me = me;
  }

  /** Resolves to the opened message and what to remember about it; throws when it cannot be checked now. */
  async open(record: MessageRecord, ownKey: { fingerprint: string; armoredPublicKey: string }): Promise<OpenResult> {
    const base = { id: record.id, threadId: record.threadId, from: record.from, to: record.to, createdAt: record.createdAt, outgoing: record.outgoing };
    if (record.check?.ok === false && record.check.code === 'MALFORMED_ENVELOPE') {
      // Kept only so that it shows: there is nothing to decrypt.
      const error = new SealError('MALFORMED_ENVELOPE', 'The envelope was malformed as delivered', { details: { messageId: record.id, reason: record.check.reason ?? '' } });
      return { message: { ...base, status: 'invalid', error: error.toJSON() }, check: record.check, manifests: [], signerKey: null };
    }
    try {
      const { decrypted, contact, signerKey } = await this.#decrypt(record, ownKey);
      const check: MessageCheck = { ok: true, signerFingerprint: decrypted.signerFingerprint };
      const { envelope } = decrypted;
      const createdAt = new Date(envelope.createdAt).toISOString();
      const problem = contact ? signerProblem(decrypted.signerFingerprint, contact, createdAt) : null;
      if (problem === 'revoked' || problem === 'expired') {
        throw new SealError('KEY_REVOKED', `The message is signed by a key its owner ${problem === 'revoked' ? 'revoked' : 'let expire'}`, { details: { messageId: record.id, reason: problem } });
      }
      if (problem === 'replaced') throw new SealError('WRONG_SENDER', 'The message is signed by a key that was replaced before it was written', { details: { messageId: record.id, reason: 'replaced-key' } });
      const status = statusFor(check, contact, ownKey.fingerprint, createdAt) ?? 'invalid';
      if (status === 'invalid') throw new SealError('WRONG_SENDER', "The message is not signed by the sender's key");
      const message: OpenedMessage = {
        ...base,
        createdAt: new Date(envelope.createdAt).toISOString(),
        status,
        subject: envelope.subject,
        body: envelope.body,
        replyTo: envelope.replyTo ?? null,
        signerFingerprint: decrypted.signerFingerprint,
        signedWithPreviousKey: !!contact && contact.previousKeys.some((key) => key.fingerprint === decrypted.signerFingerprint),
        attachments: (envelope.attachments ?? []).map(describeAttachment),
      };
      return { message, check, manifests: envelope.attachments ?? [], signerKey };
    } catch (error) {
      if (!isVerificationFailure(error)) throw error;
      return { message: { ...base, status: 'invalid', error: error.toJSON() }, check: { ok: false, code: error.code }, manifests: [], signerKey: null };
    }
  }

  async #decrypt(
    record: MessageRecord,
    ownKey: { armoredPublicKey: string },
  ): Promise<{ decrypted: DecryptedEnvelope; contact?: ContactRecord; signerKey: string | null }> {
    if (record.from === this.#me) {
      return { decrypted: await this.#attempt(record, [{ armoredKey: ownKey.armoredPublicKey }]), signerKey: ownKey.armoredPublicKey };
    }
    const contact = await this.#contacts.resolve(record.from, { refresh: false }).catch((error: unknown) => {
      // The key published for the claimed sender is not theirs (or not a key): nothing can be theirs.
      if (isSealError(error, 'INVALID_INPUT')) throw new SealError('WRONG_SENDER', 'No valid key is published for the sender', { cause: error, details: { messageId: record.id, reason: 'no-valid-key' } });
      throw error;
    });
    const known = [contact.pinned, ...contact.previousKeys, ...(contact.pendingKey ? [contact.pendingKey] : [])];
    const keyOf = (decrypted: DecryptedEnvelope) => known.find((key) => key.fingerprint === decrypted.signerFingerprint)?.armoredKey ?? null;
    try {
      const decrypted = await this.#attempt(record, known.map((key) => ({ armoredKey: key.armoredKey })));
      return { decrypted, contact, signerKey: keyOf(decrypted) };
    } catch (error) {
      if (!isSealError(error, 'WRONG_SENDER')) throw error;
      // Signed by a key we have not seen: the sender may have published a new one.
      const refreshed = await this.#contacts.resolve(record.from, { refresh: true }).catch(() => contact);
      const fresh = refreshed.pendingKey;
      if (!fresh || known.some((key) => key.fingerprint === fresh.fingerprint)) throw error;
      return { decrypted: await this.#attempt(record, [{ armoredKey: fresh.armoredKey }]), contact: refreshed, signerKey: fresh.armoredKey };
    }
  }

  #attempt(record: MessageRecord, candidates: SignerCandidate[]): Promise<DecryptedEnvelope> {
    const { id, threadId, from, to, createdAt, blobIds } = record;
    const routing = { id, threadId, from, to, createdAt, ...(blobIds ? { blobIds } : {}) };
    return this.#crypto.call('decryptEnvelope', record.ciphertext, routing, candidates);
  }
}

/** What the reader may be shown about a file: its name made safe to display, and how to offer it. */
function describeAttachment(manifest: AttachmentManifest): AttachmentInfo {
  const shown = displayName(manifest.name);
  return Object.freeze({
    id: manifest.id,
    name: shown.text,
    downloadName: downloadName(manifest.name, manifest.type),
    type: manifest.type,
    size: manifest.size,
    hiddenCharacters: shown.hiddenCharacters,
    doubleExtension: shown.doubleExtension,
    neverInline: !isInlineType(manifest.type),
  });
}
