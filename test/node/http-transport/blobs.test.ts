// HttpTransport's attachment chunk calls: what goes over the wire, and the same retry, timeout, abort,
// auth-expired and validation behaviour as the other calls, through a fault-injecting proxy in front of
// the reference relay.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isSealError } from '../../../src/core/errors.js';
import { makeEnvelope } from '../../../src/testing/index.js';
import { HttpAuthExpiredEvent } from '../../../src/transport/http-auth-expired-event.js';
import { HttpTransport } from '../../../src/transport/http-transport.js';
import { sha256Hex } from '../../../src/transport/relay-blob-rules.js';
import type { BlobChunk } from '../../../src/transport/transport.js';
import { httpTransport, transportFailure, useRelayBehindProxy } from './relay-fixture.js';

const CHUNK = /^\/v1\/blobs\/[^/]+\/chunks\/\d+$/;
const CHUNKS = /^\/v1\/blobs\/[^/]+\/chunks$/;

async function chunkOf(blobId: string, index: number, count: number, length: number): Promise<BlobChunk> {
  const bytes = new Uint8Array(length);
  // getRandomValues fills at most 64 KiB per call.
  for (let start = 0; start < length; start += 65_536) crypto.getRandomValues(bytes.subarray(start, start + 65_536));
  return { blobId, index, count, bytes, sha256: await sha256Hex(bytes) };
}

describe('HttpTransport attachment chunks', () => {
  describe('on the wire', () => {
    let server: Server;
    let baseUrl: string;
    const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
    before(async () => {
      server = createServer((request, response) => {
        const parts: Buffer[] = [];
        request.on('data', (part: Buffer) => parts.push(part));
        request.on('end', () => {
          seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(parts) });
          if (request.method === 'PUT') response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
          else if (request.url?.endsWith('/parts')) response.writeHead(200, { 'content-type': 'application/json' }).end('{"indexes":[0,2]}');
          else if (request.url?.endsWith('/chunks/9')) response.writeHead(200, { 'content-type': 'application/octet-stream' }).end();
          else response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([1, 2, 3]));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/portal`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('puts the raw bytes with their digest and count, and reads lists and bytes, at the default or configured paths', async () => {
      const blobId = crypto.randomUUID();
      const chunk = await chunkOf(blobId, 1, 3, 1000);
      const plain = new HttpTransport({ baseUrl, getAuthToken: () => 'token' });
      const custom = new HttpTransport({
        baseUrl,
        paths: { blobChunk: ({ blobId: id, index }) => `/files/${id}/${index}`, blobChunks: '/files/:blobId/parts' },
      });
      seen.length = 0;
      await plain.putBlobChunk(chunk);
      assert.deepEqual([...(await plain.getBlobChunk(blobId, 1))], [1, 2, 3]);
      await custom.putBlobChunk(chunk);
      assert.deepEqual(await custom.listBlobChunks(blobId), [0, 2]);
      plain.close();
      custom.close();
      assert.deepEqual(
        seen.map(({ method, url }) => `${method} ${url}`),
        [`PUT /portal/v1/blobs/${blobId}/chunks/1?count=3`, `GET /portal/v1/blobs/${blobId}/chunks/1`, `PUT /portal/files/${blobId}/1?count=3`, `GET /portal/files/${blobId}/parts`],
      );
      const put = seen[0]!;
      assert.equal(put.headers['content-type'], 'application/octet-stream');
      assert.equal(put.headers['x-content-sha256'], chunk.sha256);
      assert.equal(put.headers.authorization, 'Bearer token');
      assert.deepEqual(new Uint8Array(put.body), chunk.bytes);
      assert.equal(seen[1]!.headers.accept, 'application/octet-stream');
    });

    it('refuses an empty chunk from a backend that sends no digest, non-retryably and without retrying', async () => {
      const transport = new HttpTransport({ baseUrl, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 } });
      seen.length = 0;
      const error = await transportFailure(transport.getBlobChunk(crypto.randomUUID(), 9));
      transport.close();
      assert.equal(error.retryable, false);
      assert.match(error.message, /Malformed chunk from the server \(empty\)/);
      assert.equal(seen.length, 1);
    });

    it('refuses, without sending, a chunk whose bytes or digest cannot be sent', async () => {
      const transport = new HttpTransport({ baseUrl });
      const chunk = await chunkOf(crypto.randomUUID(), 0, 1, 10);
      seen.length = 0;
      for (const bad of [{ ...chunk, bytes: 'text' }, { ...chunk, sha256: 'A'.repeat(64) }, { ...chunk, sha256: `${chunk.sha256.slice(1)}\n` }]) {
        const error = await transportFailure(transport.putBlobChunk(bad as never));
        assert.equal(error.retryable, false);
      }
      transport.close();
      assert.equal(seen.length, 0);
    });

    it('refuses a chunk answer over maxBlobChunkBytes while reading it, whether its length is declared or streamed', async () => {
      const declared = new HttpTransport({ baseUrl, maxBlobChunkBytes: 2, retry: { attempts: 3 } });
      seen.length = 0;
      const error = await transportFailure(declared.getBlobChunk(crypto.randomUUID(), 0));
      assert.equal(error.retryable, false);
      assert.match(error.message, /more than 2 bytes/);
      assert.equal(seen.length, 1, 'not retried');
      declared.close();
      // A body of unknown length, as a proxy re-chunking the answer would send it.
      let pulled = 0;
      const streamed = new HttpTransport({
        baseUrl,
        maxBlobChunkBytes: 1000,
        fetch: async () =>
          new Response(
            new ReadableStream({
              pull(controller) {
                pulled += 1;
                controller.enqueue(new Uint8Array(600));
              },
            }),
          ),
      });
      assert.match((await transportFailure(streamed.getBlobChunk(crypto.randomUUID(), 0))).message, /more than 1000 bytes/);
      assert.ok(pulled <= 3, `read ${pulled} parts of an endless answer`);
      streamed.close();
    });

    it('checks maxBlobChunkBytes', () => {
      for (const maxBlobChunkBytes of [0, Number.NaN, -1]) {
        assert.throws(() => new HttpTransport({ baseUrl, maxBlobChunkBytes }), (error) => isSealError(error, 'INVALID_INPUT'));
      }
    });
  });

  describe('against the relay', () => {
    const env = useRelayBehindProxy();

    /** Ana talks through the proxy, Lee to the relay directly. */
    async function pair(options: Parameters<typeof httpTransport>[2] = {}) {
      const [ana, lee] = [await env.relay.signIn('ana'), await env.relay.signIn('lee')];
      const sender = httpTransport(env.proxy.url, ana.token, options);
      const reader = httpTransport(env.relay.url, lee.token);
      return { ana, lee, sender, reader, direct: httpTransport(env.relay.url, ana.token), close: () => [sender, reader].forEach((t) => t.close()) };
    }

    it('stores a chunk once after a 503 and a response lost after the relay stored it, then lists it', async () => {
      const c = await pair();
      try {
        const chunk = await chunkOf(crypto.randomUUID(), 0, 2, 5000);
        env.proxy.inject('PUT', CHUNK, { kind: 'status', status: 503 }, { kind: 'lose-response' });
        const tries = env.proxy.count('PUT', CHUNK);
        await c.sender.putBlobChunk(chunk);
        assert.equal(env.proxy.count('PUT', CHUNK) - tries, 3);
        assert.deepEqual(await c.sender.listBlobChunks(chunk.blobId), [0]);
        assert.deepEqual(await c.direct.getBlobChunk(chunk.blobId, 0), chunk.bytes);
      } finally {
        c.close();
      }
    });

    it('tries refusals once: other bytes (409), a missing chunk (404), a read of a blob not listed for the reader (403), an oversized chunk (413)', async () => {
      const c = await pair();
      try {
        const chunk = await chunkOf(crypto.randomUUID(), 0, 1, 100);
        await c.sender.putBlobChunk(chunk);
        const cases: [() => Promise<unknown>, string, RegExp, number][] = [
          [async () => c.sender.putBlobChunk(await chunkOf(chunk.blobId, 0, 1, 100)), 'PUT', CHUNK, 409],
          [() => c.sender.getBlobChunk(chunk.blobId, 1), 'GET', CHUNK, 404],
        ];
        for (const [call, method, path, status] of cases) {
          const tries = env.proxy.count(method, path);
          const error = await transportFailure(call());
          assert.deepEqual([error.retryable, error.details.status, env.proxy.count(method, path) - tries], [false, status, 1], error.message);
        }
        const refused = await transportFailure(c.reader.getBlobChunk(chunk.blobId, 0));
        assert.deepEqual([refused.retryable, refused.details.status], [false, 403]);
        // Straight to the relay: it answers before reading the body and closes the connection, which
        // the test proxy would turn into a dropped connection.
        const oversized = await transportFailure(c.direct.putBlobChunk(await chunkOf(crypto.randomUUID(), 0, 1, 4 * 1024 * 1024 + 256 * 1024 + 1)));
        assert.deepEqual([oversized.retryable, oversized.details.status], [false, 413]);
      } finally {
        c.close();
      }
    });

    it('gives up a chunk read that stalls past the timeout and tries again; a dropped list is retried', async () => {
      // Long enough that the second, healthy read never runs into it on a loaded machine.
      const c = await pair({ timeoutMs: 1500 });
      try {
        const chunk = await chunkOf(crypto.randomUUID(), 0, 1, 100);
        await c.direct.putBlobChunk(chunk);
        env.proxy.inject('GET', CHUNK, { kind: 'stall' });
        env.proxy.inject('GET', CHUNKS, { kind: 'drop' });
        const started = Date.now();
        assert.deepEqual(await c.sender.getBlobChunk(chunk.blobId, 0), chunk.bytes);
        assert.ok(Date.now() - started >= 1500);
        assert.deepEqual(await c.sender.listBlobChunks(chunk.blobId), [0]);
      } finally {
        c.close();
      }
    });

    it("reads a chunk again when its bytes arrive damaged (not matching the relay's X-Content-SHA256), retryably failing when every try is", async () => {
      const c = await pair({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 } });
      try {
        const bytes = new TextEncoder().encode('chunk-bytes:'.repeat(20));
        const chunk: BlobChunk = { blobId: crypto.randomUUID(), index: 0, count: 1, bytes, sha256: await sha256Hex(bytes) };
        await c.direct.putBlobChunk(chunk);
        const damage = { kind: 'rewrite', rewrite: (body: string) => `X${body.slice(1)}` } as const;

        env.proxy.inject('GET', CHUNK, damage);
        let tries = env.proxy.count('GET', CHUNK);
        assert.deepEqual(await c.sender.getBlobChunk(chunk.blobId, 0), bytes);
        assert.equal(env.proxy.count('GET', CHUNK) - tries, 2, 'the damaged read and a good one');

        env.proxy.inject('GET', CHUNK, damage, damage, damage);
        tries = env.proxy.count('GET', CHUNK);
        const error = await transportFailure(c.sender.getBlobChunk(chunk.blobId, 0));
        assert.equal(error.retryable, true);
        assert.match(error.message, /do not match the server's SHA-256/);
        assert.equal(env.proxy.count('GET', CHUNK) - tries, 3);
      } finally {
        c.close();
      }
    });

    it('stops an upload when its signal aborts, retryably, and tries no more', async () => {
      const c = await pair({ timeoutMs: 5000 });
      try {
        const chunk = await chunkOf(crypto.randomUUID(), 0, 1, 100);
        env.proxy.inject('PUT', CHUNK, { kind: 'stall' });
        const tries = env.proxy.count('PUT', CHUNK);
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const started = Date.now();
        const error = await transportFailure(c.sender.putBlobChunk(chunk, { signal: controller.signal }));
        assert.equal(error.retryable, true);
        assert.match(error.message, /aborted/);
        assert.ok(Date.now() - started < 2000);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(env.proxy.count('PUT', CHUNK) - tries, 1);
        const already = new AbortController();
        already.abort();
        assert.equal((await transportFailure(c.sender.getBlobChunk(chunk.blobId, 0, { signal: already.signal }))).retryable, true);
        assert.equal((await transportFailure(c.sender.listBlobChunks(chunk.blobId, { signal: already.signal }))).retryable, true);
      } finally {
        c.close();
      }
    });

    it('dispatches auth-expired on a 401 during an upload, and uploads with the refreshed token', async () => {
      const ana = await env.relay.signIn('ana');
      let token = 'expired';
      const transport = httpTransport(env.proxy.url, '', { getAuthToken: () => token });
      const operations: string[] = [];
      transport.addEventListener('auth-expired', (event: HttpAuthExpiredEvent) => {
        operations.push(event.operation);
        token = ana.token;
      });
      try {
        const chunk = await chunkOf(crypto.randomUUID(), 0, 1, 100);
        const error = await transportFailure(transport.putBlobChunk(chunk));
        assert.deepEqual([error.retryable, error.details.status], [false, 401]);
        await transport.putBlobChunk(chunk);
        assert.deepEqual(operations, ['putBlobChunk']);
      } finally {
        transport.close();
      }
    });

    it('rejects a malformed chunk list, non-retryably and without retrying', async () => {
      const c = await pair();
      try {
        const chunk = await chunkOf(crypto.randomUUID(), 0, 1, 100);
        await c.direct.putBlobChunk(chunk);
        for (const [rewrite, message] of [
          [() => '{"indexes":[2,1]}', /Malformed chunk list from the server \(indexes: indexes must be ascending/],
          [() => '{"indexes":[-1]}', /Malformed chunk list from the server \(indexes\.0: /],
          [() => '{"chunks":[0]}', /Malformed chunk list from the server \(indexes: /],
        ] as const) {
          env.proxy.inject('GET', CHUNKS, { kind: 'rewrite', rewrite });
          const tries = env.proxy.count('GET', CHUNKS);
          const error = await transportFailure(c.sender.listBlobChunks(chunk.blobId));
          assert.equal(error.retryable, false);
          assert.match(error.message, message);
          assert.equal(env.proxy.count('GET', CHUNKS) - tries, 1);
        }
      } finally {
        c.close();
      }
    });

    it('carries blobIds through fetch and the event stream', async () => {
      const c = await pair();
      const stream = httpTransport(env.relay.url, c.lee.token);
      const received: string[][] = [];
      stream.subscribe((envelope) => received.push([...(envelope.blobIds ?? [])]));
      try {
        await stream.whenSubscribed();
        const chunk = await chunkOf(crypto.randomUUID(), 0, 1, 10);
        await c.sender.putBlobChunk(chunk);
        await c.sender.send(makeEnvelope(c.ana.userId, [c.lee.userId], { blobIds: [chunk.blobId] }));
        const { envelopes } = await c.reader.fetch({ after: null, limit: 10 });
        assert.deepEqual(envelopes.map((envelope) => envelope.blobIds), [[chunk.blobId]]);
        const deadline = Date.now() + 5000;
        while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.deepEqual(received, [[chunk.blobId]]);
      } finally {
        stream.close();
        c.close();
      }
    });
  });
});
