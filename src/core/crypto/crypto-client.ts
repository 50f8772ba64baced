import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { SealError, sealErrorFromInfo } from '../errors.js';
import { startWorker, workerLoadHint } from '../workers/start-worker.js';
import type { EngineOptions } from './engine.js';
import type { CryptoWorkerApi, EngineArgs, EngineMethod, EngineResult } from './worker-protocol.js';

/**
 * Starts the crypto worker from the file next to this module (the package build points the literal
 * below at `workers/crypto.worker.js`), or from `setBasePath`'s folder; see start-worker.ts.
 */
export function defaultCreateWorker(): Worker {
  return startWorker(
    'crypto',
    () => new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'sealbox-crypto' }),
    { path: './crypto.worker.ts', base: import.meta.url },
  );
}

/**
 * The main thread's handle on the crypto worker. Passphrases go in; ciphertext, signatures, public
 * keys and decrypted envelopes come out; private key material never does.
 *
 * The worker (and with it openpgp.js) starts on the first call, so pages that only show the inbox
 * list or the consent banner never load the crypto code.
 */
export class CryptoClient {
  readonly #createWorker: () => Worker;
  readonly #options: EngineOptions;
  readonly #onAutoLock: () => void;
  #worker: Worker | null = null;
  #remote: Remote<CryptoWorkerApi> | null = null;
  #failure: SealError | null = null;
  readonly #pending = new Set<(error: SealError) => void>();

  constructor(createWorker: () => Worker, options: EngineOptions, onAutoLock: () => void) {
    this.#createWorker = createWorker;
    this.#options = options;
    this.#onAutoLock = onAutoLock;
  }

  /** Whether the worker has been started. */
  get started(): boolean {
    return this.#worker !== null;
  }

  #start(): Remote<CryptoWorkerApi> {
    if (this.#remote) return this.#remote;
    const worker = this.#createWorker();
    this.#worker = worker;
    worker.addEventListener('error', this.#onWorkerError);
    this.#remote = wrap<CryptoWorkerApi>(worker);
    void this.#remote.configure(this.#options, proxy(this.#onAutoLock)).catch(() => {});
    return this.#remote;
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
    const remote = this.#start();
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
    this.#remote?.[releaseProxy]();
    this.#worker?.terminate();
  }

  readonly #onWorkerError = (event: ErrorEvent) => {
    event.preventDefault();
    // A script that did not load says nothing; tell the developer where to look.
    if (!event.message) console.warn(workerLoadHint('crypto'));
    this.#fail(
      new SealError('CRYPTO_UNAVAILABLE', event.message ? `The crypto worker failed: ${event.message}` : workerLoadHint('crypto'), {
        details: { reason: event.message ? 'worker-error' : 'worker-load' },
      }),
    );
  };

  #fail(error: SealError): void {
    this.#failure ??= error;
    for (const reject of this.#pending) reject(this.#failure);
    this.#pending.clear();
  }
}
