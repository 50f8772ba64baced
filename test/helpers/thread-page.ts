import type { SealThread } from '../../src/elements/thread/thread.js';
import type { SealClient } from '../../src/index.js';
import type { Scenario } from '../../stories/support/scenario.js';
import { waitFor } from './clients.js';
import { renderStory, text } from './stories.js';

export { text };

type Loader = (context: { args: Record<string, unknown> }) => Promise<Record<string, unknown>>;

export interface RenderedThread<S extends Scenario = Scenario> {
  root: HTMLElement;
  el: SealThread;
  client: SealClient;
  scenario: S;
  threadId: string | null;
}

/** Renders a thread story and keeps what its loader made. */
export async function renderThread<S extends Scenario = Scenario>(meta: unknown, story: unknown, args: Record<string, unknown> = {}): Promise<RenderedThread<S>> {
  const [load] = (meta as { loaders: Loader[] }).loaders;
  let loaded: Record<string, unknown> = {};
  const capturing = { ...(meta as object), loaders: [async (context: { args: Record<string, unknown> }) => (loaded = await load!(context))] };
  const root = await renderStory<HTMLElement>(capturing, story, args);
  const el = root.localName === 'seal-thread' ? (root as SealThread) : root.querySelector('seal-thread')!;
  await el.updateComplete;
  return { root, el, client: loaded.client as SealClient, scenario: loaded.scenario as S, threadId: (loaded.threadId as string | null) ?? null };
}

export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}


/** The rendered messages, oldest first. */
export function messages(el: SealThread): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[part~="message"]')];
}

/** Waits until the thread shows at least `count` messages. */
export async function waitForMessages(el: SealThread, count = 1): Promise<HTMLElement[]> {
  return waitFor(() => (messages(el).length >= count ? messages(el) : null), 10_000, `${count} messages`);
}

export function replyBox(el: SealThread): HTMLTextAreaElement {
  const label = [...shadow(el).querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === 'Reply' || candidate.textContent?.trim() === 'Responder');
  if (!label) throw new Error('No field labelled "Reply"');
  return shadow(el).getElementById(label.htmlFor) as HTMLTextAreaElement;
}

/** A button by its accessible name (aria-label, else its text). */
export function button(el: Element, name: string): HTMLButtonElement {
  const found = queryButton(el, name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

export function queryButton(el: Element, name: string): HTMLButtonElement | undefined {
  return [...shadow(el).querySelectorAll('button')].find((candidate) => (candidate.getAttribute('aria-label') ?? text(candidate)) === name);
}

/** Types into the reply box the way a user does: value, then an input event. */
export async function typeReply(el: SealThread, value: string): Promise<void> {
  const box = replyBox(el);
  box.value = value;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

export function announcement(el: SealThread): string {
  return text(shadow(el).querySelector('.visually-hidden[role="status"]'));
}
