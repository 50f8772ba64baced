import { fixture } from '@open-wc/testing';
import type { TemplateResult } from 'lit';

/** The parts of a Storybook story (CSF 3) that a test renders. */
type Loader = (context: { args: Record<string, unknown> }) => unknown;
interface StoryLike {
  args?: Record<string, unknown>;
  loaders?: Loader | readonly Loader[];
  render?: (args: Record<string, unknown>, context: { args: Record<string, unknown>; loaded: Record<string, unknown> }) => unknown;
}

/**
 * Renders a story the way Storybook does (meta and story args merged, loaders awaited), so tests run
 * against exactly what designers see. Returns the rendered root element.
 */
export async function renderStory<T extends Element = HTMLElement>(metaInput: unknown, storyInput: unknown, args: Record<string, unknown> = {}): Promise<T> {
  const meta = metaInput as StoryLike;
  const story = storyInput as StoryLike;
  const merged = { ...meta.args, ...story.args, ...args };
  const loaders = [meta.loaders ?? [], story.loaders ?? []].flat();
  const loaded = Object.assign({}, ...(await Promise.all(loaders.map((load) => load({ args: merged }))))) as Record<string, unknown>;
  const render = story.render ?? meta.render;
  if (!render) throw new Error('The story has no render function');
  return fixture<T>(render(merged, { args: merged, loaded }) as TemplateResult);
}

/** An element's text with runs of white space made single spaces, as a reader hears it. */
export function text(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Every text `el`'s shadow root shows in `selector` from now on (states too brief to poll for). */
export function shown(el: Element, selector: string): string[] {
  const root = el.shadowRoot!;
  const seen: string[] = [];
  const look = () => root.querySelectorAll(selector).forEach((node) => seen.includes(text(node)) || seen.push(text(node)));
  new MutationObserver(look).observe(root, { subtree: true, childList: true, characterData: true });
  return seen;
}
