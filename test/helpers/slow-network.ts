import { transportError, type BlobChunk, type BlobRequestOptions, type SealTransport } from '../../src/transport/transport.js';

/**
 * A real in-memory connection whose uploads, sends and key lookups can be held, the way a slow network holds them:
 * a held call waits until released, or until its signal aborts it (then it rejects like fetch does).
 */
export function slowNetwork(inner: SealTransport) {
  const control = { holdPutsAfter: Infinity, holdSends: false, holdLookups: false, lookups: 0, offline: false, puts: [] as string[], release: () => {} };
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
          if (control.holdSends) await wait();
          return inner.send(...args);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { transport, control, hold };
}
