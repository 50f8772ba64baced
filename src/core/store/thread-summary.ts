/**
 * What a thread's summary says, and from which messages. Who is in a thread (and so who a reply goes
 * to) comes only from messages that passed verification, or that this user wrote here: routing data
 * that a backend or another user can write never adds anyone. Messages known to be invalid count for
 * nothing; a thread whose messages are all invalid is kept, so that they can still be seen.
 */
import type { MessageRecord, ThreadRecord } from './database.js';

const isInvalid = (message: MessageRecord) => message.check?.ok === false;

function union(list: readonly string[], more: readonly string[]): readonly string[] {
  const added = more.filter((id) => !list.includes(id));
  return added.length === 0 ? list : [...list, ...added];
}

/** The empty summary of a thread first seen with `message`. */
function start(message: MessageRecord): ThreadRecord {
  return {
    threadId: message.threadId,
    participants: [],
    addressed: [],
    lastMessageAt: message.createdAt,
    lastMessageId: message.id,
    lastSender: message.from,
    messageCount: 0,
    unreadCount: 0,
    invalidCount: 0,
  };
}

/** The thread with `message` added to it (a message it did not hold yet). */
export function withMessage(thread: ThreadRecord | undefined, message: MessageRecord, me: string): ThreadRecord {
  const base = thread ?? start(message);
  if (isInvalid(message)) return { ...base, invalidCount: base.invalidCount + 1 };
  // A thread holding only invalid messages shows its first valid one as the last.
  const isLatest = base.messageCount === 0 || message.createdAt >= base.lastMessageAt;
  return withVerified(
    {
      ...base,
      lastMessageAt: isLatest ? message.createdAt : base.lastMessageAt,
      lastMessageId: isLatest ? message.id : base.lastMessageId,
      lastSender: isLatest ? message.from : base.lastSender,
      messageCount: base.messageCount + 1,
      unreadCount: base.unreadCount + (message.read ? 0 : 1),
    },
    message,
    me,
  );
}

/** The thread once `message` (which it holds) passed verification: its sender and recipients are in it. */
export function withVerified(thread: ThreadRecord, message: MessageRecord, me: string): ThreadRecord {
  if (message.check?.ok !== true) return thread;
  const participants = union(thread.participants, [message.from, ...message.to]);
  const addressed = message.from === me ? union(thread.addressed, message.to) : thread.addressed;
  return participants === thread.participants && addressed === thread.addressed ? thread : { ...thread, participants, addressed };
}

/** The summary of a thread from all of its messages, oldest first; undefined when it has none. */
export function summarize(messages: Iterable<MessageRecord>, me: string): ThreadRecord | undefined {
  let thread: ThreadRecord | undefined;
  for (const message of messages) thread = withMessage(thread, message, me);
  return thread;
}

/** Whether the two summaries differ in anything a reader sees. */
export function changed(before: ThreadRecord | undefined, after: ThreadRecord | undefined): boolean {
  return JSON.stringify(before) !== JSON.stringify(after);
}
