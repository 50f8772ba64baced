import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/provider/seal-provider.js';
import '../../src/elements/thread/seal-thread.js';
import type { SealThread } from '../../src/elements/thread/thread.js';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../src/core/attachments/limits.js';
import { SNIFFED_TYPES } from '../../src/core/attachments/sniff.js';
import { pdfBytes } from '../../stories/support/attachment-files.js';
import { createScenario, disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';

declare global {
  interface Window {
    __sealPwned?: string;
  }
}

const NAME_WITH_MARKUP = '<img src=x onerror="window.__sealPwned=\'name\'">.pdf';

describe('attack: a sender attaches markup that runs script, and names a file with markup', () => {
  afterEach(async () => {
    delete window.__sealPwned;
    await disposeScenarios();
  });

  it('never renders HTML or SVG in the page, offers them as plain bytes, and shows names as text', async () => {
    // A portal that lets HTML and SVG through its limits: the thread must still never show them inline.
    const limits = { allowedTypes: [...DEFAULT_ATTACHMENT_LIMITS.allowedTypes, SNIFFED_TYPES.html, SNIFFED_TYPES.svg] };
    const scenario = await createScenario({
      people: ['ana', 'dr-lee'],
      messages: [{ from: 'ana', to: ['dr-lee'], subject: 'Results', body: 'Any news?', thread: 'labs' }],
      attachmentLimits: limits,
    });
    const lee = scenario.clients['dr-lee']!;
    await lee.sync();
    const script = `<script>window.__sealPwned = 'file'; try { parent.__sealPwned = 'file'; top.__sealPwned = 'file'; } catch {}</script>`;
    await lee.send({
      to: ['ana'],
      subject: 'Re: Results',
      body: 'Attached.',
      threadId: scenario.threadIds.labs!,
      attachments: [
        new File([`<!doctype html><html><body>${script}</body></html>`], 'results.html'),
        new File([`<svg xmlns="http://www.w3.org/2000/svg">${script}<circle r="5"/></svg>`], 'chart.svg'),
        new File([pdfBytes('Results')], NAME_WITH_MARKUP),
      ],
    });
    await waitFor(async () => (await lee.listOutbox()).length === 0, 20_000, 'delivery');
    await scenario.me.sync();

    const root = await fixture(html`<seal-provider .client=${scenario.me}><seal-thread thread-id=${scenario.threadIds.labs!}></seal-thread></seal-provider>`);
    const el = root.querySelector<SealThread>('seal-thread')!;
    const shadow = el.shadowRoot!;
    const buttons = () => [...shadow.querySelectorAll('button')];
    const byLabel = (label: string) => buttons().find((button) => button.getAttribute('aria-label') === label);
    await waitFor(() => byLabel('Download chart.svg'), 20_000, 'the attachments');

    // The name is text: its markup is neither an element nor run.
    const names = [...shadow.querySelectorAll('[part~="file-name"]')].map((node) => node.textContent);
    expect(names).to.include(NAME_WITH_MARKUP);
    expect(shadow.querySelector('img')).to.equal(null);

    for (const name of ['results.html', 'chart.svg', NAME_WITH_MARKUP]) {
      byLabel(`Download ${name}`)!.click();
      await waitFor(() => shadow.querySelector(`a[aria-label="Save ${CSS.escape(name)}"]`), 20_000, `Save ${name}`);
    }
    // Markup is only ever offered for saving, as bytes that no browser renders.
    expect(Boolean(byLabel('Preview results.html'))).to.equal(false);
    expect(Boolean(byLabel('Preview chart.svg'))).to.equal(false);
    for (const link of shadow.querySelectorAll<HTMLAnchorElement>('a[part~="save-link"]')) {
      expect((await (await fetch(link.href)).blob()).type).to.equal('application/octet-stream');
      expect(link.hasAttribute('download')).to.equal(true);
    }
    expect(shadow.querySelector('iframe, svg, script, object, embed')).to.equal(null);

    // The PDF may be previewed: drawn as a picture, its name only ever as text.
    byLabel(`Preview ${NAME_WITH_MARKUP}`)!.click();
    const page = await waitFor(() => shadow.querySelector<HTMLCanvasElement>('[part~="preview-page"]'), 20_000, 'the PDF preview');
    await waitFor(() => page.width > 0 && page.getAttribute('aria-label') === `Page 1 of 1 of ${NAME_WITH_MARKUP}`, 20_000, 'the page drawn');
    expect(shadow.querySelector('img, iframe, svg, script, object, embed')).to.equal(null);
    expect(window.__sealPwned).to.equal(undefined);
  });
});
