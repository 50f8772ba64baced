import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { SealError, sealErrorFromInfo } from '../errors.js';
import { getBasePath, startWorker, startWorkerAt, workerLoadHint } from '../workers/start-worker.js';
import type { EngineOptions } from './engine.js';
import { WORKER_READY, type CryptoWorkerApi, type EngineArgs, type EngineMethod, type EngineResult } from './worker-protocol.js';

/** One way to start the worker; null when it does not apply. */
export type WorkerStart = () => Worker | null | Promise<Worker | null>;

/**
 * How the crypto worker starts by default, in order, each tried when the one before did not load:
 * 1. the file next to this module (the package build points the literal below at
 *    `workers/crypto.worker.js`, the form vite, webpack and Parcel follow), or `setBasePath`'s folder;
 * 2. for bundlers that do not follow it (Rollup, esbuild with code splitting): the URL of a chunk they
 *    did emit, imported lazily, which loads the worker's code when started as a worker.
 */
export function defaultCryptoWorkers(): readonly WorkerStart[] {
  return [
    () =>
      startWorker(
        'crypto',
        () => new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'sealbox-crypto' }),
        { path: './crypto.worker.ts', base: import.meta.url },
      ),
    async () => (getBasePath() === undefined ? startWorkerAt('crypto', (await import('./crypto-locate.js')).workerUrl) : null),
  ];
}

/**
 * The main thread's handle on the crypto worker. Passphrases go in; ciphertext, signatures, public
 * keys and decrypted envelopes come out; private key material never does.
 *
 * The worker (and with it openpgp.js) starts on the first call, so pages that only show the inbox
 * list or the consent banner never load the crypto code.
 */
export class CryptoClient {
  readonly #starts: readonly WorkerStart[];
  readonly #options: EngineOptions;
  readonly #onAutoLock: () => void;
  #ready: Promise<Remote<CryptoWorkerApi>> | null = null;
  #worker: Worker | null = null;
  #remote: Remote<CryptoWorkerApi> | null = null;
  #failure: SealError | null = null;
  readonly #closing = new AbortController();
  readonly #pending = new Set<(error: SealError) => void>();

  constructor(starts: readonly WorkerStart[], options: EngineOptions, onAutoLock: () => void) {
    this.#starts = starts;
    this.#options = options;
    this.#onAutoLock = onAutoLock;
  }

  /** Whether the worker has been started. */
  get started(): boolean {
    return this.#ready !== null;
  }

  #start(): Promise<Remote<CryptoWorkerApi>> {
    this.#ready ??= this.#startFirstThatLoads();
    return this.#ready;
  }

  /** Tries each way to start the worker until one answers; the worker has loaded once `configure` does. */
  async #startFirstThatLoads(): Promise<Remote<CryptoWorkerApi>> {
    for (const start of this.#starts) {
      const worker = await start();
      if (!worker) continue;
      this.#worker = worker;
      const remote = wrap<CryptoWorkerApi>(worker);
      const outcome = await this.#loaded(worker, remote);
      if (outcome === 'loaded') {
        worker.addEventListener('error', this.#onWorkerError);
        this.#remote = remote;
        return remote;
      }
      remote[releaseProxy]();
      worker.terminate();
      this.#worker = null;
      if (outcome === 'closed') throw this.#failure;
      // The script ran and failed: another copy of it would fail the same way.
      if (outcome.message) throw new SealError('CRYPTO_UNAVAILABLE', `The crypto worker failed: ${outcome.message}`, { details: { reason: 'worker-error' } });
    }
    // A script that did not load says nothing; tell the developer where to look.
    console.warn(workerLoadHint('crypto'));
    throw new SealError('CRYPTO_UNAVAILABLE', workerLoadHint('crypto'), { details: { reason: 'worker-load' } });
  }

  /** Waits for the worker's ready message, then configures it; or for the error of a worker that did not load. */
  #loaded(worker: Worker, remote: Remote<CryptoWorkerApi>): Promise<'loaded' | 'closed' | ErrorEvent> {
    return new Promise((resolve) => {
      const stop = new AbortController();
      const settle = (outcome: 'loaded' | 'closed' | ErrorEvent) => {
        stop.abort();
        resolve(outcome);
      };
      worker.addEventListener(
        'error',
        (event) => {
          event.preventDefault();
          settle(event);
        },
        { signal: stop.signal },
      );
      worker.addEventListener(
        'message',
        (event) => {
          if (event.data !== WORKER_READY) return;
          stop.abort();
          remote.configure(this.#options, proxy(this.#onAutoLock)).then(
            () => resolve('loaded'),
            (error: unknown) => resolve(new ErrorEvent('error', { message: error instanceof Error ? error.message : 'configure failed' })),
          );
        },
        { signal: stop.signal },
      );
      this.#closing.signal.addEventListener('abort', () => settle('closed'), { once: true });
    });
  }

  async call<M extends EngineMethod>(method: M, ...args: EngineArgs<M>): Promise<EngineResult<M>> {
    return this.#run(method, args, []);
  }

  /**
   * Like `call`, but moves the given buffers to the worker instead of copying them (attachment
   * chunks): they are detached here afterwards, so memory holds one copy.
   */
  async callTransfer<M extends EngineMethod>(method: M, transferables: Transferable[], ...args: EngineArgs<M>): Promise<EngineResult<M>> {
    return this.#run(method, args, transferables);
  }

  async #run<M extends EngineMethod>(method: M, args: EngineArgs<M>, transferables: Transferable[]): Promise<EngineResult<M>> {
    if (this.#failure) throw this.#failure;
    // Locking or touching a worker that never started has nothing to do.
    if (!this.#remote && (method === 'lock' || method === 'touch')) return undefined as EngineResult<M>;
    const remote = await this.#start().catch((error: unknown) => {
      throw this.#failure ?? (error instanceof SealError ? error : new SealError('CRYPTO_UNAVAILABLE', 'The crypto worker did not start', { cause: error }));
    });
    if (this.#failure) throw this.#failure;
    const outcome = await new Promise<Awaited<ReturnType<Remote<CryptoWorkerApi>['run']>>>((resolve, reject) => {
      this.#pending.add(reject);
      const message = transferables.length > 0 ? transfer(args, transferables) : args;
      (remote.run(method, message) as Promise<never>).then(resolve, reject).finally(() => this.#pending.delete(reject));
    }).catch((error: unknown) => {
      throw error instanceof SealError ? error : new SealError('CRYPTO_UNAVAILABLE', 'The crypto worker did not answer', { cause: error });
    });
    if (!outcome.ok) throw sealErrorFromInfo(outcome.error);
    return outcome.value as EngineResult<M>;
  }

  terminate(): void {
    this.#fail(new SealError('CLOSED', 'The Sealbox client was closed'));
    this.#closing.abort();
    this.#remote?.[releaseProxy]();
    this.#worker?.terminate();
  }

  /** The worker failed after it had loaded. */
  readonly #onWorkerError = (event: ErrorEvent) => {
    event.preventDefault();
    this.#fail(new SealError('CRYPTO_UNAVAILABLE', `The crypto worker failed: ${event.message || 'no reason given'}`, { details: { reason: 'worker-error' } }));
  };

  #fail(error: SealError): void {
    this.#failure ??= error;
    for (const reject of this.#pending) reject(this.#failure);
    this.#pending.clear();
  }
}
