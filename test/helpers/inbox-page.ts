import type { SealInbox } from '../../src/elements/inbox/inbox.js';
import type { SealClient } from '../../src/index.js';
import type { Scenario } from '../../stories/support/scenario.js';
import { waitFor } from './clients.js';
import { renderStory, text } from './stories.js';

export { text };

type Loader = (context: { args: Record<string, unknown> }) => Promise<Record<string, unknown>>;

export interface RenderedInbox {
  root: HTMLElement;
  el: SealInbox;
  /** The client the inbox uses (for the loading and error stories, a wrapper around `scenario.me`). */
  client: SealClient;
  scenario: Scenario;
}

/** Renders an inbox story and keeps what its loader made. */
export async function renderInbox(meta: unknown, story: unknown, args: Record<string, unknown> = {}): Promise<RenderedInbox> {
  const [load] = (meta as { loaders: Loader[] }).loaders;
  let loaded: Record<string, unknown> = {};
  const capturing = { ...(meta as object), loaders: [async (context: { args: Record<string, unknown> }) => (loaded = await load!(context))] };
  const root = await renderStory<HTMLElement>(capturing, story, args);
  const el = root.localName === 'seal-inbox' ? (root as SealInbox) : root.querySelector('seal-inbox')!;
  await el.updateComplete;
  return { root, el, client: loaded.client as SealClient, scenario: loaded.scenario as Scenario };
}

export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

export function listbox(el: SealInbox): HTMLElement {
  return shadow(el).querySelector<HTMLElement>('[role="listbox"]')!;
}

/** The rendered rows, in order. */
export function rows(el: SealInbox): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[role="option"]')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
}


/** Waits for the list to render rows. */
export async function waitForRows(el: SealInbox, count = 1): Promise<HTMLElement[]> {
  return waitFor(() => (rows(el).length >= count ? rows(el) : null), 10_000, `${count} inbox rows`);
}

/** Waits until every rendered row's subject is decrypted (or hidden). */
export async function waitForPreviews(el: SealInbox): Promise<void> {
  await waitFor(() => rows(el).length > 0 && !shadow(el).querySelector('[data-state="pending"]'), 10_000, 'previews');
  await el.updateComplete;
}

/** The polite announcement text. */
export function announcement(el: SealInbox): string {
  return text(shadow(el).querySelector('.visually-hidden[role="status"]'));
}
