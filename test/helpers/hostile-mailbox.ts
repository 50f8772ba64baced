import type { EnvelopePage, FetchOptions, SealTransport } from '../../src/transport/transport.js';

/**
 * A backend that serves a mailbox of its own making: `fetch` pages through `served` (raw values, as a
 * hostile or broken server would send them, each given a cursor here unless `keepCursor`), oldest
 * first; every other call goes to the real transport. Push envelopes to `served` as the test goes.
 */
export class HostileMailbox implements SealTransport {
  readonly served: { value: unknown; keepCursor?: boolean }[] = [];
  readonly fetches: (string | null)[] = [];

  constructor(readonly inner: SealTransport) {}

  publishKey(...args: Parameters<SealTransport['publishKey']>) {
    return this.inner.publishKey(...args);
  }

  lookupKey(userId: string) {
    return this.inner.lookupKey(userId);
  }

  send(...args: Parameters<SealTransport['send']>) {
    return this.inner.send(...args);
  }

  /** Adds raw values to the mailbox, each at the next cursor. */
  serve(...values: unknown[]): void {
    for (const value of values) this.served.push({ value });
  }

  cursorOf(index: number): string {
    return `c${String(index + 1).padStart(6, '0')}`;
  }

  async fetch({ after, limit }: FetchOptions): Promise<EnvelopePage> {
    this.fetches.push(after ?? null);
    const start = after ? Number(after.slice(1)) : 0;
    const page = this.served.slice(start, start + (limit ?? 100));
    const envelopes = page.map(({ value, keepCursor }, offset) =>
      keepCursor || typeof value !== 'object' || value === null || Array.isArray(value) ? value : { ...value, cursor: this.cursorOf(start + offset) },
    );
    const end = start + page.length;
    return { envelopes: envelopes as EnvelopePage['envelopes'], cursor: end > 0 ? this.cursorOf(end - 1) : null, hasMore: end < this.served.length };
  }
}
