import type { SealComposer } from '../../src/elements/composer/composer.js';
import type { SealClient } from '../../src/index.js';
import type { Scenario } from '../../stories/support/scenario.js';
import { waitFor } from './clients.js';
import { renderStory, text } from './stories.js';

export { text };

type Loader = (context: { args: Record<string, unknown> }) => Promise<Record<string, unknown>>;

export interface RenderedComposer<S extends Scenario = Scenario> {
  el: SealComposer;
  client: SealClient;
  scenario: S;
  draftId: string | undefined;
}

/** Renders a composer story and keeps what its loader made (the scenario, the draft id). */
export async function renderComposer<S extends Scenario = Scenario>(meta: unknown, story: unknown, args: Record<string, unknown> = {}): Promise<RenderedComposer<S>> {
  const [load] = (meta as { loaders: Loader[] }).loaders;
  let loaded: Record<string, unknown> = {};
  const capturing = { ...(meta as object), loaders: [async (context: { args: Record<string, unknown> }) => (loaded = await load!(context))] };
  const provider = await renderStory<HTMLElement & { whenReady(): Promise<SealClient> }>(capturing, story, args);
  const el = provider.querySelector('seal-composer')!;
  const client = await provider.whenReady();
  await settled(el);
  return { el, client, scenario: loaded.scenario as S, draftId: loaded.draftId as string | undefined };
}

/** Waits until no recipient is being checked and no draft is loading. */
export async function settled(el: SealComposer): Promise<void> {
  await el.updateComplete;
  await waitFor(() => !shadow(el).querySelector('[data-state="checking"], form[aria-busy="true"]'), 5000, 'composer to settle');
  await el.updateComplete;
}

export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

/** The control a visible label names (label text exactly `name`). */
export function field<T extends HTMLElement = HTMLInputElement>(el: Element, name: string): T {
  const label = [...shadow(el).querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === name);
  if (!label) throw new Error(`No field labelled "${name}"`);
  return shadow(el).getElementById(label.htmlFor) as T;
}

/** A button by its accessible name (aria-label, else its text). */
export function button(root: Element | ShadowRoot, name: string): HTMLButtonElement {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  const found = [...scope.querySelectorAll('button')].find((candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

export function queryButton(el: Element, name: string): HTMLButtonElement | undefined {
  return [...shadow(el).querySelectorAll('button')].find((candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === name);
}

/** Types into a field the way a user does: value, then an input event. */
export async function fill(el: SealComposer, control: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  control.value = value;
  control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

export function chips(el: Element): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[part~="recipient"]')];
}


/** Waits until the composer shows `wanted` somewhere in its text. */
export function waitForText(el: Element, wanted: string, timeoutMs = 5000): Promise<true> {
  return waitFor(() => text(shadow(el).querySelector('[part~="base"]')).includes(wanted) || null, timeoutMs, `"${wanted}"`) as Promise<true>;
}

/** The misdirected-message guard's dialog. */
export function dialogOf(el: Element): HTMLDialogElement {
  return shadow(el).querySelector('dialog')!;
}
