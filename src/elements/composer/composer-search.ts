import type { ReactiveControllerHost } from 'lit';
import type { SealClient } from '../../core/client.js';

/** One choice in the recipient list box: a directory entry, or the typed text used as an exact user id. */
export interface RecipientOption {
  readonly userId: string;
  readonly displayName: string | null;
  readonly role: string | null;
  /** True for "Use the user id …". */
  readonly exact: boolean;
}

export type SearchStatus = 'idle' | 'searching' | 'results' | 'none' | 'failed';

const DEBOUNCE_MS = 250;
const LIMIT = 8;
// The engine's rule for user ids: printable, no spaces.
const USER_ID = /^[^\p{Cc}\p{Cf}\s]{1,256}$/u;

/**
 * Directory lookups for the "To" combobox: debounced, latest query wins. When the directory finds no
 * one, fails, or the transport has none, the typed text itself is offered as an exact user id.
 */
export class DirectorySearch {
  query = '';
  status: SearchStatus = 'idle';
  options: readonly RecipientOption[] = [];
  /** Index of the highlighted option, -1 for none. */
  active = -1;
  open = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SealClient | undefined,
    private readonly exclude: () => readonly string[],
  ) {}

  /** The user typed: searches after a short pause. */
  input(query: string): void {
    this.query = query;
    clearTimeout(this.#timer);
    const seq = ++this.#seq;
    if (!query.trim()) {
      this.close();
      this.status = 'idle';
      this.options = [];
      this.host.requestUpdate();
      return;
    }
    this.status = 'searching';
    this.host.requestUpdate();
    this.#timer = setTimeout(() => void this.#search(query.trim(), seq), DEBOUNCE_MS);
  }

  move(step: 1 | -1): void {
    if (!this.open) {
      if (this.options.length === 0) return;
      this.open = true;
    }
    const count = this.options.length;
    if (count === 0) return;
    this.active = this.active === -1 ? (step === 1 ? 0 : count - 1) : (this.active + step + count) % count;
    this.host.requestUpdate();
  }

  /**
   * The combobox keys: arrows move, Enter picks, Escape closes (then clears), Backspace in the empty
   * field removes the last recipient. Returns nothing; calls back for picks and removals.
   */
  keydown(event: KeyboardEvent, actions: { pick: (option: RecipientOption) => void; removeLast: () => boolean }): void {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        this.move(event.key === 'ArrowDown' ? 1 : -1);
        break;
      case 'Enter': {
        // Never submits: only a highlighted option is picked.
        event.preventDefault();
        const option = this.open ? this.options[this.active] : undefined;
        if (option) actions.pick(option);
        break;
      }
      case 'Escape':
        if (this.open || this.query) event.preventDefault();
        if (this.open) this.close();
        else if (this.query) this.reset();
        break;
      case 'Backspace':
        if (!this.query && actions.removeLast()) event.preventDefault();
        break;
      default:
    }
  }

  close(): void {
    this.open = false;
    this.active = -1;
    this.host.requestUpdate();
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#seq += 1;
    this.query = '';
    this.status = 'idle';
    this.options = [];
    this.close();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#seq += 1;
  }

  async #search(query: string, seq: number): Promise<void> {
    const client = this.client();
    let entries: RecipientOption[] = [];
    let failed = false;
    try {
      const found = client ? await client.searchDirectory(query, { limit: LIMIT }) : [];
      const excluded = new Set([...this.exclude(), client?.userId]);
      entries = found
        .filter((entry) => !excluded.has(entry.userId))
        .map((entry) => ({ userId: entry.userId, displayName: entry.displayName, role: entry.role ?? null, exact: false }));
    } catch {
      failed = true;
    }
    if (seq !== this.#seq) return;
    const exact = entries.length === 0 && USER_ID.test(query) && !this.exclude().includes(query) && query !== client?.userId;
    this.options = exact ? [{ userId: query, displayName: null, role: null, exact: true }] : entries;
    this.status = failed ? 'failed' : entries.length > 0 ? 'results' : 'none';
    this.open = this.options.length > 0;
    this.active = -1;
    this.host.requestUpdate();
  }
}
