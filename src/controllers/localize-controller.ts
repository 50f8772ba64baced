import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLocaleChange } from '../localize/localize.js';

/** Re-renders its host when the Sealbox locale changes. */
export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #off: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#off = onLocaleChange(() => this.#host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = null;
  }
}
