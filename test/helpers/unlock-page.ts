import type { SealClient } from '../../src/index.js';
import { waitFor } from './clients.js';
import { renderStory, text } from './stories.js';

export { text };

type Loader = (context: { args: Record<string, unknown> }) => Promise<Record<string, unknown>>;

/** Renders a story whose root is a `<seal-provider>` and returns the element `tag` inside it, the client and what the loaders made. */
export async function renderInProvider<T extends HTMLElement>(
  tag: string,
  meta: unknown,
  story: unknown,
  args: Record<string, unknown> = {},
): Promise<{ el: T; client: SealClient; loaded: Record<string, unknown> }> {
  const loaders = (meta as { loaders: Loader[] }).loaders;
  const loaded: Record<string, unknown> = {};
  const capturing = { ...(meta as object), loaders: loaders.map((load) => async (context: { args: Record<string, unknown> }) => Object.assign(loaded, await load(context))) };
  const provider = await renderStory<HTMLElement & { whenReady(): Promise<SealClient> }>(capturing, story, args);
  const el = provider.querySelector(tag) as T;
  const client = await provider.whenReady();
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return { el, client, loaded };
}


/** The control whose `<label>` reads exactly `name`. */
export function field<T extends HTMLElement = HTMLInputElement>(el: Element, name: string): T {
  const root = el.shadowRoot!;
  const label = [...root.querySelectorAll('label')].find((candidate) => text(candidate) === name);
  if (!label) throw new Error(`No field labelled "${name}"`);
  return root.getElementById(label.htmlFor) as T;
}

/** The button whose accessible name (aria-label, else its text) is exactly `name`. */
export function queryButton(el: Element, name: string): HTMLButtonElement | undefined {
  return [...el.shadowRoot!.querySelectorAll('button')].find((candidate) => (candidate.getAttribute('aria-label') ?? text(candidate)) === name);
}

export function button(el: Element, name: string): HTMLButtonElement {
  const found = queryButton(el, name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

export function part(el: Element, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** Sets a field's value the way typing does (value, then an input event). */
export async function fill(el: Element & { updateComplete: Promise<unknown> }, control: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  control.value = value;
  control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Waits until the element's text includes `wanted`. */
export function waitForText(el: Element, wanted: string, timeoutMs = 5000): Promise<true> {
  return waitFor(() => text(el.shadowRoot!.querySelector('[part~="base"]')).includes(wanted) || null, timeoutMs, `"${wanted}"`) as Promise<true>;
}

/** Captures the next download (blob and file name) instead of saving it. */
export async function captureDownload(action: () => void | Promise<void>): Promise<{ blob: Blob; fileName: string; revoked: boolean }> {
  const originalCreate = URL.createObjectURL;
  const originalRevoke = URL.revokeObjectURL;
  const originalClick = HTMLAnchorElement.prototype.click;
  let blob: Blob | null = null;
  let url = '';
  let fileName = '';
  let revoked = false;
  URL.createObjectURL = (value: Blob | MediaSource) => {
    blob = value as Blob;
    url = originalCreate.call(URL, value);
    return url;
  };
  URL.revokeObjectURL = (value: string) => {
    if (value === url) revoked = true;
    originalRevoke.call(URL, value);
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    fileName = this.download;
  };
  try {
    await action();
    await waitFor(() => blob && fileName && revoked, 5000, 'the download');
  } finally {
    URL.createObjectURL = originalCreate;
    URL.revokeObjectURL = originalRevoke;
    HTMLAnchorElement.prototype.click = originalClick;
  }
  return { blob: blob!, fileName, revoked };
}
