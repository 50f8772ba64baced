import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { SealError, sealErrorFromInfo } from '../errors.js';
import { defaultWorkerStarts, startListeningWorker, workerLoadHint, type WorkerStart } from '../workers/start-worker.js';
import type { EngineOptions } from './engine.js';
import type { CryptoWorkerApi, EngineArgs, EngineMethod, EngineResult } from './worker-protocol.js';

/**
 * The default ways to start the crypto worker (see start-worker.ts): the file next to this module (the
 * package build points the literal below at `workers/crypto.worker.js`), then the chunk a bundler
 * emitted for crypto-locate.ts; or `setBasePath`'s folder.
 */
export function cryptoWorkerStarts(): WorkerStart[] {
  return defaultWorkerStarts('crypto', {
    bundled: () => new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'sealbox-crypto' }),
    path: './crypto.worker.ts',
    base: import.meta.url,
    locate: () => import('./crypto-locate.js'),
  });
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
  /** Bumped whenever the worker is ended, so a start still under way for the old one gives up. */
  #generation = 0;
  readonly #closing = new AbortController();
  readonly #pending = new Set<(error: SealError) => void>();

  /** `starts`: the ways to start the worker, tried in order (a `createWorker` option is the only one). */
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
    this.#ready ??= this.#startWorker();
    return this.#ready;
  }

  async #startWorker(): Promise<Remote<CryptoWorkerApi>> {
    const generation = this.#generation;
    const started = await startListeningWorker(this.#starts, this.#closing.signal);
    if ('reason' in started) {
      const hint = workerLoadHint('crypto', started);
      // A script that did not load says nothing of itself; tell the developer where to look.
      console.warn(hint);
      throw new SealError('CRYPTO_UNAVAILABLE', hint, { details: { reason: started.reason } });
    }
    if (this.#closing.signal.aborted || generation !== this.#generation) {
      started.terminate();
      throw this.#failure ?? new SealError('LOCKED', 'The crypto worker was ended to wipe the key');
    }
    this.#worker = started;
    started.addEventListener('error', this.#onWorkerError);
    const remote = wrap<CryptoWorkerApi>(started);
    this.#remote = remote;
    void remote.configure(this.#options, proxy(this.#onAutoLock)).catch(() => {});
    return remote;
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
    if (!this.#ready && (method === 'lock' || method === 'touch')) return undefined as EngineResult<M>;
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

  /**
   * Wipes the unlocked key. A worker that does not answer within `withinMs` (busy, or stuck) is ended,
   * and the key with it; the next call starts a new one. Calls under way when that happens reject with
   * LOCKED.
   */
  async lock(withinMs: number): Promise<void> {
    if (!this.#ready || this.#failure) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = await Promise.race([
      this.call('lock').then(() => true, () => false),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), withinMs))),
    ]).finally(() => clearTimeout(timer));
    if (!answered) this.#end(new SealError('LOCKED', 'The crypto worker was ended to wipe the key'));
  }

  /** Ends the worker, rejecting the calls under way with `error`; the next call starts another. */
  #end(error: SealError): void {
    this.#generation += 1;
    for (const reject of this.#pending) reject(error);
    this.#pending.clear();
    this.#remote?.[releaseProxy]();
    this.#worker?.removeEventListener('error', this.#onWorkerError);
    this.#worker?.terminate();
    this.#remote = null;
    this.#worker = null;
    this.#ready = null;
  }

  terminate(): void {
    this.#fail(new SealError('CLOSED', 'The Sealbox client was closed'));
    this.#closing.abort();
    this.#remote?.[releaseProxy]();
    this.#worker?.terminate();
  }

  /** The worker failed after it had started. */
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
