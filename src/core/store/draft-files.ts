import type { DraftFileChunkRecord, SealDatabase } from './database.js';

/** Chunks of a first save that never finished (the tab closed mid-way) are cleared after this long. */
const ORPHAN_AGE_MS = 60 * 60_000;

type ChunkKey = [string, string, number];

interface ChunkStore {
  getAllKeys(range: IDBKeyRange): Promise<ChunkKey[]>;
  count(range: IDBKeyRange): Promise<number>;
  delete(range: IDBKeyRange): Promise<void>;
}

/** The key range of every chunk of one draft's files (arrays sort after strings and numbers). */
export function draftRange(draftId: string): IDBKeyRange {
  return IDBKeyRange.bound([draftId], [draftId, []]);
}

function blobRange(draftId: string, blobId: string): IDBKeyRange {
  return IDBKeyRange.bound([draftId, blobId, 0], [draftId, blobId, Infinity]);
}

/** Deletes, inside the caller's transaction, every stored file of the draft but the ones in `keep`. */
export async function deleteDraftFilesExcept(store: ChunkStore, draftId: string, keep: ReadonlySet<string>): Promise<void> {
  const stored = new Set((await store.getAllKeys(draftRange(draftId))).map((key) => key[1]));
  for (const blobId of stored) if (!keep.has(blobId)) await store.delete(blobRange(draftId, blobId));
}

/**
 * Whether, inside the caller's transaction, every chunk of each file is stored: a save or delete of the
 * same draft in another tab may have removed some while this tab was writing them.
 */
export async function allChunksStored(store: ChunkStore, draftId: string, files: readonly { id: string; chunks: readonly unknown[] }[]): Promise<boolean> {
  for (const file of files) {
    if ((await store.count(blobRange(draftId, file.id))) !== file.chunks.length) return false;
  }
  return true;
}

/**
 * Encrypted chunks of the files kept with drafts. Ciphertext only: names, types and digests live in the
 * draft's own encrypted record; a chunk is never read without checking it against that record.
 */
export class DraftFileStore {
  readonly #db: SealDatabase;

  constructor(db: SealDatabase) {
    this.#db = db;
  }

  /** One chunk per transaction: the worker encrypts the next one in between. */
  async put(record: DraftFileChunkRecord): Promise<void> {
    await this.#db.put('draftFiles', record);
  }

  async get(draftId: string, blobId: string, index: number): Promise<Uint8Array | null> {
    return (await this.#db.get('draftFiles', [draftId, blobId, index]))?.bytes ?? null;
  }

  /** Deletes the given stored files of a draft (a save that failed half-way). */
  async deleteBlobs(draftId: string, blobIds: readonly string[]): Promise<void> {
    if (blobIds.length === 0) return;
    const tx = this.#db.transaction('draftFiles', 'readwrite');
    for (const blobId of blobIds) await tx.store.delete(blobRange(draftId, blobId));
    await tx.done;
  }

  /** Deletes chunks whose draft does not exist; recent ones are spared, as a first save may be writing them. */
  async sweep(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - ORPHAN_AGE_MS).toISOString();
    const tx = this.#db.transaction(['drafts', 'draftFiles'], 'readwrite');
    const drafts = new Set(await tx.objectStore('drafts').getAllKeys());
    const chunks = tx.objectStore('draftFiles');
    let removed = 0;
    let cursor = await chunks.index('byDraft').openKeyCursor();
    while (cursor) {
      const [draftId, storedAt] = cursor.key;
      if (!drafts.has(draftId) && storedAt < cutoff) {
        await chunks.delete(cursor.primaryKey);
        removed += 1;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return removed;
  }
}
