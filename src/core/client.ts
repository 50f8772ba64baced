import type { DirectoryEntry, SealTransport } from '../transport/transport.js';
import type { AuditEntry } from './audit/audit-types.js';
import type { AuditExport } from './audit/audit-trail.js';
import type { AuditVerification } from './audit/verify-audit-log.js';
import {
  AuditAppendEvent,
  ClientErrorEvent,
  ConsentChangeEvent,
  SecurityAlertEvent,
  ContactChangeEvent,
  ContactKeyChangedEvent,
  LockChangeEvent,
  MessageInvalidEvent,
  MessageReceivedEvent,
  OutboxChangeEvent,
  ThreadChangeEvent,
  type IdentityState,
  type LockChangeReason,
  type SealClientEventMap,
} from './client-events.js';
import { abortable, throwIfAborted } from './attachments/abort.js';
import { workerChunkCipher } from './attachments/cipher.js';
import { DEFAULT_CHUNK_SIZE, resolveAttachmentLimits, type AttachmentLimits } from './attachments/limits.js';
import { checkOptions, type SealClientOptions } from './client-options.js';
import { Compliance, ensureDeviceId } from './compliance.js';
import type { ConsentDecision, ConsentPolicy, ConsentRecord, ConsentStatus } from './consent/consent-types.js';
import type { Contact } from './contacts/contact.js';
import { ContactBook } from './contacts/contact-book.js';
import { cleanName } from './contacts/person-name.js';
import { isValidUserId } from './envelope.js';
import { RecordKey } from './vault/record-key.js';
import { CryptoClient, cryptoWorkerStarts } from './crypto/crypto-client.js';
import { DEFAULT_LIMITS } from './crypto/limits.js';
import { isSealError, SealError, sealErrorFromInfo, toSealError, VERIFICATION_FAILURES } from './errors.js';
import { BlobChunkStore } from './store/blob-chunks.js';
import { databaseNameFor, openSealDatabase, type ContactRecord, type IdentityRecord, type SealDatabase } from './store/database.js';
import { DraftStore } from './store/drafts.js';
import { MessageStore } from './store/messages.js';
import { DEFAULT_OUTBOX_POLICY, Outbox, type OutboxItem } from './store/outbox.js';
import { MailboxSync } from './sync.js';
import { composeEnvelope, toMessageSummary, toThreadSummary } from './client-mapping.js';
import { MessageOpener, type OpenResult } from './message-opener.js';
import { openFile } from './attachments/open-file.js';
import { carriesAttachments, checkAttachments, report, sealAttachments } from './outgoing-attachments.js';
import { callTransport } from './transport-call.js';
import type {
  Draft,
  DraftContent,
  DraftFile,
  DraftInfo,
  MessageSummary,
  OpenAttachmentOptions,
  OpenDraftFilesOptions,
  OpenedMessage,
  Page,
  PageOptions,
  SaveDraftOptions,
  SendInput,
  SendResult,
  ThreadSummary,
} from './types.js';
import { DEFAULT_LOCKOUT, Lockout } from './vault/lockout.js';
import { KeyVault } from './vault/vault.js';
import type { SealWorkerKind } from './workers/start-worker.js';

const DEFAULT_AUTO_LOCK_MS = 15 * 60_000;
const TOUCH_THROTTLE_MS = 5_000;
/** How long `lock()` lets the audit log's signature take before the key is wiped anyway. */
const LOCK_SIGN_MS = 1_000;
/** How long the worker has to wipe the key before `lock()` ends it. */
const LOCK_WIPE_MS = 2_000;
/** How long `wipeLocalData()` waits for the portal to receive the wipe's audit entry. */
const WIPE_DELIVERY_MS = 5_000;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

/**
 * Creates a Sealbox client for one signed-in user: loads the local vault and starts syncing. The
 * client is headless: portals can build their own screens on it, and the `seal-*` elements use it.
 */
export async function createSealClient(options: SealClientOptions): Promise<SealClient> {
  checkOptions(options);
  let db: SealDatabase;
  try {
    db = await openSealDatabase(options.databaseName ?? databaseNameFor(options.userId));
  } catch (cause) {
    throw new SealError('STORAGE', 'Local storage (IndexedDB) is not available', { cause });
  }
  const client = new SealClient(options, db, await ensureDeviceId(db));
  await client.start();
  return client;
}

export interface SealClient extends EventTarget {
  addEventListener<K extends keyof SealClientEventMap>(type: K, listener: (event: SealClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SealClientEventMap>(type: K, listener: (event: SealClientEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** The engine facade. Create one with {@link createSealClient}. */
export class SealClient extends EventTarget {
  readonly userId: string;
  #state: IdentityState = 'no-identity';
  #identity: IdentityRecord | null = null;
  /** Whether `#identity` came from the unlocked key on this page (else: as stored, unchecked). */
  #identityChecked = false;
  #closed = false;
  #lastTouch = 0;
  readonly #options: SealClientOptions;
  readonly #transport: SealTransport;
  readonly #db: SealDatabase;
  readonly #crypto: CryptoClient;
  readonly #lockout: Lockout;
  readonly #vault: KeyVault;
  readonly #contacts: ContactBook;
  readonly #recordKey: RecordKey;
  readonly #messages: MessageStore;
  readonly #drafts: DraftStore;
  readonly #outbox: Outbox;
  readonly #sync: MailboxSync;
  readonly #opener: MessageOpener;
  readonly #compliance: Compliance;
  readonly #blobChunks: BlobChunkStore;
  readonly #attachmentLimits: AttachmentLimits;
  readonly #chunkSize: number;
  /** Recipients refuse larger envelopes; a long list of manifests could get there. */
  readonly #maxCiphertextBytes: number;
  #requiredConsent: { id: string; version: string } | null = null;
  /** Decrypted messages with their attachment manifests, in memory only, dropped on lock. */
  readonly #opened = new Map<string, Promise<OpenResult>>();

  /** @internal Use {@link createSealClient}. */
  constructor(options: SealClientOptions, db: SealDatabase, deviceId: string) {
    super();
    this.#options = options;
    this.userId = options.userId;
    this.#transport = options.transport;
    this.#db = db;
    const engineOptions = {
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      autoLockMs: options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS,
      keyProtection: options.keyProtection ?? 'argon2',
    };
    const { createWorker } = options;
    this.#crypto = new CryptoClient(createWorker ? [() => createWorker('crypto')] : cryptoWorkerStarts(), engineOptions, () => this.#afterLock('idle'));
    this.#maxCiphertextBytes = engineOptions.limits.maxCiphertextBytes;
    this.#lockout = new Lockout(db, { ...DEFAULT_LOCKOUT, ...options.lockout });
    this.#vault = new KeyVault(db, this.#crypto, this.#lockout, this.userId);
    this.#recordKey = new RecordKey(db, this.#crypto);
    const sealer = {
      // Open only between an unlock and the next lock (see #openRecords and #afterLock).
      ready: () => this.#recordKey.open,
      seal: (records: readonly ContactRecord[]) => this.#crypto.call('sealContacts', records),
    };
    this.#contacts = new ContactBook(db, this.#crypto, this.#transport, sealer, {
      keyChanged: (change) => {
        this.#compliance.record('contact-key-change-seen', { ...change });
        this.#compliance.monitor.keyChanged(change.userId, change.previousFingerprint, change.newFingerprint);
        this.dispatchEvent(new ContactKeyChangedEvent(change.userId, change.previousFingerprint, change.newFingerprint));
        this.dispatchEvent(new ContactChangeEvent(change.userId, 'key-changed'));
      },
      pinned: (userId) => this.dispatchEvent(new ContactChangeEvent(userId, 'pinned')),
      unusable: (userId) => {
        this.#compliance.record('contact-key-change-seen', { userId, reason: 'revoked-or-expired' });
        // What was opened with this key no longer holds.
        this.#forgetOpened();
        this.dispatchEvent(new ContactChangeEvent(userId, 'key-revoked'));
      },
      renamed: (userId) => {
        this.#compliance.record('contact-name-changed', { userId });
        this.dispatchEvent(new ContactChangeEvent(userId, 'name-changed'));
      },
      altered: (userId) => {
        this.#compliance.record('stored-data-altered', { userId, record: 'contact' });
        this.#forgetOpened();
        this.dispatchEvent(new ContactChangeEvent(userId, 'altered'));
      },
    });
    const retry = { ...DEFAULT_OUTBOX_POLICY, ...options.outbox };
    this.#compliance = new Compliance({
      db,
      crypto: this.#crypto,
      transport: this.#transport,
      userId: this.userId,
      deviceId,
      retry,
      ...(options.securityThresholds ? { thresholds: options.securityThresholds } : {}),
      signer: () => (this.#state === 'unlocked' && this.#identity ? this.#identity : null),
      // A public key planted in storage must not make a forged log check out: only the unlocked key's.
      publicKey: () => (this.#identityChecked ? (this.#identity?.armoredPublicKey ?? null) : null),
      onAppend: (entry) => this.dispatchEvent(new AuditAppendEvent(entry.seq, entry.kind)),
      onAlert: (alert) => this.dispatchEvent(new SecurityAlertEvent(alert.kind, alert.data)),
      onError: (error) => this.dispatchEvent(new ClientErrorEvent('audit', toSealError(error, 'INTERNAL', 'Record keeping failed').toJSON())),
    });
    this.#messages = new MessageStore(db, this.userId);
    this.#drafts = new DraftStore(db, this.#crypto, {
      selfKey: () => (this.#state === 'unlocked' ? (this.#identity?.armoredPublicKey ?? null) : null),
      limits: () => this.#attachmentLimits,
      chunkSize: () => this.#chunkSize,
    });
    this.#opener = new MessageOpener(this.#crypto, this.#contacts, this.userId);
    this.#blobChunks = new BlobChunkStore(db);
    this.#attachmentLimits = resolveAttachmentLimits(options.attachmentLimits);
    this.#chunkSize = options.attachmentChunkSize ?? DEFAULT_CHUNK_SIZE;
    this.#outbox = new Outbox({
      db,
      transport: this.#transport,
      policy: retry,
      lockName: `sealbox-outbox:${db.name}`,
      chunks: this.#blobChunks,
      onChange: () => void this.#emitOutbox(),
      onDelivered: () => void this.#sync.run().catch(() => {}),
    });
    this.#sync = new MailboxSync({
      transport: this.#transport,
      store: this.#messages,
      me: this.userId,
      pollIntervalMs: options.pollIntervalMs ?? 30_000,
      callbacks: {
        onAdded: (records) => {
          for (const record of records) {
            if (record.check?.ok === false) this.dispatchEvent(new MessageInvalidEvent(record.id, record.threadId, record.from, record.check.code));
            else if (!record.outgoing) this.dispatchEvent(new MessageReceivedEvent(record.id, record.threadId, record.from));
          }
          for (const threadId of new Set(records.map((record) => record.threadId))) this.dispatchEvent(new ThreadChangeEvent(threadId));
        },
        onRejected: (error) => this.dispatchEvent(new ClientErrorEvent('sync', error.toJSON())),
        onError: (error) => this.dispatchEvent(new ClientErrorEvent('sync', error.toJSON())),
      },
    });
  }

  /** @internal */
  async start(): Promise<void> {
    this.#identity = (await this.#vault.identity()) ?? null;
    this.#state = this.#identity ? 'locked' : 'no-identity';
    void this.#blobChunks.sweep().catch(() => {});
    void this.#drafts.sweep().catch(() => {});
    this.#outbox.start();
    this.#sync.start();
    void this.#compliance.audit.deliver();
    void this.#compliance.consent.deliver();
  }

  // ---- identity and lock -------------------------------------------------------------------

  /** `no-identity` (first run), `locked` or `unlocked`. */
  get state(): IdentityState {
    return this.#state;
  }

  /**
   * The user's own key fingerprint, once an identity exists. Until the first unlock on this page it is
   * as stored on the device; unlocking takes it from the key itself (`isFingerprintChecked`).
   */
  get fingerprint(): string | null {
    return this.#identity?.fingerprint ?? null;
  }
  /** Whether `fingerprint` was taken from the unlocked key on this page, rather than read from storage. */
  get isFingerprintChecked(): boolean {
    return this.#identityChecked;
  }


  /**
   * What this client lets users attach: the `attachmentLimits` it was created with, over the defaults
   * (frozen). Received files are checked against them too.
   */
  get attachmentLimits(): AttachmentLimits {
    return this.#attachmentLimits;
  }

  /**
   * Whether messages sent from this client can carry files: the transport implements every blob method
   * (`putBlobChunk`, `listBlobChunks`, `getBlobChunk`) and `attachmentLimits.maxFilesPerMessage` is
   * above 0. When false, `send` with attachments rejects with ATTACHMENTS_UNSUPPORTED or TOO_LARGE.
   */
  get canAttach(): boolean {
    return carriesAttachments(this.#transport) && this.#attachmentLimits.maxFilesPerMessage > 0;
  }

  /** Creates the user's key pair, protected by `passphrase`, publishes the public key and unlocks. */
  async createIdentity(passphrase: string): Promise<void> {
    this.#assertOpen();
    this.#identity = await this.#vault.create(passphrase);
    this.#identityChecked = true;
    await this.#openRecords();
    this.#setState('unlocked', 'created');
    this.#compliance.record('identity-created', { fingerprint: this.#identity.fingerprint });
    await this.#publishKey();
    await this.#catchUp();
  }

  /** Unlocks the private key inside the worker. Wrong passphrases count towards the lockout delay. */
  async unlock(passphrase: string): Promise<void> {
    this.#assertOpen();
    let altered: string | null;
    try {
      ({ identity: this.#identity, altered } = await this.#vault.unlock(passphrase));
    } catch (error) {
      this.#recordUnlockFailure(error);
      throw error;
    }
    this.#identityChecked = true;
    if (altered) this.#compliance.record('stored-data-altered', { record: 'identity', fingerprint: altered });
    await this.#openRecords();
    this.#setState('unlocked', 'unlocked');
    this.#compliance.record('unlock-succeeded');
    if (!this.#identity.publishedAt) await this.#publishKey();
    else void this.#confirmPublished();
    await this.#catchUp();
  }

  /**
   * Wipes the unlocked key from the worker and forgets decrypted messages, within a few seconds
   * whatever else is going on: what the audit log holds is signed first if that is quick, its delivery
   * waits for no one, and a worker that does not answer is ended (and the key with it).
   */
  async lock(): Promise<void> {
    if (this.#closed) return;
    await within(this.#compliance.audit.sign(), LOCK_SIGN_MS).catch(() => {});
    await this.#crypto.lock(LOCK_WIPE_MS);
    this.#afterLock('locked');
    void this.#compliance.audit.deliver();
  }

  /**
   * How many wrong passphrases were given, how many are allowed before delays start, and when the
   * next try is allowed (epoch ms, or null).
   */
  async lockoutStatus(): Promise<{ failures: number; freeAttempts: number; retryAt: number | null }> {
    const { failures, retryAt } = await this.#lockout.state();
    return { failures, freeAttempts: this.#lockout.policy.freeAttempts, retryAt: retryAt > Date.now() ? retryAt : null };
  }

  /** Reports user activity, postponing the auto-lock. Cheap to call on every keystroke. */
  touch(): void {
    const now = Date.now();
    if (this.#state !== 'unlocked' || now - this.#lastTouch < TOUCH_THROTTLE_MS) return;
    this.#lastTouch = now;
    void this.#crypto.call('touch').catch(() => {});
  }

  /**
   * The passphrase-protected private key, armored, for safekeeping: given once `passphrase` is shown to
   * unlock it (a wrong one counts towards the lockout); restoring it needs the passphrase too.
   */
  async exportBackup(passphrase: string): Promise<string> {
    this.#assertOpen();
    let backup: string;
    try {
      backup = await this.#vault.exportBackup(passphrase);
    } catch (error) {
      this.#recordUnlockFailure(error);
      throw error;
    }
    this.#compliance.record('backup-exported', { fingerprint: this.fingerprint ?? '' });
    return backup;
  }

  /** Restores an identity from a backup on this device and unlocks it. */
  async importBackup(armoredBackup: string, passphrase: string, options: { replace?: boolean } = {}): Promise<void> {
    this.#assertOpen();
    try {
      this.#identity = await this.#vault.importBackup(armoredBackup, passphrase, options.replace ?? false);
      this.#identityChecked = true;
    } catch (error) {
      this.#recordUnlockFailure(error);
      throw error;
    }
    this.#forgetOpened();
    // Another identity may have been installed: seals found good with the earlier record key count no more.
    this.#contacts.forgetSeals();
    await this.#openRecords();
    this.#setState('unlocked', 'imported');
    this.#compliance.record('identity-imported', { fingerprint: this.#identity.fingerprint });
    if (!this.#identity.publishedAt) await this.#publishKey();
    await this.#catchUp();
  }

  async changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
    this.#assertOpen();
    try {
      await this.#vault.changePassphrase(oldPassphrase, newPassphrase);
    } catch (error) {
      this.#recordUnlockFailure(error);
      throw error;
    }
    // Only the protected key changed: what the unlocked key said of itself stands.
    const stored = await this.#vault.identity();
    this.#identity = this.#identityChecked && this.#identity && stored ? { ...this.#identity, armoredPrivateKey: stored.armoredPrivateKey } : (stored ?? null);
    this.#compliance.record('passphrase-changed');
  }

  // ---- mailbox ------------------------------------------------------------------------------

  /** Fetches new envelopes now; resolves to how many were new. Runs by itself in the background too. */
  async sync(): Promise<number> {
    this.#assertOpen();
    return this.#sync.run();
  }

  /** Threads, most recent first. */
  async listThreads(options: PageOptions = {}): Promise<Page<ThreadSummary>> {
    this.#assertOpen();
    const page = await this.#messages.listThreads({ limit: pageLimit(options), before: options.before ?? null });
    // Two read transactions per page, however long it is: last messages, then their senders.
    const lasts = await this.#messages.getMany(page.items.map((thread) => thread.lastMessageId));
    const contacts = await this.#contacts.records(lasts.flatMap((last) => (last && !last.outgoing ? [last.from] : [])));
    const items = page.items.map((thread, index) => {
      const last = lasts[index];
      const contact = last && !last.outgoing ? contacts.get(last.from) : undefined;
      return toThreadSummary(thread, this.userId, last, contact, this.fingerprint);
    });
    return { items, next: page.next };
  }

  async getThread(threadId: string): Promise<ThreadSummary | null> {
    this.#assertOpen();
    const thread = await this.#messages.thread(threadId);
    if (!thread) return null;
    const last = await this.#messages.get(thread.lastMessageId);
    const contact = last && !last.outgoing ? await this.#contacts.record(last.from) : undefined;
    return toThreadSummary(thread, this.userId, last, contact, this.fingerprint);
  }

  /** A thread's messages, newest first (load older pages as the reader scrolls back). */
  async listMessages(threadId: string, options: PageOptions = {}): Promise<Page<MessageSummary>> {
    this.#assertOpen();
    const page = await this.#messages.listMessages(threadId, { limit: pageLimit(options), before: options.before ?? null });
    const outbox = new Map((await this.#outbox.list()).map((item) => [item.id, item.state]));
    const contacts = await this.#contacts.records(page.items.flatMap((record) => (record.outgoing ? [] : [record.from])));
    const items = page.items.map((record) => {
      const contact = record.outgoing ? undefined : contacts.get(record.from);
      return toMessageSummary(record, outbox.get(record.id) ?? 'delivered', contact, this.fingerprint);
    });
    return { items, next: page.next };
  }

  /**
   * Decrypts and verifies a message. A message that fails verification resolves with status
   * `invalid` and no content; failures to check at all (locked, transport down) reject.
   */
  async openMessage(id: string): Promise<OpenedMessage> {
    this.#assertOpen();
    this.#assertUnlocked();
    return (await this.#openResult(id)).message;
  }

  /**
   * Downloads, checks and decrypts one attached file of a readable message. Every chunk must match the
   * signed manifest and carry a signature by the key that signed the message; the whole file must
   * match the signed size, SHA-256 and type. Any failure rejects with a SealError; no Blob is ever
   * returned for a file that failed a check. Files the user's limits refuse are not downloaded.
   */
  async openAttachment(messageId: string, attachmentId: string, options: OpenAttachmentOptions = {}): Promise<Blob> {
    this.#assertOpen();
    this.#assertUnlocked();
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    const { message, manifests, signerKey } = await abortable(this.#openResult(messageId), signal);
    if (message.status === 'invalid') throw sealErrorFromInfo(message.error);
    const manifest = manifests.find((candidate) => candidate.id === attachmentId);
    if (!manifest || !signerKey) throw new SealError('NOT_FOUND', 'No such attachment in this message', { details: { messageId, attachmentId } });
    const outgoing = message.outgoing;
    const getChunk = async (index: number, chunkSignal: AbortSignal | undefined) => {
      const local = outgoing ? await this.#blobChunks.get(manifest.id, index) : undefined;
      return local ? local.bytes : this.#downloadChunk(manifest.id, index, chunkSignal);
    };
    try {
      const blob = await openFile(manifest, getChunk, {
        cipher: workerChunkCipher(this.#crypto, 'attachment-chunk'),
        candidates: [{ armoredKey: signerKey }],
        limits: this.#attachmentLimits,
        ...(signal ? { signal } : {}),
        onProgress: (step) => report(onProgress, { attachmentId, phase: 'downloading', done: step.chunksDone, total: step.chunks }),
      });
      this.#compliance.record('attachment-opened', { messageId, attachmentId });
      return blob;
    } catch (error) {
      if (isSealError(error) && VERIFICATION_FAILURES.has(error.code)) {
        this.#compliance.record('verification-failed', { messageId, attachmentId, threadId: message.threadId, from: message.from, code: error.code });
        this.#compliance.monitor.verificationFailed(messageId, message.from, error.code);
      }
      throw error;
    }
  }

  async markThreadRead(threadId: string): Promise<void> {
    this.#assertOpen();
    if (await this.#messages.markThreadRead(threadId)) this.dispatchEvent(new ThreadChangeEvent(threadId));
  }

  /**
   * Encrypts and signs a message, commits it to the durable outbox and starts delivery. Resolves once
   * the message is safely queued; `outbox-change` events follow its delivery. Refuses recipients whose
   * key changed (KEY_CHANGED) or who have no key (NO_KEY_FOR_RECIPIENT).
   */
  async send(input: SendInput): Promise<SendResult> {
    this.#assertOpen();
    this.#assertUnlocked();
    await this.#assertConsent();
    const envelope = composeEnvelope(input, this.userId);
    // Limits, types and the transport's support are checked before anything is encrypted.
    const files = await checkAttachments(input.attachments, this.#attachmentLimits, this.#transport);
    const recipients = await Promise.all(envelope.to.map((userId) => this.#contacts.resolve(userId, { refresh: true })));
    const altered = recipients.find((contact) => contact.altered);
    if (altered) {
      throw new SealError('CONTACT_ALTERED', "A recipient's saved key was changed outside Sealbox: check it with them before sending", { details: { userId: altered.userId } });
    }
    const changed = recipients.find((contact) => contact.pendingKey);
    if (changed) {
      throw new SealError('KEY_CHANGED', 'A recipient has a new key: accept or verify it before sending', { details: { userId: changed.userId } });
    }
    const revoked = recipients.find((contact) => contact.pinned.unusable);
    if (revoked) {
      throw new SealError('KEY_REVOKED', `A recipient's key is ${revoked.pinned.unusable}: they need to publish a new one`, {
        details: { userId: revoked.userId, reason: revoked.pinned.unusable! },
      });
    }
    const recipientKeys = recipients.map((contact) => contact.pinned.armoredKey);
    const { id, threadId, from, to, createdAt } = envelope;
    const { signal, onProgress } = input;
    throwIfAborted(signal);
    const sealed = await sealAttachments(files, {
      cipher: workerChunkCipher(this.#crypto, 'attachment-chunk'),
      recipientKeys,
      store: this.#blobChunks,
      messageId: id,
      chunkSize: this.#chunkSize,
      limits: this.#attachmentLimits,
      signal,
      onProgress,
    });
    const blobIds = sealed.blobs.map((blob) => blob.id);
    try {
      const signed = sealed.manifests.length > 0 ? { ...envelope, attachments: sealed.manifests } : envelope;
      const ciphertext = await abortable(this.#crypto.call('encryptEnvelope', signed, recipientKeys), signal);
      throwIfAborted(signal);
      const size = new TextEncoder().encode(ciphertext).byteLength;
      if (size > this.#maxCiphertextBytes) {
        throw new SealError('TOO_LARGE', 'The message is too large for its recipients to open', { details: { size, limit: this.#maxCiphertextBytes } });
      }
      const routing = { id, threadId, from, to, createdAt, ...(blobIds.length > 0 ? { blobIds } : {}) };
      if (onProgress && blobIds.length > 0) {
        this.#outbox.watch(id, (step) => report(onProgress, { attachmentId: step.attachmentId, phase: 'uploading', done: step.done, total: step.total }));
      }
      await this.#messages.commitOutgoing({ ...routing, ciphertext, size }, this.#identity!.fingerprint, sealed.blobs);
    } catch (error) {
      this.#outbox.unwatch(id);
      await this.#blobChunks.delete(blobIds).catch(() => {});
      throw error;
    }
    if (input.draftId) await this.#drafts.delete(input.draftId);
    this.#compliance.record('message-sent', { messageId: id, threadId, to: to.join(','), ...(blobIds.length > 0 ? { attachments: blobIds.length } : {}) });
    for (const attachmentId of blobIds) this.#compliance.record('attachment-sent', { messageId: id, threadId, attachmentId });
    this.dispatchEvent(new ThreadChangeEvent(threadId));
    await this.#emitOutbox();
    void this.#outbox.flush().catch(() => {});
    return { id, threadId };
  }

  // ---- drafts -------------------------------------------------------------------------------

  /**
   * Saves a draft encrypted to the user's own key; pass `id` to overwrite an earlier save. `content.files`
   * are encrypted chunk by chunk in the worker and stored beside it; a file saved before under the same
   * key and size is kept as stored, files the draft no longer lists are deleted. New files must meet the
   * attachment limits (TOO_LARGE, ATTACHMENT_TYPE).
   */
  async saveDraft(content: DraftContent, id?: string, options: SaveDraftOptions = {}): Promise<DraftInfo> {
    this.#assertOpen();
    this.#assertUnlocked();
    await this.#assertConsent();
    return this.#drafts.save(content, id, options);
  }

  async listDrafts(): Promise<DraftInfo[]> {
    this.#assertOpen();
    return this.#drafts.list();
  }

  /** The draft's text, and its files' names, types and sizes (`openDraftFiles` gives their content). */
  async openDraft(id: string): Promise<Draft> {
    this.#assertOpen();
    this.#assertUnlocked();
    return this.#drafts.open(id);
  }

  /**
   * Decrypts the files saved with a draft, each checked against the draft's signed record (signed by
   * the user's own key, chunk digests, size and SHA-256). A damaged or altered file rejects with
   * TAMPERED (`details.reason` says how); no file that failed a check is returned.
   */
  async openDraftFiles(id: string, options: OpenDraftFilesOptions = {}): Promise<DraftFile[]> {
    this.#assertOpen();
    this.#assertUnlocked();
    return this.#drafts.openFiles(id, options);
  }

  /** Deletes the draft and the files stored with it. */
  async deleteDraft(id: string): Promise<void> {
    this.#assertOpen();
    return this.#drafts.delete(id);
  }

  // ---- contacts -----------------------------------------------------------------------------

  async getContact(userId: string): Promise<Contact | null> {
    this.#assertOpen();
    return this.#contacts.get(userId);
  }

  async listContacts(): Promise<Contact[]> {
    this.#assertOpen();
    return this.#contacts.list();
  }

  /** Looks the contact up through the transport, pinning a first key or noting a changed one. */
  async refreshContact(userId: string): Promise<Contact> {
    this.#assertOpen();
    await this.#contacts.resolve(userId, { refresh: true });
    this.dispatchEvent(new ContactChangeEvent(userId, 'refreshed'));
    return (await this.#contacts.get(userId))!;
  }

  /** Accepts a contact's new key, named by its fingerprint; the contact becomes `unverified`. */
  async acceptKeyChange(userId: string, fingerprint: string): Promise<Contact> {
    this.#assertOpen();
    const contact = await this.#contacts.acceptKeyChange(userId, fingerprint);
    this.#compliance.record('contact-key-change-accepted', { userId, fingerprint: contact.fingerprint });
    this.#forgetOpened();
    this.dispatchEvent(new ContactChangeEvent(userId, 'key-accepted'));
    return contact;
  }

  /** Marks a contact verified after comparing `fingerprint` with them out of band. */
  async verifyContact(userId: string, fingerprint: string): Promise<Contact> {
    this.#assertOpen();
    const contact = await this.#contacts.verify(userId, fingerprint);
    this.#compliance.record('contact-verified', { userId, fingerprint: contact.fingerprint });
    this.#forgetOpened();
    this.dispatchEvent(new ContactChangeEvent(userId, 'verified'));
    return contact;
  }

  /**
   * Accepts the name the directory now gives a contact (`Contact.previousName` shows the one before):
   * `displayName` must be the name shown. Needs Sealbox unlocked, like every change to a contact.
   */
  async acceptNameChange(userId: string, displayName: string | null): Promise<Contact> {
    this.#assertOpen();
    const contact = await this.#contacts.acceptNameChange(userId, displayName);
    this.dispatchEvent(new ContactChangeEvent(userId, 'name-accepted'));
    return contact;
  }

  /**
   * People the user may write to, from the transport's directory (empty when it has none). Names and
   * roles come back cleaned (see person-name.ts); entries that are not shaped as entries are left out.
   */
  async searchDirectory(query: string, options: { limit?: number } = {}): Promise<readonly DirectoryEntry[]> {
    this.#assertOpen();
    const search = this.#transport.searchDirectory;
    if (!search) return [];
    const entries: unknown = await callTransport(() => search.call(this.#transport, query, options));
    return Array.isArray(entries) ? entries.flatMap(cleanEntry) : [];
  }

  // ---- outbox -------------------------------------------------------------------------------

  async listOutbox(): Promise<OutboxItem[]> {
    this.#assertOpen();
    return this.#outbox.list();
  }

  async retryOutbox(id: string): Promise<void> {
    this.#assertOpen();
    return this.#outbox.retry(id);
  }

  /**
   * Stops uploading the attachments of an undelivered message. It stays in the outbox as `failed`
   * with an ABORTED error: `retryOutbox` resumes the upload where it stopped, `discardOutbox` gives
   * up on it. Resolves false when there is nothing to stop (no attachments left to upload, already
   * failed, or the message itself is being handed to the backend right now).
   */
  async cancelUpload(id: string): Promise<boolean> {
    this.#assertOpen();
    return this.#outbox.cancelUpload(id);
  }

  /** Gives up on an undelivered message: it leaves the outbox and the local thread. */
  async discardOutbox(id: string): Promise<boolean> {
    this.#assertOpen();
    if (this.#outbox.isSending(id)) throw new SealError('INVALID_INPUT', 'This message is being sent right now', { details: { messageId: id } });
    const thread = (await this.#messages.get(id))?.threadId;
    const discarded = await this.#messages.discardOutgoing(id);
    if (discarded) {
      this.#opened.delete(id);
      this.#outbox.unwatch(id);
      this.#outbox.changed();
      if (thread) this.dispatchEvent(new ThreadChangeEvent(thread));
    }
    return discarded;
  }

  async flushOutbox(): Promise<void> {
    this.#assertOpen();
    return this.#outbox.flush({ force: true });
  }

  // ---- consent ------------------------------------------------------------------------------

  /**
   * Makes sending and drafting require accepted consent for this policy version (CONSENT_REQUIRED
   * otherwise); `null` lifts the requirement. `<seal-consent-banner>` sets it from its policy.
   */
  requireConsent(policy: { id: string; version: string } | null): void {
    this.#requiredConsent = policy ? { id: policy.id, version: policy.version } : null;
    if (policy) void this.consentStatus().then((status) => this.dispatchEvent(new ConsentChangeEvent(policy.id, status.decision, status.granted)));
  }

  /** The policy `requireConsent` set, if any. */
  get requiredConsent(): { id: string; version: string } | null {
    return this.#requiredConsent;
  }

  /** The latest decision for a policy (the required one by default) and whether it grants consent. */
  async consentStatus(policy: { id: string; version: string } | null = this.#requiredConsent): Promise<ConsentStatus> {
    this.#assertOpen();
    if (!policy) return { policyId: '', version: null, decision: null, purposes: {}, at: null, granted: true, receiptId: null };
    return this.#compliance.consent.status(policy.id, policy.version);
  }

  /**
   * Records a decision about the portal's terms as a consent receipt, signed with the user's key (or as
   * soon as one is unlocked) and delivered through `transport.recordConsent`. Takes effect at once.
   */
  async recordConsent(policy: ConsentPolicy, decision: ConsentDecision, purposes: Readonly<Record<string, boolean>> = {}): Promise<ConsentRecord> {
    this.#assertOpen();
    const record = await this.#compliance.consent.decide(policy, decision, purposes);
    this.#compliance.consentRecorded(decision, { policyId: policy.id, version: policy.version, receiptId: record.id });
    const status = await this.#compliance.consent.status(policy.id, this.#requiredConsent?.id === policy.id ? this.#requiredConsent.version : policy.version);
    this.dispatchEvent(new ConsentChangeEvent(policy.id, decision, status.granted));
    return record;
  }

  /** Every consent receipt kept on this device, oldest first per policy. */
  async listConsentReceipts(): Promise<ConsentRecord[]> {
    this.#assertOpen();
    return this.#compliance.consent.list();
  }

  // ---- audit --------------------------------------------------------------------------------

  /** The local audit log, oldest first (ids and metadata only). */
  async auditEntries(options: { after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    this.#assertOpen();
    return (await this.#compliance.audit.export()).entries.filter((entry) => entry.seq > (options.after ?? 0)).slice(0, options.limit);
  }

  /** The log with its chain and signatures, for a compliance officer (`verifyExportedAuditLog` checks it). */
  async exportAuditLog(): Promise<AuditExport> {
    this.#assertOpen();
    await this.#compliance.audit.sign().catch(() => {});
    return this.#compliance.audit.export();
  }

  /** Checks the local log's chain and signatures: intact, or where it breaks. */
  async verifyAuditLog(): Promise<AuditVerification> {
    this.#assertOpen();
    return this.#compliance.audit.verify();
  }

  /**
   * Deletes everything Sealbox keeps for this user in this browser (keys, messages, drafts, outbox,
   * consent receipts, audit log) and closes the client. The wipe is recorded in the audit log and
   * delivered to the portal first, when possible. Without a key backup the identity is gone for good.
   */
  async wipeLocalData(): Promise<void> {
    this.#assertOpen();
    await this.#compliance.audit.record('local-data-wiped');
    await within(this.#compliance.audit.seal(), WIPE_DELIVERY_MS).catch(() => {});
    const name = this.#db.name;
    this.close();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(new SealError('STORAGE', 'Local data could not be deleted', { cause: request.error }));
      request.onblocked = () => resolve();
    });
  }

  /** @internal The `createWorker` option bound to worker `kind`, if one was given (the PDF preview starts its worker with it). */
  workerFactory(kind: SealWorkerKind): (() => Worker) | undefined {
    const { createWorker } = this.#options;
    return createWorker ? () => createWorker(kind) : undefined;
  }

  /**
   * Stops syncing and delivery, wipes the unlocked key and ends the worker. The transport stays open:
   * it belongs to whoever created it (several clients, or the portal itself, may share it).
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sync.stop();
    this.#outbox.stop();
    this.#compliance.stop();
    this.#crypto.terminate();
    this.#db.close();
    this.#forgetOpened();
    if (this.#state === 'unlocked') this.#setState('locked', 'closed');
  }

  // ---- internals ----------------------------------------------------------------------------

  #openResult(id: string): Promise<OpenResult> {
    let opening = this.#opened.get(id);
    if (!opening) {
      opening = this.#open(id);
      this.#opened.set(id, opening);
      opening.catch(() => this.#opened.delete(id));
    }
    return opening;
  }

  async #open(id: string): Promise<OpenResult> {
    const record = await this.#messages.get(id);
    if (!record) throw new SealError('NOT_FOUND', 'No such message', { details: { messageId: id } });
    const identity = this.#identity!;
    const result = await this.#opener.open(record, identity);
    const { message, check } = result;
    this.#compliance.monitor.decrypted();
    // A verified message may add people to its thread; an invalid one stops counting in it.
    if (await this.#messages.setCheck(id, check)) this.dispatchEvent(new ThreadChangeEvent(record.threadId));
    if (message.status === 'invalid') {
      this.#compliance.record('verification-failed', { messageId: id, threadId: message.threadId, from: message.from, code: message.error.code });
      this.#compliance.monitor.verificationFailed(id, message.from, message.error.code);
      this.dispatchEvent(new MessageInvalidEvent(message.id, message.threadId, message.from, message.error.code));
    } else {
      this.#compliance.record('message-opened', { messageId: id, threadId: message.threadId, from: message.from, status: message.status });
    }
    return result;
  }

  /** One stored chunk from the transport; a chunk the backend does not have (404) is reported as missing. */
  async #downloadChunk(blobId: string, index: number, signal: AbortSignal | undefined): Promise<Uint8Array | null> {
    const transport = this.#transport;
    const get = transport.getBlobChunk;
    if (!get) throw new SealError('ATTACHMENTS_UNSUPPORTED', 'This portal cannot carry attachments: its transport has no blob methods');
    try {
      const bytes: unknown = await callTransport(() => get.call(transport, blobId, index, signal ? { signal } : {}));
      // A copy: the bytes move to the crypto worker, and the transport may keep its own.
      return bytes instanceof Uint8Array ? bytes.slice() : (bytes as null);
    } catch (error) {
      if (isSealError(error, 'TRANSPORT') && error.details.status === 404) return null;
      throw error;
    }
  }

  async #publishKey(): Promise<void> {
    const identity = this.#identity;
    if (!identity) return;
    try {
      const { displayName, role } = this.#options;
      await callTransport(() =>
        this.#transport.publishKey({ userId: this.userId, armoredKey: identity.armoredPublicKey, ...(displayName ? { displayName } : {}), ...(role ? { role } : {}) }),
      );
      this.#identity = await this.#vault.markPublished(identity);
    } catch (error) {
      // Not fatal: publication is retried at the next unlock.
      this.dispatchEvent(new ClientErrorEvent('publish-key', toSealError(error, 'TRANSPORT', 'Publishing the key failed').toJSON()));
    }
  }

  /** Publishes the key again when the backend no longer has it (its data was restored or reset). */
  async #confirmPublished(): Promise<void> {
    const published = await callTransport(() => this.#transport.lookupKey(this.userId)).catch(() => undefined);
    if (published === null) await this.#publishKey();
  }

  #recordUnlockFailure(error: unknown): void {
    if (!isSealError(error, 'WRONG_PASSPHRASE')) return;
    const failures = Number(error.details.failures ?? 0);
    this.#compliance.record('unlock-failed', { failures });
    this.#compliance.monitor.unlockFailed(failures);
    if (error.retryAt) this.#compliance.record('lockout', { failures, retryAt: error.retryAt });
  }

  /**
   * Opens the key that seals contact records, once the identity is unlocked, and seals the records an
   * earlier version left unsealed. When that fails the key is wiped again: no half-unlocked state.
   */
  async #openRecords(): Promise<void> {
    try {
      const { replaced, fresh } = await this.#recordKey.unlock();
      if (replaced) this.#compliance.record('stored-data-altered', { record: 'record-key' });
      await this.#contacts.sealUnsealed(fresh);
    } catch (error) {
      this.#recordKey.close();
      await this.#crypto.lock(LOCK_WIPE_MS);
      throw error;
    }
  }

  async #catchUp(): Promise<void> {
    await this.#compliance.catchUp().catch((error: unknown) =>
      this.dispatchEvent(new ClientErrorEvent('consent', toSealError(error, 'INTERNAL', 'Signing records failed').toJSON())),
    );
  }

  async #assertConsent(): Promise<void> {
    const required = this.#requiredConsent;
    if (!required) return;
    const status = await this.#compliance.consent.status(required.id, required.version);
    if (!status.granted) {
      throw new SealError('CONSENT_REQUIRED', 'Accept the secure messaging terms before writing messages', {
        details: { policyId: required.id, version: required.version },
      });
    }
  }

  #afterLock(reason: LockChangeReason): void {
    this.#recordKey.close();
    this.#forgetOpened();
    if (this.#state !== 'unlocked') return;
    if (!this.#closed) this.#compliance.record('lock', { reason });
    this.#setState('locked', reason);
  }

  #forgetOpened(): void {
    this.#opened.clear();
  }

  #setState(state: IdentityState, reason: LockChangeReason): void {
    this.#state = state;
    this.dispatchEvent(new LockChangeEvent(state, reason));
  }

  async #emitOutbox(): Promise<void> {
    if (this.#closed) return;
    const items = await this.#outbox.list().catch(() => null);
    if (items && !this.#closed) this.dispatchEvent(new OutboxChangeEvent(items));
  }

  #assertUnlocked(): void {
    if (this.#state === 'no-identity') throw new SealError('NO_IDENTITY', 'Create or import an identity first');
    if (this.#state !== 'unlocked') throw new SealError('LOCKED', 'Unlock Sealbox first');
  }

  #assertOpen(): void {
    if (this.#closed) throw new SealError('CLOSED', 'This Sealbox client was closed');
  }
}

function pageLimit(options: PageOptions): number {
  const limit = options.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) throw new SealError('INVALID_INPUT', 'limit must be a positive integer');
  return Math.min(limit, MAX_PAGE);
}

/** Resolves (or rejects) as `work` does, or resolves after `ms` if it takes longer. */
function within(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** A directory entry from the transport, fit to show: a printable user id, and cleaned name and role. */
function cleanEntry(entry: unknown): DirectoryEntry[] {
  if (!entry || typeof entry !== 'object') return [];
  const { userId, displayName, role } = entry as Record<string, unknown>;
  if (typeof userId !== 'string' || !isValidUserId(userId)) return [];
  const cleanRole = cleanName(role);
  return [{ userId, displayName: cleanName(displayName) ?? userId, ...(cleanRole ? { role: cleanRole } : {}) }];
}
