import type { SealContactVerify } from '../../src/elements/contact-verify/contact-verify.js';
import { text } from './unlock-page.js';

export { button, field, part, queryButton, renderInProvider, text, waitForText } from './unlock-page.js';

/** The groups of the fingerprint card whose heading reads `label`, as shown on screen. */
export function groupsOf(el: SealContactVerify, label: string): string[] {
  const list = listOf(el, label);
  return [...list.querySelectorAll('[part~="group-code"]')].map((code) => text(code));
}

/** The fingerprint list labelled `label` (its accessible name comes from the card heading). */
export function listOf(el: SealContactVerify, label: string): HTMLOListElement {
  const root = el.shadowRoot!;
  const heading = [...root.querySelectorAll('h3')].find((candidate) => text(candidate) === label);
  if (!heading) throw new Error(`No fingerprint labelled "${label}"`);
  const list = root.querySelector<HTMLOListElement>(`ol[aria-labelledby="${heading.id}"]`);
  if (!list) throw new Error(`No groups for "${label}"`);
  return list;
}

/** A radio button by its label text. */
export function radio(el: SealContactVerify, label: string): HTMLInputElement {
  const found = [...el.shadowRoot!.querySelectorAll('label')].find((candidate) => text(candidate) === label);
  const input = found?.querySelector('input');
  if (!input) throw new Error(`No option "${label}"`);
  return input;
}
