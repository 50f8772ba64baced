/**
 * Request shapes the relay accepts (valibot). Envelopes and records are checked by the shared relay
 * rules (src/transport/relay-rules.ts); what is here covers the HTTP-only parts.
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { userId } from '../../src/core/envelope.js';
import { HttpError } from './errors.js';

/** Upper bound of an armored public key (a key with several subkeys and signatures stays far below). */
export const MAX_ARMORED_KEY_CHARS = 64 * 1024;
/** Most audit entries accepted in one batch. */
export const MAX_AUDIT_BATCH = 1000;

// Header line, optional armor headers ("Comment: ..."), a blank line, base64 (and the =CRC line), footer.
const ARMORED_PUBLIC_KEY =
  /^-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n(?:[^\r\n:]+: [^\r\n]*\r?\n)*\r?\n[A-Za-z0-9+/=\r\n]+-----END PGP PUBLIC KEY BLOCK-----\s*$/;

const wholeNumber = v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'must be a whole number'), v.transform(Number));

export const sessionRequest = v.object({
  userId,
  password: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1024)),
});

export const keyRequest = v.object({
  userId: v.optional(v.string()),
  armoredKey: v.pipe(
    v.string(),
    v.maxLength(MAX_ARMORED_KEY_CHARS, `must be at most ${MAX_ARMORED_KEY_CHARS} characters`),
    v.regex(ARMORED_PUBLIC_KEY, 'must be an ASCII-armored OpenPGP public key block'),
  ),
  // Accepted for compatibility with the transport contract; the account's own name and role are used.
  displayName: v.optional(v.unknown()),
  role: v.optional(v.unknown()),
});

export const auditRequest = v.object({
  records: v.pipe(v.array(v.unknown()), v.maxLength(MAX_AUDIT_BATCH, `must hold at most ${MAX_AUDIT_BATCH} records`)),
});

export const directoryQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(256)), ''),
  limit: v.optional(wholeNumber),
});

/** A chunk index in a path: a whole number from 0 (the blob rules check it against the count). */
export const chunkIndex = v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be a whole number'), v.transform(Number));

export const chunkUploadQuery = v.object({
  count: v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be a whole number'), v.transform(Number)),
});

export const mailboxQuery = v.object({
  after: v.optional(v.pipe(v.string(), v.maxLength(256))),
  limit: v.optional(wholeNumber, '100'),
});

/** Parses `value` or throws a 400 naming the first bad field. */
export function parse<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new HttpError(400, `Invalid ${what} (${v.getDotPath(issue) ?? 'value'}: ${issue.message})`);
}

/** The body of a chunk upload: raw bytes, sent as application/octet-stream (its size was bounded by the chunk limit). */
export async function readChunkBody(c: Context): Promise<Uint8Array> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/octet-stream') throw new HttpError(400, 'A chunk is sent as application/octet-stream');
  return new Uint8Array(await c.req.arrayBuffer());
}

/** The request body as JSON (its size was bounded by the body limit). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON', { code: 'INVALID_JSON' });
  }
}
