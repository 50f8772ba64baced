import { SealError } from '../errors.js';
import type { SealDatabase } from '../store/database.js';
import { GENESIS_HASH, type AuditData, type AuditEntry, type AuditKind, type AuditSeal } from './audit-types.js';
import { entryHash } from './verify-audit-log.js';

/**
 * The local, append-only audit log: a hash chain in IndexedDB. Hashing happens between transactions
 * (an IndexedDB transaction must not wait for other work), and `add` refuses a taken position, so two
 * tabs appending at once never fork the chain: the loser re-reads the tail and tries again.
 */
export class AuditLog {
  readonly #db: SealDatabase;
  readonly #userId: string;
  readonly #deviceId: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(db: SealDatabase, userId: string, deviceId: string) {
    this.#db = db;
    this.#userId = userId;
    this.#deviceId = deviceId;
  }

  /** Appends an entry after the current tail; entries from one tab keep their call order. */
  append(kind: AuditKind, data: AuditData = {}): Promise<AuditEntry> {
    const next = this.#queue.then(() => this.#append(kind, data));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every append requested so far has been written. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  async #append(kind: AuditKind, data: AuditData): Promise<AuditEntry> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const tail = await this.last();
      const fields = {
        seq: (tail?.seq ?? 0) + 1,
        id: crypto.randomUUID(),
        at: new Date().toISOString(),
        kind,
        userId: this.#userId,
        deviceId: this.#deviceId,
        data: { ...data },
        prevHash: tail?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...fields, hash: await entryHash(fields) };
      try {
        await this.#db.add('audit', entry);
        return entry;
      } catch (error) {
        if ((error as DOMException)?.name !== 'ConstraintError') throw new SealError('STORAGE', 'The audit log could not be written', { cause: error });
      }
    }
    throw new SealError('STORAGE', 'The audit log is too busy to append to');
  }

  async last(): Promise<AuditEntry | undefined> {
    const cursor = await this.#db.transaction('audit').store.openCursor(null, 'prev');
    return cursor?.value;
  }

  /** Entries in order; `after` and `limit` page through long logs. */
  async entries(options: { after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    await this.settled();
    const range = options.after ? IDBKeyRange.lowerBound(options.after, true) : null;
    return this.#db.getAll('audit', range, options.limit);
  }

  seals(): Promise<AuditSeal[]> {
    return this.#db.getAll('auditSeals');
  }

  async lastSeal(): Promise<AuditSeal | undefined> {
    const cursor = await this.#db.transaction('auditSeals').store.openCursor(null, 'prev');
    return cursor?.value;
  }

  async addSeal(seal: AuditSeal): Promise<void> {
    await this.#db.put('auditSeals', seal);
  }
}
