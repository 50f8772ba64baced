import type { SealTransport, SignedRecord } from '../../transport/transport.js';
import { canonicalJson, sha256Hex } from '../canonical.js';
import type { CryptoClient } from '../crypto/crypto-client.js';
import { toSealError } from '../errors.js';
import type { SealDatabase } from '../store/database.js';
import { retryDelay, type OutboxPolicy } from '../store/outbox.js';
import { callTransport } from '../transport-call.js';
import type { AuditLog } from './audit-log.js';
import { GENESIS_HASH, type AuditData, type AuditEntry, type AuditKind, type AuditSeal } from './audit-types.js';
import { verifyAuditLog, type AuditHead, type AuditVerification } from './verify-audit-log.js';

const SEAL_DELAY_MS = 1000;
const BATCH = 50;
const DELIVERED_KEY = 'auditDeliveredThrough';
/** The last seal this device made, kept apart from the seals: a log cut short at an earlier seal shows. */
const HEAD_KEY = 'auditHead';

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
    await this.sign();
    if (!this.#stopped) await this.deliver();
  }

  /** Signs the unsigned tail of the chain now, if the key is unlocked; delivers nothing (see `deliver`). */
  async sign(): Promise<void> {
    clearTimeout(this.#sealTimer);
    if (this.#stopped) return;
    await this.#o.log.settled();
    const signer = this.#o.signer();
    const last = await this.#o.log.last();
    const sealed = await this.#o.log.lastSeal();
    if (signer && last && (sealed?.throughSeq ?? 0) < last.seq) {
      const fields = { throughSeq: last.seq, hash: last.hash, prevSealHash: sealed ? await sha256Hex(sealed.signature) : GENESIS_HASH };
      const { signature } = await this.#o.crypto.call('signAuditSeal', fields);
      await this.#o.log.addSeal({ ...fields, signedAt: new Date().toISOString(), fingerprint: signer.fingerprint, signature });
      await this.#o.db.put('meta', JSON.stringify({ throughSeq: fields.throughSeq, hash: fields.hash } satisfies AuditHead), HEAD_KEY);
    }
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
            payload: canonicalJson({ entry, seal: { throughSeq: seal.throughSeq, hash: seal.hash, prevSealHash: seal.prevSealHash, fingerprint: seal.fingerprint } }),
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

  /** Verifies the local log against the user's own public key, and against the last seal this device made. */
  async verify(): Promise<AuditVerification> {
    const publicKey = this.#o.publicKey();
    const log = { entries: await this.#o.log.entries(), seals: await this.#o.log.seals() };
    const check = (text: string, signature: string) => (publicKey ? this.#o.crypto.call('verifyDetached', 'audit-seal', text, signature, publicKey) : Promise.resolve(false));
    return verifyAuditLog(log, check, { knownHead: await this.head() });
  }

  /** The last seal this device made, or null. */
  async head(): Promise<AuditHead | null> {
    try {
      const head = JSON.parse((await this.#o.db.get('meta', HEAD_KEY)) ?? 'null') as AuditHead | null;
      return head && Number.isSafeInteger(head.throughSeq) && typeof head.hash === 'string' ? { throughSeq: head.throughSeq, hash: head.hash } : null;
    } catch {
      return null;
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#sealTimer);
    clearTimeout(this.#retryTimer);
  }
}
