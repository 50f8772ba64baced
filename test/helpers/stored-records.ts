import type { DraftFileChunkRecord } from '../../src/core/store/database.js';

/** Reads a client's IndexedDB directly, the way an attacker with access to the profile could. */
export async function storedRecords(databaseName: string, storeName: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(databaseName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(storeName).objectStore(storeName).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** The story database of `userId` that holds draft `draftId` (what a reload of the story opens again). */
export async function storyDatabaseWithDraft(draftId: string, userId = 'ana'): Promise<string> {
  for (const { name } of await indexedDB.databases()) {
    if (!name?.startsWith(`sealbox-story:${userId}:`)) continue;
    const drafts = (await storedRecords(name, 'drafts').catch(() => [])) as { id: string }[];
    if (drafts.some((draft) => draft.id === draftId)) return name;
  }
  throw new Error('No database holds the draft');
}

/** A text file of about `size` bytes that starts with `marker`. */
export function textFile(name: string, marker: string, size = 4000): File {
  const line = `${marker} potassium 4.1 mmol/L, sodium 139 mmol/L.\n`;
  return new File([line.repeat(Math.ceil(size / line.length)).slice(0, size)], name, { type: 'text/plain' });
}

/** Rewrites the stored chunks of draft files in `database`, as someone with access to the browser profile could. */
export async function tamper(database: string, change: (chunks: DraftFileChunkRecord[]) => { put?: DraftFileChunkRecord[]; remove?: DraftFileChunkRecord[] }): Promise<void> {
  const chunks = (await storedRecords(database, 'draftFiles')) as DraftFileChunkRecord[];
  const { put = [], remove = [] } = change(chunks);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(database);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction('draftFiles', 'readwrite');
  for (const record of put) tx.objectStore('draftFiles').put(record);
  for (const record of remove) tx.objectStore('draftFiles').delete([record.draftId, record.blobId, record.index]);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

export const flipped = (record: DraftFileChunkRecord, position: number): DraftFileChunkRecord => {
  const bytes = record.bytes.slice();
  bytes[position]! ^= 0x01;
  return { ...record, bytes };
};

/** Writes records into a client's IndexedDB directly, as someone with access to the browser profile could. */
export async function putRecords(databaseName: string, storeName: string, records: readonly unknown[]): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(databaseName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(storeName, 'readwrite');
  for (const record of records) tx.objectStore(storeName).put(record);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}
