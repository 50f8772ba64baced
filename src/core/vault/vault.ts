import type { CryptoClient } from '../crypto/crypto-client.js';
import { isSealError, SealError } from '../errors.js';
import type { IdentityRecord, SealDatabase } from '../store/database.js';
import type { Lockout } from './lockout.js';

/**
 * The user's key vault: the passphrase-protected private key in IndexedDB, unlocked only inside the
 * crypto worker. Every passphrase check (unlock, import, change, export) is counted by {@link Lockout}
 * before it is tried, so no path and no number of calls at once skips the delay.
 */
export class KeyVault {
  readonly #db: SealDatabase;
  readonly #crypto: CryptoClient;
  readonly #lockout: Lockout;
  readonly #userId: string;

  constructor(db: SealDatabase, crypto: CryptoClient, lockout: Lockout, userId: string) {
    this.#db = db;
    this.#crypto = crypto;
    this.#lockout = lockout;
    this.#userId = userId;
  }

  identity(): Promise<IdentityRecord | undefined> {
    return this.#db.get('identity', 'self');
  }

  async create(passphrase: string): Promise<IdentityRecord> {
    await this.#assertNoIdentity();
    const keys = await this.#crypto.call('createIdentity', this.#userId, passphrase);
    return this.#store({
      userId: this.#userId,
      fingerprint: keys.fingerprint,
      armoredPublicKey: keys.armoredPublicKey,
      armoredPrivateKey: keys.armoredPrivateKey,
      createdAt: keys.createdAt,
      publishedAt: null,
    });
  }

  /**
   * Unlocks the stored key. The identity returned takes its fingerprint and public key from the
   * unlocked key itself, never from the stored record: a record that says otherwise was changed outside
   * Sealbox, and is written back as the key says (`altered` then gives the fingerprint it claimed).
   */
  async unlock(passphrase: string): Promise<{ identity: IdentityRecord; altered: string | null }> {
    const stored = await this.#requireIdentity();
    const info = await this.#guarded(() => this.#crypto.call('unlock', stored.armoredPrivateKey, passphrase, this.#userId));
    const { fingerprint, armoredPublicKey, createdAt } = info;
    if (stored.fingerprint === fingerprint && stored.armoredPublicKey === armoredPublicKey && stored.createdAt === createdAt) return { identity: stored, altered: null };
    const identity = await this.#store({ ...stored, userId: this.#userId, fingerprint, armoredPublicKey, createdAt });
    return { identity, altered: stored.fingerprint === fingerprint ? null : String(stored.fingerprint) };
  }

  /** Installs an identity from a backup; refuses to overwrite an existing one unless `replace`. */
  async importBackup(armoredBackup: string, passphrase: string, replace: boolean): Promise<IdentityRecord> {
    if (!replace) await this.#assertNoIdentity();
    const keys = await this.#guarded(() => this.#crypto.call('importBackup', armoredBackup, passphrase, this.#userId));
    const existing = await this.identity();
    const publishedAt = existing?.fingerprint === keys.fingerprint ? existing.publishedAt : null;
    return this.#store({
      userId: this.#userId,
      fingerprint: keys.fingerprint,
      armoredPublicKey: keys.armoredPublicKey,
      armoredPrivateKey: keys.armoredPrivateKey,
      createdAt: keys.createdAt,
      publishedAt,
    });
  }

  /**
   * The passphrase-protected private key, armored, once `passphrase` is shown to unlock it: a page
   * script cannot take the key away to guess the passphrase elsewhere without this lockout.
   */
  async exportBackup(passphrase: string): Promise<string> {
    const identity = await this.#requireIdentity();
    await this.#guarded(() => this.#crypto.call('checkPassphrase', identity.armoredPrivateKey, passphrase, this.#userId));
    return identity.armoredPrivateKey;
  }

  async changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
    const identity = await this.#requireIdentity();
    const armoredPrivateKey = await this.#guarded(() =>
      this.#crypto.call('changePassphrase', identity.armoredPrivateKey, oldPassphrase, newPassphrase),
    );
    await this.#store({ ...identity, armoredPrivateKey });
  }

  /** Records that `identity` (as the unlocked key gave it) was published. */
  async markPublished(identity: IdentityRecord): Promise<IdentityRecord> {
    return this.#store({ ...identity, publishedAt: new Date().toISOString() });
  }

  async #guarded<T>(attempt: () => Promise<T>): Promise<T> {
    const ticket = await this.#lockout.begin();
    try {
      const result = await attempt();
      await ticket.succeeded();
      return result;
    } catch (error) {
      if (!isSealError(error, 'WRONG_PASSPHRASE')) {
        // Not a wrong passphrase (a malformed backup, a worker that failed): the attempt is given back.
        await ticket.notTried();
        throw error;
      }
      const { failures, retryAt } = ticket.failed;
      throw new SealError('WRONG_PASSPHRASE', error.message, {
        cause: error,
        retryAt: retryAt || undefined,
        details: { failures, retryAt },
      });
    }
  }

  async #store(record: IdentityRecord): Promise<IdentityRecord> {
    await this.#db.put('identity', record, 'self');
    return record;
  }

  async #requireIdentity(): Promise<IdentityRecord> {
    const identity = await this.identity();
    if (!identity) throw new SealError('NO_IDENTITY', 'No identity exists on this device yet');
    return identity;
  }

  async #assertNoIdentity(): Promise<void> {
    if (await this.identity()) throw new SealError('IDENTITY_EXISTS', 'An identity already exists on this device');
  }
}
