import type { CryptoClient } from '../crypto/crypto-client.js';
import { SealError } from '../errors.js';
import { RECORD_KEY_META, type SealDatabase } from '../store/database.js';

/** How often opening is tried again when another tab stored a record key meanwhile. */
const OPEN_ATTEMPTS = 3;

/**
 * The key that seals this device's contact records (see contact-book.ts), as the page keeps it:
 * wrapped to the user's own key and signed, in `meta`. Only the unlocked worker ever holds it open.
 */
export class RecordKey {
  readonly #db: SealDatabase;
  readonly #crypto: CryptoClient;
  #open = false;

  constructor(db: SealDatabase, crypto: CryptoClient) {
    this.#db = db;
    this.#crypto = crypto;
  }

  /** Whether the worker holds the record key (since the last unlock). */
  get open(): boolean {
    return this.#open;
  }

  /**
   * Opens the stored record key in the unlocked worker, or makes and stores one. Resolves to whether a
   * stored key had to be replaced because it did not open as this user's (the store was changed, or
   * another identity was installed): records sealed with it then show as altered; and whether there
   * was none at all before (`fresh`: the first unlock since seals exist).
   */
  async unlock(): Promise<{ replaced: boolean; fresh: boolean }> {
    for (let attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      const stored = (await this.#db.get('meta', RECORD_KEY_META)) ?? null;
      const opened = await this.#crypto.call('openRecordKey', stored);
      if (opened.wrapped === null) {
        this.#open = true;
        return { replaced: false, fresh: false };
      }
      // Another tab may have stored its new key meanwhile: write only over what was read, else open that one.
      const tx = this.#db.transaction('meta', 'readwrite');
      if (((await tx.store.get(RECORD_KEY_META)) ?? null) !== stored) {
        tx.abort();
        await tx.done.catch(() => undefined);
        continue;
      }
      await tx.store.put(opened.wrapped, RECORD_KEY_META);
      await tx.done;
      this.#open = true;
      return { replaced: opened.replaced, fresh: stored === null };
    }
    throw new SealError('INTERNAL', 'The record key kept changing while it was opened: try again');
  }

  /** The worker no longer holds it (locked, or the worker was ended). */
  close(): void {
    this.#open = false;
  }
}
