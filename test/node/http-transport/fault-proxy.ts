// A real HTTP proxy in front of a backend that injects faults into chosen requests: error statuses,
// dropped connections (before or after the backend answered), stalls and rewritten bodies. It counts
// every request it sees, so tests can tell how often a client tried.
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Answer with this status (and headers, body) without asking the backend. */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  /** Close the connection without an answer; the backend never sees the request. */
  | { readonly kind: 'drop' }
  /** Let the backend handle the request, then close the connection instead of answering (a lost response). */
  | { readonly kind: 'lose-response' }
  /** Never answer (until the client gives up or the proxy closes). */
  | { readonly kind: 'stall' }
  /** Forward, then replace the backend's body with `rewrite(body)`. */
  | { readonly kind: 'rewrite'; readonly rewrite: (body: string) => string }
  /** Forward an event stream up to the first chunk containing `after`, then nothing, keeping the connection open. */
  | { readonly kind: 'mute'; readonly after: string }
  /** Forward an event stream, passing each event (the text between blank lines) through `rewrite`. */
  | { readonly kind: 'rewrite-events'; readonly rewrite: (event: string) => string };

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly fault: Fault['kind'] | null;
  readonly lastEventId: string | undefined;
}

interface Rule {
  readonly method: string;
  readonly path: RegExp;
  readonly faults: Fault[];
}

export interface FaultProxy {
  readonly url: string;
  /** Every request seen, in arrival order. */
  readonly requests: SeenRequest[];
  /** The next requests matching `method` and `path` get `faults`, one each, in order. */
  inject(method: string, path: RegExp, ...faults: Fault[]): void;
  /** How many requests matched `method` and `path` so far. */
  count(method: string, path: RegExp): number;
  /** Closes every open event stream's connection (the client sees a drop). */
  dropStreams(): number;
  /** Event streams open through the proxy right now. */
  openStreams(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: () => string): Promise<FaultProxy> {
  const rules: Rule[] = [];
  const requests: SeenRequest[] = [];
  const streams = new Set<Socket>();
  const sockets = new Set<Socket>();

  function takeFault(request: IncomingMessage, path: string): Fault | null {
    const rule = rules.find((candidate) => candidate.method === request.method && candidate.path.test(path) && candidate.faults.length > 0);
    return rule?.faults.shift() ?? null;
  }

  function pass(request: IncomingMessage, response: ServerResponse, fault: Fault | null): void {
    const upstream = new URL(request.url ?? '/', target());
    const outgoing = forward(upstream, { method: request.method, headers: { ...request.headers, host: upstream.host } }, (answer) => {
      const streaming = /text\/event-stream/.test(answer.headers['content-type'] ?? '');
      if (fault?.kind === 'lose-response') {
        answer.resume();
        answer.on('end', () => request.socket.destroy());
        return;
      }
      if (fault?.kind === 'rewrite') {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = fault.rewrite(Buffer.concat(chunks).toString('utf8'));
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
          delete headers['transfer-encoding'];
          response.writeHead(answer.statusCode ?? 502, headers);
          response.end(body);
        });
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      if (streaming) {
        streams.add(request.socket);
        request.socket.once('close', () => streams.delete(request.socket));
        response.flushHeaders();
      }
      if (fault?.kind === 'mute') {
        let muted = false;
        answer.on('data', (chunk: Buffer) => {
          if (!muted) response.write(chunk);
          muted ||= chunk.toString('utf8').includes(fault.after);
        });
      } else if (fault?.kind === 'rewrite-events') {
        let pending = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => {
          const events = (pending + chunk).split('\n\n');
          pending = events.pop()!;
          for (const event of events) response.write(fault.rewrite(`${event}\n\n`));
        });
        answer.on('end', () => response.end(pending));
      } else {
        answer.pipe(response);
      }
      answer.on('error', () => request.socket.destroy());
    });
    outgoing.on('error', () => request.socket.destroy());
    response.on('close', () => outgoing.destroy());
    request.pipe(outgoing);
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://proxy').pathname;
    const fault = takeFault(request, path);
    const lastEventId = request.headers['last-event-id'];
    requests.push({ method: request.method ?? '', path, fault: fault?.kind ?? null, lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined });
    switch (fault?.kind) {
      case 'status':
        request.resume();
        response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        response.end(fault.body ?? JSON.stringify({ error: { code: 'injected', message: `Injected ${fault.status}` } }));
        return;
      case 'drop':
        request.socket.destroy();
        return;
      case 'stall':
        request.resume();
        return;
      default:
        pass(request, response, fault);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject(method, path, ...faults) {
      rules.push({ method, path, faults: [...faults] });
    },
    count: (method, path) => requests.filter((seen) => seen.method === method && path.test(seen.path)).length,
    dropStreams() {
      const open = [...streams];
      for (const socket of open) socket.destroy();
      return open.length;
    },
    openStreams: () => streams.size,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
