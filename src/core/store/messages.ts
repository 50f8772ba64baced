import type { DeliveredEnvelope, OutgoingEnvelope } from '../../transport/transport.js';
import type { Page } from '../types.js';
import { deleteBlobChunks } from './blob-chunks.js';
import type { MessageCheck, MessageRecord, OutboxBlob, OutboxRecord, SealDatabase, ThreadRecord } from './database.js';


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

  /** Stores delivered envelopes; returns the ones that were new. Known ids only gain their cursor. */
  async ingest(envelopes: readonly DeliveredEnvelope[]): Promise<MessageRecord[]> {
    const added: MessageRecord[] = [];
    const tx = this.#db.transaction(['messages', 'threads'], 'readwrite');
    const messages = tx.objectStore('messages');
    const threads = tx.objectStore('threads');
    for (const envelope of envelopes) {
      const known = await messages.get(envelope.id);
      if (known) {
        if (known.cursor === null) await messages.put({ ...known, cursor: envelope.cursor });
        continue;
      }
      const outgoing = envelope.from === this.#me;
      const record: MessageRecord = { ...copyEnvelope(envelope), cursor: envelope.cursor, outgoing, read: outgoing, check: null };
      await messages.put(record);
      await threads.put(summarize(await threads.get(record.threadId), record));
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
  async commitOutgoing(envelope: OutgoingEnvelope, blobs: readonly OutboxBlob[] = []): Promise<MessageRecord> {
    const record: MessageRecord = { ...copyEnvelope(envelope), cursor: null, outgoing: true, read: true, check: null };
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
    await threads.put(summarize(await threads.get(record.threadId), record));
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
    const threadId = queued.envelope.threadId;
    const range = IDBKeyRange.bound([threadId, '', ''], [threadId, '\uffff', '']);
    let rebuilt: ThreadRecord | undefined;
    let cursor = await tx.objectStore('messages').index('byThread').openCursor(range);
    while (cursor) {
      rebuilt = summarize(rebuilt, cursor.value);
      cursor = await cursor.continue();
    }
    if (rebuilt) await tx.objectStore('threads').put(rebuilt);
    else await tx.objectStore('threads').delete(threadId);
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

  async setCheck(id: string, check: MessageCheck): Promise<void> {
    const tx = this.#db.transaction('messages', 'readwrite');
    const record = await tx.store.get(id);
    if (record) await tx.store.put({ ...record, check });
    await tx.done;
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

function summarize(thread: ThreadRecord | undefined, message: MessageRecord): ThreadRecord {
  const participants = new Set([...(thread?.participants ?? []), message.from, ...message.to]);
  const isLatest = !thread || message.createdAt >= thread.lastMessageAt;
  return {
    threadId: message.threadId,
    participants: [...participants],
    lastMessageAt: isLatest ? message.createdAt : thread.lastMessageAt,
    lastMessageId: isLatest ? message.id : thread.lastMessageId,
    lastSender: isLatest ? message.from : thread.lastSender,
    messageCount: (thread?.messageCount ?? 0) + 1,
    unreadCount: (thread?.unreadCount ?? 0) + (message.read ? 0 : 1),
  };
}
