import { expect } from '@open-wc/testing';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import type { ComposerScenario } from '../../stories/support/composer-scenario.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { cleanupClients, waitFor } from '../helpers/clients.js';
import { button, queryButton, renderComposer, shadow, text, waitForText } from '../helpers/composer-page.js';

const { default: meta } = stories;

const announcement = (el: Element) => text(shadow(el).querySelector('.visually-hidden[role="status"]'));
const uploaded = (el: Element) => shadow(el).querySelector<HTMLProgressElement>('[part~="upload-progress"] progress')?.value;

describe('<seal-composer> stopping an upload', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('stops the upload of a sent message, keeps it to retry or discard, and Retry finishes it', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.AttachmentsUploading);
    await waitFor(() => shadow(el).querySelectorAll('[part~="attachment"]').length === 3, 5000, 'the files');
    button(el, 'Send').click();
    // Two chunks get through, then the upload is held, as on a slow connection.
    await waitFor(() => uploaded(el) === 2, 20_000, 'two parts uploaded');
    const stop = button(el, 'Stop upload');
    expect(stop.getAttribute('aria-describedby')).to.match(/^delivery-/);
    await expect(el).to.be.accessible();

    stop.click();
    const retry = await waitFor(() => queryButton(el, 'Retry'), 10_000, 'Retry');
    expect(shadow(el).activeElement).to.equal(retry);
    expect(announcement(el)).to.include('Failed to send');
    expect(text(shadow(el).querySelector('[part~="delivery-item"] .delivery-reason'))).to.equal(
      'Upload stopped. Retry resumes it where it stopped; Discard gives the message up.',
    );
    expect(uploaded(el)).to.equal(2);
    expect(queryButton(el, 'Stop upload')).to.equal(undefined);
    expect(queryButton(el, 'Discard')).to.exist;
    await expect(el).to.be.accessible();

    scenario.transport.holdUploadsAfter = null;
    retry.click();
    await waitForText(el, 'To Dr. Lee: Sent', 20_000);
  });

  it('speaks Spanish', async () => {
    const { el } = await renderComposer<ComposerScenario>(meta, stories.AttachmentsUploading, { locale: 'es' });
    await waitFor(() => shadow(el).querySelectorAll('[part~="attachment"]').length === 3, 5000, 'the files');
    button(el, 'Enviar').click();
    await waitFor(() => uploaded(el) === 2, 20_000, 'two parts uploaded');
    button(el, 'Detener la subida').click();
    await waitFor(() => queryButton(el, 'Reintentar'), 10_000, 'Reintentar');
    expect(text(shadow(el).querySelector('[part~="delivery-item"] .delivery-reason'))).to.include('Subida detenida.');
  });
});
