import { transportError, type BlobChunk, type BlobRequestOptions, type SealTransport } from '../../src/transport/transport.js';

/**
 * A real in-memory connection whose uploads, sends and key lookups can be held (and sends made to fail), the way a slow network holds them:
 * a held call waits until released, or until its signal aborts it (then it rejects like fetch does).
 */
export function slowNetwork(inner: SealTransport) {
  const control = {
    holdPutsAfter: Infinity,
    holdSends: false,
    holdLookups: false,
    lookups: 0,
    /** Sends asked for, held or not. */
    sends: 0,
    offline: false,
    /** Sends fail as unreachable (retryable) once they are let through. */
    failSends: false,
    puts: [] as string[],
    release: () => {},
  };
  let released: Promise<void> = Promise.resolve();
  const hold = () => {
    released = new Promise<void>((resolve) => (control.release = resolve));
  };
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      void released.then(resolve);
      signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')), { once: true });
    });
  const transport = new Proxy(inner, {
    get(target, key) {
      if (key === 'putBlobChunk') {
        return async (chunk: BlobChunk, options?: BlobRequestOptions) => {
          if (control.offline) throw transportError('Network unreachable', { retryable: true });
          if (control.puts.length >= control.holdPutsAfter) await wait(options?.signal);
          await inner.putBlobChunk!(chunk, options);
          control.puts.push(`${chunk.blobId}:${chunk.index}`);
        };
      }
      if (key === 'lookupKey') {
        return async (...args: Parameters<SealTransport['lookupKey']>) => {
          control.lookups += 1;
          if (control.holdLookups) await wait();
          return inner.lookupKey(...args);
        };
      }
      if (key === 'send') {
        return async (...args: Parameters<SealTransport['send']>) => {
          control.sends += 1;
          if (control.holdSends) await wait();
          if (control.failSends) throw transportError('Network unreachable', { retryable: true });
          return inner.send(...args);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { transport, control, hold };
}

/**
 * A crypto worker whose calls of one engine method can be held, the way a busy device delays them: while
 * `control.hold` is set, such a call reaches the worker only at `control.release()`; `control.asked`
 * counts the calls held. Pass `createWorker` to a client.
 */
export function slowWorker(method: string) {
  const waiting: (() => void)[] = [];
  const control = { hold: false, asked: 0, release: () => waiting.splice(0).forEach((send) => send()) };
  const createWorker = (): Worker => {
    const worker = new Worker(new URL('../../src/core/crypto/crypto.worker.ts', import.meta.url), { type: 'module', name: 'sealbox-crypto' });
    return new Proxy(worker, {
      get(target, key) {
        if (key === 'postMessage') {
          return (message: unknown, transfer: Transferable[] = []) => {
            const send = () => target.postMessage(message, transfer);
            // Engine calls travel as a Comlink APPLY message that names the method.
            if (control.hold && JSON.stringify(message)?.includes(`"${method}"`)) {
              control.asked += 1;
              waiting.push(send);
            } else send();
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return { createWorker, control };
}
