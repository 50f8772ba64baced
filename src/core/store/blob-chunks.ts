import type { BlobChunkRecord, SealDatabase } from './database.js';

/** Chunks of a send that never reached the outbox (the tab closed mid-way) are cleared after this long. */
const ORPHAN_AGE_MS = 60 * 60_000;

/** The key range of every chunk of one blob. */
function blobRange(blobId: string): IDBKeyRange {
  return IDBKeyRange.bound([blobId, 0], [blobId, Infinity]);
}

/** Deletes every chunk of the given blobs, inside the caller's transaction. */
export async function deleteBlobChunks(store: { delete(range: IDBKeyRange): Promise<void> }, blobIds: readonly string[]): Promise<void> {
  for (const blobId of blobIds) await store.delete(blobRange(blobId));
}

/**
 * Encrypted attachment chunks of outgoing messages, kept until the message is delivered so an upload
 * can resume after a failure or a reload. Ciphertext only: the plaintext never reaches IndexedDB.
 */
export class BlobChunkStore {
  readonly #db: SealDatabase;

  constructor(db: SealDatabase) {
    this.#db = db;
  }

  /** One chunk per transaction: the worker encrypts the next one in between, and nothing else may be awaited inside. */
  async put(record: BlobChunkRecord): Promise<void> {
    await this.#db.put('blobChunks', record);
  }

  get(blobId: string, index: number): Promise<BlobChunkRecord | undefined> {
    return this.#db.get('blobChunks', [blobId, index]);
  }

  async delete(blobIds: readonly string[]): Promise<void> {
    if (blobIds.length === 0) return;
    const tx = this.#db.transaction('blobChunks', 'readwrite');
    await deleteBlobChunks(tx.store, blobIds);
    await tx.done;
  }

  /**
   * Deletes chunks that no outbox entry needs: left by a send interrupted before its commit, or by a
   * delivery whose clean-up did not finish. Recent ones are spared: another tab may be sending them.
   */
  async sweep(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - ORPHAN_AGE_MS).toISOString();
    const tx = this.#db.transaction(['outbox', 'blobChunks'], 'readwrite');
    const queued = new Set(await tx.objectStore('outbox').getAllKeys());
    const chunks = tx.objectStore('blobChunks');
    let removed = 0;
    let cursor = await chunks.index('byMessage').openKeyCursor();
    while (cursor) {
      const [messageId, storedAt] = cursor.key;
      if (!queued.has(messageId) && storedAt < cutoff) {
        await chunks.delete(cursor.primaryKey);
        removed += 1;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return removed;
  }
}
