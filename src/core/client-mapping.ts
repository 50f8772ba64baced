import * as v from 'valibot';
import { ENVELOPE_VERSION, messageEnvelopeSchema, type MessageEnvelope } from './envelope.js';
import { SealError } from './errors.js';
import { statusFor } from './message-opener.js';
import type { ContactRecord, MessageRecord, ThreadRecord } from './store/database.js';
import type { DeliveryState } from './store/outbox.js';
import type { MessageSummary, SendInput, ThreadSummary } from './types.js';

/** Builds the signed inner envelope from what the user wrote, rejecting malformed input by field. */
export function composeEnvelope(input: SendInput, from: string): MessageEnvelope {
  if (!input || typeof input !== 'object') throw new SealError('INVALID_INPUT', 'send() needs { to, subject, body }');
  const to = Array.isArray(input.to) ? [...new Set(input.to)] : input.to;
  if (Array.isArray(to) && to.includes(from)) throw new SealError('INVALID_INPUT', 'You cannot send a message to yourself');
  const candidate = {
    v: ENVELOPE_VERSION,
    id: crypto.randomUUID(),
    threadId: input.threadId ?? crypto.randomUUID(),
    from,
    to,
    createdAt: new Date().toISOString(),
    subject: input.subject,
    body: input.body,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
  };
  const result = v.safeParse(messageEnvelopeSchema, candidate);
  if (!result.success) {
    const issue = result.issues[0];
    // Name the field only: the message must not echo what the user wrote.
    throw new SealError('INVALID_INPUT', `Invalid ${v.getDotPath(issue) ?? 'message'}`, { details: { field: v.getDotPath(issue) ?? 'message' } });
  }
  return result.output;
}

export function toThreadSummary(
  thread: ThreadRecord,
  me: string,
  last: MessageRecord | undefined,
  contact: ContactRecord | undefined,
  ownFingerprint: string | null,
): ThreadSummary {
  return Object.freeze({
    threadId: thread.threadId,
    correspondents: thread.participants.filter((id) => id !== me),
    addressed: thread.addressed,
    lastMessageAt: thread.lastMessageAt,
    lastMessageId: thread.lastMessageId,
    lastSender: thread.lastSender,
    messageCount: thread.messageCount,
    unreadCount: thread.unreadCount,
    invalidCount: thread.invalidCount ?? 0,
    lastMessageStatus: last ? statusFor(last.check, contact, ownFingerprint, last.createdAt) : null,
  });
}

export function toMessageSummary(
  record: MessageRecord,
  delivery: DeliveryState | 'delivered',
  contact: ContactRecord | undefined,
  ownFingerprint: string | null,
): MessageSummary {
  return Object.freeze({
    id: record.id,
    threadId: record.threadId,
    from: record.from,
    to: record.to,
    createdAt: record.createdAt,
    size: record.size,
    outgoing: record.outgoing,
    read: record.read,
    delivery,
    status: statusFor(record.check, contact, ownFingerprint, record.createdAt),
  });
}
