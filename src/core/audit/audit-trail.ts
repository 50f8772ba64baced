import type { SealTransport, SignedRecord } from '../../transport/transport.js';
import { canonicalJson } from '../canonical.js';
import type { CryptoClient } from '../crypto/crypto-client.js';
import { toSealError } from '../errors.js';
import type { SealDatabase } from '../store/database.js';
import { retryDelay, type OutboxPolicy } from '../store/outbox.js';
import { callTransport } from '../transport-call.js';
import type { AuditLog } from './audit-log.js';
import { sealStatement, type AuditData, type AuditEntry, type AuditKind, type AuditSeal } from './audit-types.js';
import { verifyAuditLog, type AuditVerification } from './verify-audit-log.js';

const SEAL_DELAY_MS = 1000;
const BATCH = 50;
const DELIVERED_KEY = 'auditDeliveredThrough';

/** An exported log, for a compliance officer: the chain, its seals, and the key that signed them. */
export interface AuditExport {
  readonly format: 'sealbox-audit-log';
  readonly version: 1;
  readonly userId: string;
  readonly exportedAt: string;
  readonly publicKey: string | null;
  readonly entries: readonly AuditEntry[];
  readonly seals: readonly AuditSeal[];
}

interface TrailOptions {
  db: SealDatabase;
  log: AuditLog;
  crypto: CryptoClient;
  transport: SealTransport;
  userId: string;
  retry: OutboxPolicy;
  /** The signing identity while unlocked, else null. */
  signer: () => { fingerprint: string; armoredPublicKey: string } | null;
  publicKey: () => string | null;
  onAppend: (entry: AuditEntry) => void;
  onError: (error: unknown) => void;
}

/**
 * Records security-relevant actions, signs the chain in batches while the key is unlocked, and
 * delivers signed entries to the portal through `transport.recordAudit`, each exactly once: the
 * transport stores an id once, and a local cursor remembers what was delivered.
 */
export class AuditTrail {
  readonly #o: TrailOptions;
  #sealTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempts = 0;
  #delivering: Promise<void> | null = null;
  #stopped = false;

  constructor(options: TrailOptions) {
    this.#o = options;
  }

  /** Appends an entry (ids and metadata only) and schedules its signature. */
  async record(kind: AuditKind, data: AuditData = {}): Promise<AuditEntry | null> {
    if (this.#stopped) return null;
    try {
      const entry = await this.#o.log.append(kind, data);
      this.#o.onAppend(entry);
      this.scheduleSeal();
      return entry;
    } catch (error) {
      this.#o.onError(error);
      return null;
    }
  }

  scheduleSeal(): void {
    clearTimeout(this.#sealTimer);
    if (this.#stopped) return;
    this.#sealTimer = setTimeout(() => void this.seal().catch((error) => this.#o.onError(error)), SEAL_DELAY_MS);
  }

  /** Signs the unsigned tail of the chain now, if the key is unlocked; then delivers. */
  async seal(): Promise<void> {
    clearTimeout(this.#sealTimer);
    if (this.#stopped) return;
    await this.#o.log.settled();
    const signer = this.#o.signer();
    const last = await this.#o.log.last();
    const sealed = await this.#o.log.lastSeal();
    if (signer && last && (sealed?.throughSeq ?? 0) < last.seq) {
      const signature = await this.#o.crypto.call('signDetached', sealStatement(this.#o.userId, last.seq, last.hash));
      await this.#o.log.addSeal({ throughSeq: last.seq, hash: last.hash, signedAt: new Date().toISOString(), fingerprint: signer.fingerprint, signature });
    }
    await this.deliver();
  }

  /** Delivers signed entries not yet delivered; retries with backoff on failure. */
  deliver(): Promise<void> {
    if (!this.#o.transport.recordAudit || this.#stopped) return Promise.resolve();
    this.#delivering ??= this.#deliver().finally(() => (this.#delivering = null));
    return this.#delivering;
  }

  async #deliver(): Promise<void> {
    const recordAudit = this.#o.transport.recordAudit!.bind(this.#o.transport);
    try {
      const seals = (await this.#o.log.seals()).sort((a, b) => a.throughSeq - b.throughSeq);
      const signedThrough = seals.at(-1)?.throughSeq ?? 0;
      let delivered = Number((await this.#o.db.get('meta', DELIVERED_KEY)) ?? 0);
      while (delivered < signedThrough && !this.#stopped) {
        const batch = (await this.#o.log.entries({ after: delivered, limit: BATCH })).filter((entry) => entry.seq <= signedThrough);
        if (batch.length === 0) break;
        const records: SignedRecord[] = batch.map((entry) => {
          const seal = seals.find((candidate) => candidate.throughSeq >= entry.seq)!;
          return {
            id: entry.id,
            userId: entry.userId,
            payload: canonicalJson({ entry, seal: { throughSeq: seal.throughSeq, hash: seal.hash, fingerprint: seal.fingerprint } }),
            signature: seal.signature,
          };
        });
        await callTransport(() => recordAudit(records));
        delivered = batch.at(-1)!.seq;
        await this.#o.db.put('meta', String(delivered), DELIVERED_KEY);
      }
      this.#attempts = 0;
    } catch (error) {
      if (this.#stopped) return;
      const failure = toSealError(error, 'TRANSPORT', 'Delivering the audit log failed');
      this.#attempts += 1;
      clearTimeout(this.#retryTimer);
      if (!this.#stopped) this.#retryTimer = setTimeout(() => void this.deliver(), retryDelay(this.#attempts, this.#o.retry));
      this.#o.onError(failure);
    }
  }

  async export(): Promise<AuditExport> {
    return {
      format: 'sealbox-audit-log',
      version: 1,
      userId: this.#o.userId,
      exportedAt: new Date().toISOString(),
      publicKey: this.#o.publicKey(),
      entries: await this.#o.log.entries(),
      seals: await this.#o.log.seals(),
    };
  }

  /** Verifies the local log against the user's own public key. */
  async verify(): Promise<AuditVerification> {
    const publicKey = this.#o.publicKey();
    const log = { entries: await this.#o.log.entries(), seals: await this.#o.log.seals() };
    return verifyAuditLog(log, (text, signature) =>
      publicKey ? this.#o.crypto.call('verifyDetached', text, signature, publicKey) : Promise.resolve(false),
    );
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#sealTimer);
    clearTimeout(this.#retryTimer);
  }
}
