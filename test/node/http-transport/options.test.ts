// HttpTransport's options against a small real HTTP server that records what it receives: paths
// (templates and functions) under a base path, headers, a token fetched per request, option checks,
// and the backoff and Retry-After rules.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isSealError } from '../../../src/core/errors.js';
import { makeEnvelope, placeholderPublicKey } from '../../../src/testing/index.js';
import { HttpTransport } from '../../../src/transport/http-transport.js';
import { backoffDelay, parseRetryAfter } from '../../../src/transport/http-request.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('HttpTransport options', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];
  before(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (request.url?.includes('/people/')) {
          response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"no_key","message":"none"}}');
        } else if (request.url?.startsWith('/portal/api/mailbox')) {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"envelopes":[],"cursor":null,"hasMore":false}');
        } else {
          response.writeHead(204).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/portal/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends each operation to its configured path under the base path, with headers and a fresh token per request', async () => {
    let tokens = 0;
    const transport = new HttpTransport({
      baseUrl,
      paths: { lookupKey: ({ userId }) => `/people/${encodeURIComponent(userId ?? '')}/key`, fetch: 'api/mailbox', publishKey: '/api/keys/:userId' },
      headers: { 'x-portal-tenant': 'clinic-7' },
      getAuthToken: async () => `token-${(tokens += 1)}`,
    });
    seen.length = 0;
    assert.equal(await transport.lookupKey('dr lee/2'), null, 'a 404 lookup is null');
    assert.deepEqual(await transport.fetch({ after: null, limit: 5 }), { envelopes: [], cursor: null, hasMore: false });
    await transport.fetch({ after: '000000000007', limit: 5 }).catch(() => {});
    await transport.publishKey({ userId: 'ana', armoredKey: placeholderPublicKey() });
    await transport.send(makeEnvelope('ana', ['lee']));
    transport.close();
    assert.deepEqual(
      seen.map(({ method, url }) => `${method} ${url}`),
      ['GET /portal/people/dr%20lee%2F2/key', 'GET /portal/api/mailbox?limit=5', 'GET /portal/api/mailbox?after=000000000007&limit=5', 'PUT /portal/api/keys/ana', 'POST /portal/v1/envelopes'],
    );
    assert.deepEqual(seen.map(({ headers }) => headers.authorization), ['Bearer token-1', 'Bearer token-2', 'Bearer token-3', 'Bearer token-4', 'Bearer token-5']);
    assert.ok(seen.every(({ headers }) => headers['x-portal-tenant'] === 'clinic-7'));
    assert.equal(seen[3].headers['content-type'], 'application/json');
    assert.equal(JSON.parse(seen[4].body).from, 'ana');
  });

  it('sends no Authorization header without getAuthToken (cookie sessions)', async () => {
    const transport = new HttpTransport({ baseUrl, credentials: 'include' });
    seen.length = 0;
    await transport.recordConsent({ id: 'r1', userId: 'ana', payload: '{}', signature: '' });
    await transport.recordAudit([{ id: 'r2', userId: 'ana', payload: '{}', signature: '' }]);
    transport.close();
    assert.deepEqual(seen.map(({ method, url }) => `${method} ${url}`), ['POST /portal/v1/consent', 'POST /portal/v1/audit']);
    assert.equal(seen[0].headers.authorization, undefined);
    assert.deepEqual(JSON.parse(seen[1].body), { records: [{ id: 'r2', userId: 'ana', payload: '{}', signature: '' }] });
  });

  it('refuses unknown and malformed options with INVALID_INPUT', () => {
    const cases: unknown[] = [
      undefined,
      {},
      { baseUrl: '' },
      { baseUrl, timeout: 5 },
      { baseUrl, paths: { messages: '/m' } },
      { baseUrl, paths: { send: 42 } },
      { baseUrl, retry: { attempts: 0 } },
      { baseUrl, retry: { tries: 3 } },
      { baseUrl, timeoutMs: Number.NaN },
      { baseUrl, getAuthToken: 'secret' },
    ];
    for (const options of cases) {
      assert.throws(() => new HttpTransport(options as never), (error) => isSealError(error, 'INVALID_INPUT'), JSON.stringify(options));
    }
  });

  it('waits a random time up to the doubling bound, capped (full jitter)', () => {
    assert.equal(backoffDelay(1, 100, 5000, () => 0.999), 100);
    assert.equal(backoffDelay(3, 100, 5000, () => 0.5), 200);
    assert.equal(backoffDelay(10, 100, 5000, () => 1), 5000);
    assert.equal(backoffDelay(4, 100, 5000, () => 0), 0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
