// The inbox's loaded thread list: ordering as threads change, and what happens at the paging edge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SealClient } from '../../src/core/client.js';
import type { ThreadSummary } from '../../src/core/types.js';
import { ThreadList } from '../../src/elements/inbox/inbox-threads.js';

function thread(n: number, overrides: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    threadId: `thread-${String(n).padStart(3, '0')}`,
    correspondents: ['dr-lee'],
    addressed: [],
    lastMessageAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    lastMessageId: `message-${n}`,
    lastSender: 'dr-lee',
    messageCount: 1,
    unreadCount: 1,
    invalidCount: 0,
    lastMessageStatus: null,
    ...overrides,
  };
}

/** A client whose mailbox holds threads 1..total; pages newest first. */
function mailbox(total: number, pageSize: number): SealClient {
  const all = Array.from({ length: total }, (_, i) => thread(total - i));
  return {
    async listThreads({ before }: { before?: string | null } = {}) {
      const start = before ? Number(before) : 0;
      const items = all.slice(start, start + pageSize);
      return { items, next: start + pageSize < total ? String(start + pageSize) : null };
    },
  } as unknown as SealClient;
}

const ids = (list: ThreadList) => list.items.map((item) => item.threadId);

describe('inbox thread list', () => {
  it('keeps the oldest loaded thread when it is re-read (a contact changed), so paging goes on from it', async () => {
    const list = new ThreadList();
    const client = mailbox(10, 4);
    await list.load(client, 4);
    assert.deepEqual(ids(list), ['thread-010', 'thread-009', 'thread-008', 'thread-007']);
    list.upsert({ ...list.items[3]!, lastMessageStatus: 'verified' });
    assert.deepEqual(ids(list), ['thread-010', 'thread-009', 'thread-008', 'thread-007']);
    assert.equal(list.items[3]!.lastMessageStatus, 'verified');
    assert.equal(await list.loadMore(client, 4), true);
    assert.deepEqual(ids(list).slice(3, 6), ['thread-007', 'thread-006', 'thread-005']);
  });

  it('moves a thread with a new message to the top, and leaves an unloaded older thread for its page', async () => {
    const list = new ThreadList();
    const client = mailbox(10, 4);
    await list.load(client, 4);
    list.upsert(thread(8, { lastMessageAt: new Date(Date.UTC(2026, 0, 2)).toISOString(), lastMessageId: 'message-new' }));
    assert.deepEqual(ids(list), ['thread-008', 'thread-010', 'thread-009', 'thread-007']);
    list.upsert(thread(2, { unreadCount: 0 }));
    assert.equal(list.indexOf('thread-002'), -1);
    assert.equal(list.items.length, 4);
  });
});
