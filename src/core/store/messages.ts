import type { IDBPObjectStore } from 'idb';
import type { DeliveredEnvelope, OutgoingEnvelope } from '../../transport/transport.js';
import type { Page } from '../types.js';
import { deleteBlobChunks } from './blob-chunks.js';
import type { MessageCheck, MessageRecord, OutboxBlob, OutboxRecord, SealDatabase, SealSchema, ThreadRecord } from './database.js';
import { changed, summarize, withMessage, withVerified } from './thread-summary.js';

/** An envelope to store: as delivered, or (`invalid`) kept as unreadable, with why. */
export interface Incoming {
  readonly envelope: DeliveredEnvelope;
  readonly invalid?: { readonly reason: string };
}


/** Cursor strings for index positions: JSON of the compound key. */
const encodeCursor = (key: readonly string[]): string => JSON.stringify(key);
function decodeCursor(cursor: string, length: number): string[] | null {
  try {
    const key: unknown = JSON.parse(cursor);
    return Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string') ? key : null;
  } catch {
    return null;
  }
}

/**
 * The local cache of ciphertext messages and per-thread summaries. Writes happen in one transaction
 * per batch, with no other work awaited inside it.
 */
export class MessageStore {
  readonly #db: SealDatabase;
  readonly #me: string;

  constructor(db: SealDatabase, me: string) {
    this.#db = db;
    this.#me = me;
  }

  /**
   * Stores delivered envelopes; returns the ones that were new. Known ids only gain their cursor. An
   * envelope the database refuses does not stop the others: it is kept as unreadable instead (when
   * even that fails, local storage itself is failing, and this rejects).
   */
  async ingest(incoming: readonly Incoming[]): Promise<MessageRecord[]> {
    try {
      return await this.#ingest(incoming);
    } catch (error) {
      if (incoming.length === 0) throw error;
      const added: MessageRecord[] = [];
      for (const item of incoming) {
        try {
          added.push(...(await this.#ingest([item])));
        } catch (single) {
          if (item.invalid) throw single;
          added.push(...(await this.#ingest([unreadable(item.envelope, 'could not be stored')])));
        }
      }
      return added;
    }
  }

  async #ingest(incoming: readonly Incoming[]): Promise<MessageRecord[]> {
    const added: MessageRecord[] = [];
    const tx = this.#db.transaction(['messages', 'threads'], 'readwrite');
    const messages = tx.objectStore('messages');
    const threads = tx.objectStore('threads');
    for (const { envelope, invalid } of incoming) {
      const known = await messages.get(envelope.id);
      if (known) {
        if (known.cursor === null) await messages.put({ ...known, cursor: envelope.cursor });
        continue;
      }
      const outgoing = envelope.from === this.#me;
      const record: MessageRecord = invalid
        ? { ...envelope, to: [...envelope.to], cursor: envelope.cursor, outgoing, read: true, check: { ok: false, code: 'MALFORMED_ENVELOPE', reason: invalid.reason } }
        : { ...copyEnvelope(envelope), cursor: envelope.cursor, outgoing, read: outgoing, check: null };
      await messages.put(record);
      await threads.put(withMessage(await threads.get(record.threadId), record, this.#me));
      added.push(record);
    }
    await tx.done;
    return added;
  }

  /**
   * Commits a message this user just wrote: the local copy and its outbox entry in one transaction,
   * so it is either fully queued or not at all. `blobs` are its attachments, whose chunks are already
   * stored in `blobChunks`.
   */
  async commitOutgoing(envelope: OutgoingEnvelope, signerFingerprint: string, blobs: readonly OutboxBlob[] = []): Promise<MessageRecord> {
    // Written and signed here, just now: as verified as a message can be (opening it checks again).
    const record: MessageRecord = { ...copyEnvelope(envelope), cursor: null, outgoing: true, read: true, check: { ok: true, signerFingerprint } };
    const queued: OutboxRecord = {
      id: record.id,
      envelope: copyEnvelope(envelope),
      ...(blobs.length > 0 ? { blobs: blobs.map(({ id, chunks }) => ({ id, chunks })), chunksUploaded: 0 } : {}),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      createdAt: new Date().toISOString(),
    };
    const tx = this.#db.transaction(['messages', 'threads', 'outbox'], 'readwrite');
    await tx.objectStore('outbox').put(queued);
    await tx.objectStore('messages').put(record);
    const threads = tx.objectStore('threads');
    await threads.put(withMessage(await threads.get(record.threadId), record, this.#me));
    await tx.done;
    return record;
  }

  /**
   * Removes an undelivered message of this user's (outbox entry and local copy) and recomputes its
   * thread. Returns false when it is no longer in the outbox (already delivered, or unknown).
   */
  async discardOutgoing(id: string): Promise<boolean> {
    const tx = this.#db.transaction(['messages', 'threads', 'outbox', 'blobChunks'], 'readwrite');
    const queued = await tx.objectStore('outbox').get(id);
    if (!queued) {
      await tx.done;
      return false;
    }
    await tx.objectStore('outbox').delete(id);
    await deleteBlobChunks(tx.objectStore('blobChunks'), (queued.blobs ?? []).map((blob) => blob.id));
    await tx.objectStore('messages').delete(id);
    await rebuildThread(tx.objectStore('messages'), tx.objectStore('threads'), queued.envelope.threadId, this.#me);
    await tx.done;
    return true;
  }

  get(id: string): Promise<MessageRecord | undefined> {
    return this.#db.get('messages', id);
  }

  /** Several messages in one read transaction, in the order of `ids`. */
  async getMany(ids: readonly string[]): Promise<(MessageRecord | undefined)[]> {
    const tx = this.#db.transaction('messages');
    const records = await Promise.all(ids.map((id) => tx.store.get(id)));
    await tx.done;
    return records;
  }

  thread(threadId: string): Promise<ThreadRecord | undefined> {
    return this.#db.get('threads', threadId);
  }

  /** Threads, most recent activity first. */
  async listThreads(options: { limit: number; before?: string | null }): Promise<Page<ThreadRecord>> {
    const before = options.before ? decodeCursor(options.before, 2) : null;
    const range = before ? IDBKeyRange.upperBound(before, true) : null;
    const items: ThreadRecord[] = [];
    let cursor = await this.#db.transaction('threads').store.index('byRecent').openCursor(range, 'prev');
    while (cursor && items.length < options.limit) {
      items.push(cursor.value);
      cursor = await cursor.continue();
    }
    const last = items.at(-1);
    return { items, next: cursor && last ? encodeCursor([last.lastMessageAt, last.threadId]) : null };
  }

  /** A thread's messages, newest first (so a view can load older ones as the reader scrolls up). */
  async listMessages(threadId: string, options: { limit: number; before?: string | null }): Promise<Page<MessageRecord>> {
    const before = options.before ? decodeCursor(options.before, 3) : null;
    const upper = before && before[0] === threadId ? before : [threadId, '\uffff', ''];
    const range = IDBKeyRange.bound([threadId, '', ''], upper, false, Boolean(before));
    const items: MessageRecord[] = [];
    let cursor = await this.#db.transaction('messages').store.index('byThread').openCursor(range, 'prev');
    while (cursor && items.length < options.limit) {
      items.push(cursor.value);
      cursor = await cursor.continue();
    }
    const last = items.at(-1);
    return { items, next: cursor && last ? encodeCursor([last.threadId, last.createdAt, last.id]) : null };
  }

  /**
   * Remembers what opening a message found, and updates its thread: a verified message adds its people;
   * one found invalid stops counting. Resolves to whether the thread's summary changed.
   */
  async setCheck(id: string, check: MessageCheck): Promise<boolean> {
    const tx = this.#db.transaction(['messages', 'threads'], 'readwrite');
    const messages = tx.objectStore('messages');
    const threads = tx.objectStore('threads');
    const record = await messages.get(id);
    let updated = false;
    if (record && !sameCheck(record.check, check)) {
      const checked = { ...record, check };
      await messages.put(checked);
      const before = await threads.get(record.threadId);
      // Once counted, a message that turns out invalid is taken out by summing the thread again.
      const after = check.ok && record.check?.ok !== false && before ? withVerified(before, checked, this.#me) : await rebuildThread(messages, threads, record.threadId, this.#me);
      if (after !== before && after) await threads.put(after);
      updated = changed(before, after);
    }
    await tx.done;
    return updated;
  }

  /** Marks every message of a thread read; returns whether anything changed. */
  async markThreadRead(threadId: string): Promise<boolean> {
    const tx = this.#db.transaction(['messages', 'threads'], 'readwrite');
    const thread = await tx.objectStore('threads').get(threadId);
    if (!thread || thread.unreadCount === 0) {
      await tx.done;
      return false;
    }
    const range = IDBKeyRange.bound([threadId, '', ''], [threadId, '\uffff', '']);
    let cursor = await tx.objectStore('messages').index('byThread').openCursor(range);
    while (cursor) {
      if (!cursor.value.read) await cursor.update({ ...cursor.value, read: true });
      cursor = await cursor.continue();
    }
    await tx.objectStore('threads').put({ ...thread, unreadCount: 0 });
    await tx.done;
    return true;
  }

  /** The highest transport cursor seen, to resume fetching. */
  async syncCursor(): Promise<string | null> {
    return (await this.#db.get('meta', 'syncCursor')) ?? null;
  }

  async setSyncCursor(cursor: string): Promise<void> {
    await this.#db.put('meta', cursor, 'syncCursor');
  }
}

function copyEnvelope(envelope: OutgoingEnvelope): OutgoingEnvelope {
  const { id, threadId, from, to, createdAt, ciphertext, size, blobIds } = envelope;
  return { id, threadId, from, to: [...to], createdAt: new Date(createdAt).toISOString(), ciphertext, size, ...(blobIds?.length ? { blobIds: [...blobIds] } : {}) };
}

type MessagesStore = IDBPObjectStore<SealSchema, ('messages' | 'threads')[], 'messages', 'readwrite'> | IDBPObjectStore<SealSchema, ('messages' | 'threads' | 'outbox' | 'blobChunks')[], 'messages', 'readwrite'>;
type ThreadsStore = IDBPObjectStore<SealSchema, ('messages' | 'threads')[], 'threads', 'readwrite'> | IDBPObjectStore<SealSchema, ('messages' | 'threads' | 'outbox' | 'blobChunks')[], 'threads', 'readwrite'>;

/** Sums a thread up again from its messages, stores the result (or removes a thread left empty) and returns it. */
async function rebuildThread(messages: MessagesStore, threads: ThreadsStore, threadId: string, me: string): Promise<ThreadRecord | undefined> {
  const range = IDBKeyRange.bound([threadId, '', ''], [threadId, '\uffff', '']);
  const records: MessageRecord[] = [];
  for (let cursor = await messages.index('byThread').openCursor(range); cursor; cursor = await cursor.continue()) records.push(cursor.value);
  const thread = summarize(records, me);
  if (thread) await threads.put(thread);
  else await threads.delete(threadId);
  return thread;
}

function sameCheck(a: MessageCheck | null, b: MessageCheck): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An envelope kept as unreadable: its ids when they are usable, and nothing it claims beyond them. */
export function unreadable(envelope: Pick<DeliveredEnvelope, 'id' | 'threadId' | 'from' | 'cursor'>, reason: string): Incoming {
  const { id, threadId, from, cursor } = envelope;
  return { envelope: { id, threadId, from, to: [], createdAt: new Date().toISOString(), ciphertext: '', size: 0, cursor }, invalid: { reason } };
}
