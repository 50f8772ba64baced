/**
 * The shapes `HttpTransport` accepts from the server. Every JSON answer is checked here before it
 * reaches the engine; a mismatch is a non-retryable TRANSPORT error naming the field.
 */
import * as v from 'valibot';
import { deliveredEnvelopeSchema, userId } from '../core/envelope.js';
import type { DeliveredEnvelope, DirectoryEntry, EnvelopePage, PublishedKey } from './transport.js';
import { transportError } from './transport-error.js';

const text = v.pipe(v.string(), v.maxLength(200));
/** More envelopes than any page asked for is not a mailbox page. */
const MAX_PAGE_ENVELOPES = 1000;
const cursor = v.pipe(v.string(), v.minLength(1), v.maxLength(256));

// The envelopes go to the engine as the server sent them: it checks each on its own, so one malformed
// envelope is kept as unreadable instead of failing the page (and with it every later message).
const pageSchema = v.pipe(
  v.object({ envelopes: v.pipe(v.array(v.unknown()), v.maxLength(MAX_PAGE_ENVELOPES)), cursor: v.nullable(cursor), hasMore: v.boolean() }),
  v.check((page) => page.cursor !== null || page.envelopes.length === 0, 'cursor is null on a page with envelopes'),
  v.check((page) => !page.hasMore || page.envelopes.length > 0, 'hasMore is set on an empty page'),
);

const keySchema = v.object({
  userId,
  armoredKey: v.pipe(v.string(), v.minLength(1)),
  displayName: v.nullish(text),
  role: v.nullish(text),
});

const chunkIndexesSchema = v.object({
  indexes: v.pipe(
    v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
    v.check((list) => list.every((index, at) => at === 0 || index > list[at - 1]!), 'indexes must be ascending, without repeats'),
  ),
});

const directorySchema = v.object({
  entries: v.array(v.object({ userId, displayName: text, role: v.nullish(text) })),
});

function parse<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw transportError(`Malformed ${what} from the server (${v.getDotPath(issue) ?? 'value'}: ${issue.message})`, { retryable: false });
}

/** Drops null and missing optional fields, so objects carry only what the server gave. */
function profile<T extends { displayName?: string | null; role?: string | null }>(value: T) {
  return {
    ...(value.displayName == null ? {} : { displayName: value.displayName }),
    ...(value.role == null ? {} : { role: value.role }),
  };
}

export function parsePage(value: unknown): EnvelopePage {
  const page = parse(pageSchema, value, 'envelope page');
  return { ...page, envelopes: page.envelopes as DeliveredEnvelope[] };
}

export function parseStreamEnvelope(value: unknown): DeliveredEnvelope {
  return parse(deliveredEnvelopeSchema, value, 'event stream envelope');
}

/** A key answer, which must be the key of the user asked for. */
export function parseKey(value: unknown, asked: string): PublishedKey {
  const key = parse(keySchema, value, 'key');
  if (key.userId !== asked) throw transportError('Malformed key from the server (userId: not the user asked for)', { retryable: false });
  return { userId: key.userId, armoredKey: key.armoredKey, ...profile(key) };
}

/** The indexes of the chunks a blob already has on the server, ascending. */
export function parseChunkIndexes(value: unknown): number[] {
  return parse(chunkIndexesSchema, value, 'chunk list').indexes;
}

export function parseDirectory(value: unknown): DirectoryEntry[] {
  return parse(directorySchema, value, 'directory answer').entries.map((entry) => ({ userId: entry.userId, displayName: entry.displayName, ...profile(entry) }));
}
