/**
 * The sweep of orphaned uploads: blobs no envelope lists whose newest chunk is older than the grace
 * period (a file removed before sending, an upload given up) are deleted with their chunks, which
 * frees their uploader's quota. Runs once at start, then every interval; logs counts only.
 */
import { failureName } from './errors.js';
import type { LogFunction } from './request-log.js';
import type { RelayStore, SweepCounts } from './store/store.js';

const NOTHING: SweepCounts = Object.freeze({ blobs: 0, chunks: 0, bytes: 0 });

export class OrphanSweeper {
  readonly #running = new Set<Promise<SweepCounts>>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking = false;
  #stopped = false;

  /** `graceMs` 0 turns sweeping off. */
  constructor(
    private readonly store: RelayStore,
    private readonly graceMs: number,
    private readonly intervalMs: number,
    private readonly log: LogFunction,
  ) {}

  /** Sweeps once (a failure is logged, not thrown), then keeps sweeping every interval until stopped. */
  async start(): Promise<void> {
    if (this.graceMs === 0) return;
    await this.#tick();
    if (this.#stopped) return;
    // Unref'd: a pending sweep never keeps the process alive.
    this.#timer = setInterval(() => void this.#tick(), this.intervalMs);
    this.#timer.unref();
  }

  /** Sweeps now, as if at `at` (default the database's clock); resolves with what was deleted. */
  sweep(at?: Date): Promise<SweepCounts> {
    if (this.graceMs === 0) return Promise.resolve(NOTHING);
    if (this.#stopped) return Promise.reject(new Error('The relay is closed'));
    const run = this.#run(at);
    this.#running.add(run);
    const done = () => void this.#running.delete(run);
    run.then(done, done);
    return run;
  }

  /** Stops the timer and waits for a sweep under way, so the database can close. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await Promise.allSettled([...this.#running]);
  }

  async #run(at: Date | undefined): Promise<SweepCounts> {
    const started = performance.now();
    const took = () => `${Math.round(performance.now() - started)}ms`;
    // Counts only: never a blob or user id.
    try {
      const { blobs, chunks, bytes } = await this.store.sweepOrphanBlobs(this.graceMs, at);
      this.log(`SWEEP orphaned-blobs blobs=${blobs} chunks=${chunks} bytes=${bytes} ${took()}`);
      return { blobs, chunks, bytes };
    } catch (error) {
      this.log(`SWEEP orphaned-blobs failed ${took()} error=${failureName(error)}`);
      throw error;
    }
  }

  /** A timed sweep: skipped while the previous one still runs; its failure is already logged. */
  async #tick(): Promise<void> {
    if (this.#ticking || this.#stopped) return;
    this.#ticking = true;
    try {
      await this.sweep();
    } catch {
      // Logged by #run; the next tick tries again.
    } finally {
      this.#ticking = false;
    }
  }
}
