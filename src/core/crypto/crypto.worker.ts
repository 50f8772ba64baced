/// <reference lib="webworker" />
import { expose } from 'comlink';
import { SealError } from '../errors.js';
import { CryptoEngine, type EngineOptions } from './engine.js';
import type { CryptoWorkerApi, EngineArgs, EngineMethod, EngineResult, Outcome } from './worker-protocol.js';

let notifyAutoLock: () => void = () => {};
const engine = new CryptoEngine(() => notifyAutoLock());

const api: CryptoWorkerApi = {
  configure(options: EngineOptions, onAutoLock: () => void) {
    notifyAutoLock = onAutoLock;
    engine.configure(options);
  },
  async run<M extends EngineMethod>(method: M, args: EngineArgs<M>): Promise<Outcome<EngineResult<M>>> {
    try {
      const operation = engine[method] as (...input: unknown[]) => unknown;
      const value = (await operation.apply(engine, args)) as EngineResult<M>;
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

expose(api);
