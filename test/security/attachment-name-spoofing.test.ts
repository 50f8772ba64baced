import { expect } from '@open-wc/testing';
import type { SealThread } from '../../src/elements/thread/thread.js';
import * as stories from '../../stories/thread.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';
import { renderThread } from '../helpers/thread-page.js';

/** Every character that can reorder, hide or fake text in a file name. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function everyTextAndLabel(el: SealThread): string[] {
  const walker = document.createTreeWalker(el.shadowRoot!, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  const found: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text) found.push(node.data);
    else if (node instanceof Element) for (const attribute of ['aria-label', 'title', 'alt', 'download']) found.push(node.getAttribute(attribute) ?? '');
  }
  return found;
}

describe('attack: a file name that uses a right-to-left override to pass "invoice‮fdp.exe" off as "invoiceexe.pdf"', () => {
  afterEach(disposeScenarios);

  it('shows the override as a visible marker, in the name, the buttons and the saved file name', async () => {
    const { el } = await renderThread(stories.default, stories.AttachmentsHostileNames);
    const name = await waitFor(() => el.shadowRoot!.querySelector('[part~="received-attachments"] [part~="file-name"]'), 20_000, 'the files');
    expect(name.textContent).to.equal('invoice[U+202E]fdp.exe');
    expect(getComputedStyle(name.querySelector('[part~="hidden-character"]')!).borderTopStyle).to.equal('solid');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Download invoice[U+202E]fdp.exe"]')!.click();
    const link = await waitFor(() => el.shadowRoot!.querySelector('a[part~="save-link"]'), 20_000, 'Save');
    expect(link.getAttribute('download')).to.equal('invoicefdp.exe.pdf');
    expect(everyTextAndLabel(el).filter((value) => HIDDEN.test(value.replace(/\s/g, '')))).to.deep.equal([]);
  });
});
