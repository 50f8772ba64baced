import * as v from 'valibot';
import type { DeliveredEnvelope, EnvelopeRouting } from '../transport/transport.js';
import { envelopeAttachmentsSchema, MAX_ENVELOPE_ATTACHMENTS } from './attachments/manifest.js';
import { SealError } from './errors.js';

/** Envelope format version written inside the ciphertext. */
export const ENVELOPE_VERSION = 1;

const MAX_ID_LENGTH = 256;
const MAX_RECIPIENTS = 100;

// Printable ids only: no control characters, so ids are safe to show and to log.
const userIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH), v.regex(/^[^\p{Cc}\p{Cf}\s]+$/u, 'must be printable, without spaces'));
const uuidSchema = v.pipe(v.string(), v.uuid());
/**
 * A time as Sealbox writes it (`Date.prototype.toISOString()`: UTC, milliseconds): one spelling per
 * instant, which every JavaScript engine parses to the same time. Offsets, missing seconds and dates
 * that roll over (February 30) are refused, so a time that passes cannot fail `new Date()` later.
 */
const isoDateSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be a UTC time such as 2026-01-31T09:30:00.000Z'),
  v.check((text) => !Number.isNaN(Date.parse(text)) && new Date(text).toISOString() === text, 'must be a real date and time'),
);
const recipientsSchema = v.pipe(
  v.array(userIdSchema),
  v.minLength(1),
  v.maxLength(MAX_RECIPIENTS),
  v.check((list) => new Set(list).size === list.length, 'recipients must be unique'),
);

const routingEntries = {
  id: uuidSchema,
  threadId: uuidSchema,
  from: userIdSchema,
  to: recipientsSchema,
  createdAt: isoDateSchema,
};

/** What the signed inner envelope holds. Subject and body exist only here, inside the ciphertext. */
export const messageEnvelopeSchema = v.strictObject({
  v: v.literal(ENVELOPE_VERSION),
  ...routingEntries,
  subject: v.pipe(v.string(), v.maxLength(998)),
  body: v.string(),
  replyTo: v.optional(uuidSchema),
  /** Files sent with the message: their manifests, whose chunk digests the signature covers. */
  attachments: v.optional(envelopeAttachmentsSchema),
});
export type MessageEnvelope = v.InferOutput<typeof messageEnvelopeSchema>;

/** Routing `blobIds`: attachment ids, unique; checked against the signed manifests when the message is opened. */
const blobIdsSchema = v.pipe(
  v.array(uuidSchema),
  v.maxLength(MAX_ENVELOPE_ATTACHMENTS),
  v.check((list) => new Set(list).size === list.length, 'blob ids must be unique'),
);

/** An envelope as received from a transport: untrusted until checked. */
export const deliveredEnvelopeSchema = v.object({
  ...routingEntries,
  blobIds: v.optional(blobIdsSchema),
  ciphertext: v.pipe(v.string(), v.minLength(1)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  cursor: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH)),
});

export const userId = userIdSchema;
/** A time as Sealbox writes it (see `isoDateSchema`). */
export const timestamp = isoDateSchema;

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${v.getDotPath(issue) ?? 'value'}: ${issue.message}`)
    .join('; ');
}

/** What checking a delivered envelope found: the envelope, or why not and the ids that are still usable. */
export type DeliveredCheck =
  | { readonly ok: true; readonly envelope: DeliveredEnvelope }
  | { readonly ok: false; readonly reason: string; readonly ids: Pick<DeliveredEnvelope, 'id' | 'threadId' | 'from' | 'cursor'> | null };

/** Which fields are wrong, by path and check, never by value (the values came from the transport). */
function describeFields(issues: readonly v.BaseIssue<unknown>[]): string {
  return [...new Set(issues.map((issue) => `${v.getDotPath(issue) ?? 'envelope'} (${issue.type})`))].slice(0, 3).join(', ');
}

/** Checks an envelope that came from a transport, field by field. */
export function checkDeliveredEnvelope(value: unknown): DeliveredCheck {
  const result = v.safeParse(deliveredEnvelopeSchema, value);
  if (result.success) return { ok: true, envelope: result.output };
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { id, threadId, from, cursor } = fields;
  const usable = v.is(uuidSchema, id) && v.is(uuidSchema, threadId) && v.is(deliveredEnvelopeSchema.entries.cursor, cursor);
  const ids = usable ? { id, threadId, from: v.is(userIdSchema, from) ? from : '', cursor } : null;
  return { ok: false, reason: describeFields(result.issues), ids };
}

/** Checks an envelope about to be signed, as the crypto engine does; throws INVALID_INPUT naming the field. */
export function checkMessageEnvelope(value: unknown): MessageEnvelope {
  const result = v.safeParse(messageEnvelopeSchema, value);
  if (!result.success) throw new SealError('INVALID_INPUT', `Not a message envelope (${describeFields(result.issues)})`);
  return result.output;
}

/** Checks decrypted envelope JSON; a malformed envelope is treated as tampering. */
export function parseMessageEnvelope(json: string): MessageEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new SealError('TAMPERED', 'Decrypted content is not a Sealbox envelope', { cause });
  }
  const result = v.safeParse(messageEnvelopeSchema, value);
  if (!result.success) throw new SealError('TAMPERED', `Decrypted envelope is malformed (${describeIssues(result.issues)})`);
  return result.output;
}

export function isValidUserId(value: unknown): value is string {
  return v.is(userIdSchema, value);
}

/**
 * The signed inner envelope must describe the same message as the routing data, so a signed message
 * cannot be replayed into another thread or re-addressed to someone else.
 */
export function assertRoutingMatches(inner: MessageEnvelope, routing: EnvelopeRouting): void {
  if (inner.from !== routing.from) {
    throw new SealError('WRONG_SENDER', 'The signed envelope names a different sender', { details: { messageId: routing.id } });
  }
  const sameRecipients = inner.to.length === routing.to.length && inner.to.every((id) => routing.to.includes(id));
  const mismatch =
    inner.id !== routing.id
      ? 'id'
      : inner.threadId !== routing.threadId
        ? 'threadId'
        : !sameRecipients
          ? 'to'
          : Date.parse(inner.createdAt) !== Date.parse(routing.createdAt)
            ? 'createdAt'
            : !sameAttachments(inner, routing)
              ? 'blobIds'
              : null;
  if (mismatch) {
    throw new SealError('ROUTING_MISMATCH', `The signed envelope does not match its routing data (${mismatch})`, {
      details: { messageId: routing.id, field: mismatch },
    });
  }
}

/**
 * The signed attachment ids and the routing `blobIds` must name the same blobs: a server that drops a
 * blob id would hide a file, and one that adds an id would make recipients able to read another blob.
 */
function sameAttachments(inner: MessageEnvelope, routing: EnvelopeRouting): boolean {
  const signed = new Set((inner.attachments ?? []).map((attachment) => attachment.id));
  const routed = routing.blobIds ?? [];
  return routed.length === signed.size && new Set(routed).size === routed.length && routed.every((id) => signed.has(id));
}

const pageSchema = v.object({
  envelopes: v.array(v.unknown()),
  cursor: v.nullable(v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH))),
  hasMore: v.boolean(),
});

/** Checks the shape of a fetched page; its envelopes are checked one by one by the caller. */
export function parseEnvelopePage(value: unknown): v.InferOutput<typeof pageSchema> {
  const result = v.safeParse(pageSchema, value);
  if (!result.success) {
    throw new SealError('TRANSPORT', `Malformed page from transport (${describeIssues(result.issues)})`, { retryable: false });
  }
  return result.output;
}
