import { expect } from '@open-wc/testing';
import type { SealThread } from '../../src/elements/thread/thread.js';
import { setBasePath } from '../../src/core/workers/start-worker.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/thread.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';
import { announcement, button, queryButton, renderThread, shadow, text } from '../helpers/thread-page.js';

const { default: meta } = stories;

const link = (el: SealThread, label: string) => [...shadow(el).querySelectorAll<HTMLAnchorElement>('a[part~="save-link"]')].find((a) => a.getAttribute('aria-label') === label);

/** Downloads and verifies a file, then opens its preview. */
async function preview(el: SealThread, name: string, words = { download: 'Download', save: 'Save', preview: 'Preview' }): Promise<void> {
  await waitFor(() => queryButton(el, `${words.download} ${name}`), 20_000, `"${words.download} ${name}"`).then((found) => found.click());
  await waitFor(() => link(el, `${words.save} ${name}`), 20_000, `"${words.save} ${name}"`);
  button(el, `${words.preview} ${name}`).click();
}

const previewError = (el: SealThread) => shadow(el).querySelector('[part~="preview-error"]');

describe('<seal-thread> PDF preview', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it('says in words when a verified PDF is damaged or locked with a password, and still offers Save', async () => {
    const { el } = await renderThread(meta, stories.AttachmentsPdfProblems);

    await preview(el, 'scan-2026-11.pdf');
    await waitFor(() => previewError(el), 20_000, 'the damaged PDF message');
    const damaged = 'scan-2026-11.pdf could not be shown here. Save it and open it with a PDF reader.';
    expect(text(previewError(el))).to.equal(damaged);
    expect(announcement(el)).to.equal(damaged);
    // The file is what its sender signed: only the drawing failed, so Save stays.
    expect(link(el, 'Save scan-2026-11.pdf')).to.exist;
    expect(shadow(el).querySelector('[part~="preview-page"]')).to.equal(null);
    await expect(el).to.be.accessible();
    button(el, 'Hide preview of scan-2026-11.pdf').click();
    await waitFor(() => !previewError(el), 5000, 'the message to go with the preview');

    await preview(el, 'insurance-card.pdf');
    await waitFor(() => previewError(el), 20_000, 'the password message');
    expect(text(previewError(el))).to.equal('insurance-card.pdf is protected by a password, so it cannot be previewed. Save it and open it with a PDF reader.');
    expect(link(el, 'Save insurance-card.pdf')).to.exist;
  });

  it('opens again after the preview was hidden, and speaks Spanish', async () => {
    const { el } = await renderThread(meta, stories.AttachmentsReceived);
    setLocale('es');
    await preview(el, 'referral-letter.pdf', { download: 'Descargar', save: 'Guardar', preview: 'Vista previa de' });
    const page = () => shadow(el).querySelector<HTMLCanvasElement>('[part~="preview-page"]');
    await waitFor(() => page()?.getAttribute('aria-label') === 'Página 1 de 2 de referral-letter.pdf' && page()!.width > 0, 20_000, 'page 1');
    expect(button(el, 'Página siguiente')).to.exist;
    expect(text(shadow(el).querySelector('[part~="preview-page-number"]'))).to.equal('Página 1 de 2');

    // Hiding frees the document; showing it again opens a new one.
    button(el, 'Ocultar la vista previa de referral-letter.pdf').click();
    await waitFor(() => !page(), 5000, 'the preview to close');
    button(el, 'Vista previa de referral-letter.pdf').click();
    await waitFor(() => page()?.getAttribute('aria-label') === 'Página 1 de 2 de referral-letter.pdf' && page()!.width > 0, 20_000, 'page 1 again');
    button(el, 'Página siguiente').click();
    await waitFor(() => page()?.getAttribute('aria-label') === 'Página 2 de 2 de referral-letter.pdf', 10_000, 'page 2');
    await expect(el).to.be.accessible();
  });

  it('says at once that previews cannot be shown when the PDF worker does not load, and still offers Save', async () => {
    const { el } = await renderThread(meta, stories.AttachmentsReceived);
    setBasePath('/no-such-folder/');
    try {
      const started = Date.now();
      await preview(el, 'referral-letter.pdf');
      await waitFor(() => previewError(el), 20_000, 'the message');
      expect(text(previewError(el))).to.equal(
        'Previews cannot be shown on this page, so referral-letter.pdf is not shown here. Save it and open it with a PDF reader.',
      );
      expect(Date.now() - started, 'not after the 30 s time limit').to.be.below(20_000);
      expect(link(el, 'Save referral-letter.pdf')).to.exist;
      await expect(el).to.be.accessible();
    } finally {
      setBasePath(undefined);
    }
  });
});
