/// <reference lib="webworker" />
import { expose, transfer } from 'comlink';
import { SealError } from '../errors.js';
import { inWorker, WORKER_LISTENING } from '../workers/listening.js';
import { CryptoEngine, type EngineOptions } from './engine.js';
import { ENGINE_METHODS, type CryptoWorkerApi, type EngineArgs, type EngineMethod, type EngineResult, type Outcome } from './worker-protocol.js';

let notifyAutoLock: () => void = () => {};
const engine = new CryptoEngine(() => notifyAutoLock());
/** Only the protocol's methods are called by name: never `configure`, `constructor` or inherited names. */
const METHODS: ReadonlySet<string> = new Set(ENGINE_METHODS);

let configured = false;

const api: CryptoWorkerApi = {
  /** Once, by the client that started the worker: limits cannot be changed later. */
  configure(options: EngineOptions, onAutoLock: () => void) {
    if (configured) throw new SealError('INVALID_INPUT', 'The crypto worker is configured once');
    configured = true;
    notifyAutoLock = onAutoLock;
    engine.configure(options);
  },
  async run<M extends EngineMethod>(method: M, args: EngineArgs<M>): Promise<Outcome<EngineResult<M>>> {
    try {
      if (typeof method !== 'string' || !METHODS.has(method) || !Array.isArray(args)) {
        throw new SealError('INVALID_INPUT', 'Unknown crypto worker method');
      }
      const operation = engine[method] as (...input: unknown[]) => unknown;
      const value = (await operation.apply(engine, args)) as EngineResult<M>;
      // Attachment chunks move back to the page instead of being copied.
      if (value instanceof Uint8Array) {
        const bytes = ownBuffer(value);
        return transfer({ ok: true, value: bytes as EngineResult<M> }, [bytes.buffer]);
      }
      return { ok: true, value };
    } catch (error) {
      const sealError =
        error instanceof SealError
          ? error
          : new SealError('INTERNAL', `Cryptographic operation failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: sealError.toJSON() };
    }
  },
};

/** The bytes in a buffer of their own, so transferring it detaches nothing else. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

if (inWorker()) {
  expose(api);
  postMessage(WORKER_LISTENING);
}
