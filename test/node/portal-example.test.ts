// The worked example of docs/transport-adapters.md passes the conformance kit against a small portal
// server speaking the example's REST API over real HTTP (its storage is a MemoryRelay).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { portalRestTransport } from '../../docs/examples/portal-rest-transport.js';
import { isSealError } from '../../src/core/errors.js';
import { defineTransportConformance } from '../../src/testing/index.js';
import { MemoryRelay, type MemoryTransport } from '../../src/transport/memory-transport.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** The hypothetical portal: bearer tokens from its own login, JSON bodies, statuses from the relay's refusals. */
function portalServer(sessions: Map<string, MemoryTransport>): Server {
  async function readJson(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) throw Object.assign(new Error('Body too large'), { status: 413 });
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw Object.assign(new Error('Malformed JSON'), { status: 400 });
    }
  }

  async function route(request: IncomingMessage, me: MemoryTransport): Promise<unknown> {
    const url = new URL(request.url ?? '/', 'http://portal');
    const param = (name: string) => url.searchParams.get(name);
    const key = /^\/api\/keys\/([^/]+)$/.exec(url.pathname);
    const route = `${request.method} ${key ? '/api/keys/:id' : url.pathname}`;
    switch (route) {
      case 'PUT /api/keys/:id':
        return me.publishKey((await readJson(request)) as never);
      case 'GET /api/keys/:id':
        return (await me.lookupKey(decodeURIComponent(key![1]))) ?? Promise.reject(Object.assign(new Error('No key'), { status: 404 }));
      case 'POST /api/messages':
        return me.send((await readJson(request)) as never);
      case 'GET /api/messages':
        return me.fetch({ after: param('after'), limit: Number(param('limit')) });
      case 'GET /api/people':
        return me.searchDirectory(param('q') ?? '', param('limit') === null ? {} : { limit: Number(param('limit')) });
      case 'POST /api/consent':
        return me.recordConsent((await readJson(request)) as never);
      case 'POST /api/audit':
        return me.recordAudit((await readJson(request)) as never);
      default:
        throw Object.assign(new Error('Not found'), { status: 404 });
    }
  }

  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const me = token === undefined ? undefined : sessions.get(token);
    const answer = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!me) return answer(401, { error: 'Not signed in' });
    route(request, me).then(
      (result) => answer(result === undefined ? 204 : 200, result),
      (error: unknown) => {
        const status = isSealError(error, 'TRANSPORT') ? Number(error.details.status ?? 400) : ((error as { status?: number }).status ?? 500);
        answer(status, { error: (error as Error).message });
      },
    );
  });
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('the portal REST adapter of docs/transport-adapters.md', () => {
  defineTransportConformance(
    { describe, it },
    {
      capabilities: { searchDirectory: true, recordConsent: true, recordAudit: true, interrupt: true },
      async createSession() {
        const relay = new MemoryRelay();
        const sessions = new Map<string, MemoryTransport>();
        let server = portalServer(sessions);
        const port = await listen(server);
        return {
          connect(userId, profile) {
            // The portal's own login: a session token for this user, sent in the Authorization header.
            const token = crypto.randomUUID();
            sessions.set(token, relay.connect(userId, profile));
            return portalRestTransport({ baseUrl: `http://127.0.0.1:${port}`, getToken: async () => token });
          },
          storedEnvelopes: async () => relay.envelopes(),
          storedRecords: async (kind) => (kind === 'consent' ? relay.consentRecords() : relay.auditRecords()),
          async interrupt() {
            await stop(server);
            return async () => {
              server = portalServer(sessions);
              await listen(server, port);
            };
          },
          dispose: () => stop(server),
        };
      },
    },
  );
});
