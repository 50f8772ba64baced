import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Counts down a lockout delay for display. It re-renders its host once a second while a delay runs,
 * but announces only twice (through `announce`): when the delay starts and when it ends, so screen
 * readers are not told every second.
 */
export class LockoutCountdown implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #announce: (event: 'started' | 'ended', minutes: number) => void;
  #retryAt: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, announce: (event: 'started' | 'ended', minutes: number) => void) {
    this.#host = host;
    this.#announce = announce;
    host.addController(this);
  }

  /** Whether a delay is running. */
  get active(): boolean {
    return this.#retryAt !== null && this.#retryAt > Date.now();
  }

  /** The time left, as `m:ss` (or `h:mm:ss`). */
  get remaining(): string {
    return formatRemaining(this.#retryAt === null ? 0 : this.#retryAt - Date.now());
  }

  /** Starts (or moves) the countdown to `retryAt` (epoch ms); past or missing times are ignored. */
  start(retryAt: number | null | undefined): void {
    if (!retryAt || retryAt <= Date.now()) return;
    const announced = this.#retryAt !== null;
    this.#retryAt = retryAt;
    if (!announced) this.#announce('started', Math.max(1, Math.ceil((retryAt - Date.now()) / 60_000)));
    this.#schedule();
    this.#host.requestUpdate();
  }

  /** Stops without announcing (the vault was unlocked elsewhere, or the element lost its client). */
  clear(): void {
    this.#retryAt = null;
    clearTimeout(this.#timer);
  }

  hostConnected(): void {
    if (this.#retryAt !== null) this.#tick();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#retryAt === null) return;
    // Wake at the next whole second of the remaining time, so the display never skips a second.
    const left = this.#retryAt - Date.now();
    this.#timer = setTimeout(() => this.#tick(), Math.max(50, left % 1000 || 1000));
  }

  #tick(): void {
    if (this.#retryAt !== null && this.#retryAt <= Date.now()) {
      this.#retryAt = null;
      clearTimeout(this.#timer);
      this.#announce('ended', 0);
    } else {
      this.#schedule();
    }
    this.#host.requestUpdate();
  }
}

export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
