/** The relay's HTTP API (see README.md): routes, and the checks every request passes through. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { assertBlobId, checkBlobChunk } from '../../src/transport/relay-blob-rules.js';
import { checkFetch, checkKey, checkOutgoing, checkRecords, conflict, parseCursor, searchProfiles } from '../../src/transport/relay-rules.js';
import type { SignedRecord } from '../../src/transport/transport.js';
import { requireUser, type AuthEnv, type Tokens } from './auth.js';
import { clientAddress } from './client-address.js';
import { asHttpError, errorBody, failureName, HttpError } from './errors.js';
import { eventStream, toDelivered, type EventHub } from './events.js';
import { verifyPassword } from './passwords.js';
import { limitPerUser, type RateLimiter, type SignInLimiter } from './rate-limit.js';
import { requestLog, type LogFunction } from './request-log.js';
import { auditRequest, chunkIndex, chunkUploadQuery, directoryQuery, keyRequest, mailboxQuery, parse, readChunkBody, readJson, sessionRequest } from './schemas.js';
import type { BlobQuota, RelayStore } from './store/store.js';

export interface AppOptions {
  readonly store: RelayStore;
  readonly tokens: Tokens;
  readonly limiter: RateLimiter;
  /** Sign-in attempts, per client address and in all. */
  readonly signInLimiter: SignInLimiter;
  /** Take the client's address from X-Forwarded-For (see `clientAddress`). */
  readonly behindProxy: boolean;
  readonly hub: EventHub;
  /** Largest JSON body. */
  readonly bodyBytes: number;
  /** Attachment bounds; `maxChunkBytes` is also the body limit of chunk uploads. */
  readonly blobQuota: BlobQuota;
  readonly heartbeatMs: number;
  readonly corsOrigins: readonly string[];
  readonly log: LogFunction;
}

const CHUNK_ROUTE = /^\/v1\/blobs\/[^/]+\/chunks\/[^/]+$/;

/** Headers of a chunk answer: bytes to save, never to render or cache. */
const CHUNK_HEADERS = { 'content-type': 'application/octet-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function createApp({ store, tokens, limiter, signInLimiter, behindProxy, hub, bodyBytes, blobQuota, heartbeatMs, corsOrigins, log }: AppOptions): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const signedIn = [requireUser(tokens), limitPerUser(limiter)] as const;

  app.use(requestLog(log));
  if (corsOrigins.length > 0) {
    app.use(
      cors({
        origin: [...corsOrigins],
        allowMethods: ['GET', 'POST', 'PUT'],
        allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'X-Content-Sha256'],
        exposeHeaders: ['Retry-After', 'X-Content-Sha256'],
        maxAge: 600,
      }),
    );
  }
  // Checks Content-Length first and counts streamed bytes otherwise: an oversized body is never read whole.
  // Chunk uploads have their own limit; every other body is JSON.
  const limitBody = (maxSize: number, what: string) => {
    const tooLarge = new HttpError(413, `${what} is larger than ${maxSize} bytes`);
    return bodyLimit({ maxSize, onError: (c) => c.json(errorBody(tooLarge), 413, { Connection: 'close' }) });
  };
  const jsonLimit = limitBody(bodyBytes, 'The request body');
  const chunkLimit = limitBody(blobQuota.maxChunkBytes, 'The chunk');
  app.use((c, next) => (c.req.method === 'PUT' && CHUNK_ROUTE.test(c.req.path) ? chunkLimit(c, next) : jsonLimit(c, next)));

  app.post('/v1/session', async (c) => {
    const { userId, password } = parse(sessionRequest, await readJson(c), 'sign-in');
    // Before the account is looked up or any password hashed; keyed by where the attempt comes from,
    // never by the user id tried, so no one can lock someone else out.
    const attempt = signInLimiter.admit(clientAddress(c, behindProxy));
    const account = await store.getAccount(userId);
    // An unknown user id is hashed against a stand-in: it takes as long as a wrong password.
    if (!(await verifyPassword(password, account?.passwordHash ?? null)) || !account) {
      throw new HttpError(401, 'Wrong user id or password');
    }
    attempt.succeeded();
    const { token, expiresAt } = tokens.issue(userId);
    return c.json({ token, userId, displayName: account.displayName, role: account.role, expiresAt });
  });

  app.put('/v1/keys/me', ...signedIn, async (c) => {
    const me = c.get('userId');
    const body = parse(keyRequest, await readJson(c), 'key');
    const { key } = checkKey({ userId: body.userId ?? me, armoredKey: body.armoredKey }, me);
    await store.putKey(me, key.armoredKey);
    return c.body(null, 204);
  });

  app.get('/v1/keys/:userId', ...signedIn, async (c) => {
    const found = await store.getKey(c.req.param('userId'));
    if (!found) throw new HttpError(404, 'No published key for this user');
    return c.json(found);
  });

  app.get('/v1/directory', ...signedIn, async (c) => {
    const me = c.get('userId');
    const { q, limit } = parse(directoryQuery, c.req.query(), 'directory query');
    // The database keeps to the user's care relationships, filters and limits; the shared rule then
    // matches and sorts as the in-browser relays do.
    const max = Math.min(100, Math.max(1, limit ?? 20));
    const matches = await store.searchAccounts(me, q.trim().toLowerCase(), max);
    return c.json({ entries: searchProfiles(matches, q, me, max) });
  });

  app.post('/v1/envelopes', ...signedIn, async (c) => {
    const envelope = checkOutgoing((await readJson(c)) as never, c.get('userId'));
    const result = await store.putEnvelope(envelope);
    switch (result.status) {
      case 'conflict':
        return conflict(envelope.id);
      case 'unknown-recipients':
        throw new HttpError(400, `Unknown recipient: ${result.userIds.join(', ')}`);
      case 'blobs-not-ready':
        throw new HttpError(400, result.reason);
      default:
        return c.json({ id: envelope.id, cursor: toDelivered({ ...envelope, seq: result.seq }).cursor }, result.status === 'stored' ? 201 : 200);
    }
  });

  app.get('/v1/envelopes', ...signedIn, async (c) => {
    const query = parse(mailboxQuery, c.req.query(), 'mailbox query');
    const after = query.after || null;
    const limit = checkFetch({ after, limit: query.limit });
    const afterSeq = parseCursor(after, await store.lastSeq());
    const page = await store.mailbox(c.get('userId'), afterSeq, limit);
    const envelopes = page.envelopes.map(toDelivered);
    return c.json({ envelopes, cursor: envelopes.at(-1)?.cursor ?? after, hasMore: page.hasMore });
  });

  app.get('/v1/events', ...signedIn, async (c) => {
    const lastEventId = c.req.header('last-event-id');
    const after = lastEventId ? parseCursor(lastEventId, await store.lastSeq()) : null;
    return eventStream(c, { store, hub, userId: c.get('userId'), after, heartbeatMs });
  });

  app.put('/v1/blobs/:blobId/chunks/:index', ...signedIn, async (c) => {
    const blobId = c.req.param('blobId');
    const index = parse(chunkIndex, c.req.param('index'), 'chunk index');
    const { count } = parse(chunkUploadQuery, c.req.query(), 'chunk query');
    const bytes = await readChunkBody(c);
    const chunk = await checkBlobChunk({ blobId, index, count, bytes, sha256: c.req.header('x-content-sha256') ?? '' }, blobQuota);
    const result = await store.putBlobChunk(chunk, c.get('userId'), blobQuota);
    return c.json({ blobId, index }, result === 'stored' ? 201 : 200);
  });

  app.get('/v1/blobs/:blobId/chunks', ...signedIn, async (c) => {
    const blobId = c.req.param('blobId');
    assertBlobId(blobId);
    return c.json({ indexes: await store.blobChunkIndexes(blobId, c.get('userId')) });
  });

  app.get('/v1/blobs/:blobId/chunks/:index', ...signedIn, async (c) => {
    const blobId = c.req.param('blobId');
    assertBlobId(blobId);
    const index = parse(chunkIndex, c.req.param('index'), 'chunk index');
    const chunk = await store.readBlobChunk(blobId, index, c.get('userId'));
    return c.body(chunk.bytes as Uint8Array<ArrayBuffer>, 200, { ...CHUNK_HEADERS, 'x-content-sha256': chunk.sha256 });
  });

  app.post('/v1/consent', ...signedIn, async (c) => {
    const [record] = checkRecords([(await readJson(c)) as SignedRecord], c.get('userId'));
    const result = await store.putRecords('consent', [record!]);
    if ('conflict' in result) throw new HttpError(409, `Consent record ${result.conflict} conflicts with a kept record of the same id`);
    return c.json({ id: record!.id }, result.stored === 1 ? 201 : 200);
  });

  app.post('/v1/audit', ...signedIn, async (c) => {
    const { records } = parse(auditRequest, await readJson(c), 'audit batch');
    const result = await store.putRecords('audit', checkRecords(records as SignedRecord[], c.get('userId')));
    if ('conflict' in result) throw new HttpError(409, `Audit record ${result.conflict} conflicts with a kept record of the same id`);
    return c.json({ stored: result.stored });
  });

  app.notFound((c) => c.json(errorBody(new HttpError(404, 'No such route')), 404));

  app.onError((error, c) => {
    const known = asHttpError(error);
    if (known) return c.json(errorBody(known), known.status, known.headers);
    c.set('failure', failureName(error));
    return c.json(errorBody(new HttpError(500, 'Internal error')), 500);
  });

  return app;
}
