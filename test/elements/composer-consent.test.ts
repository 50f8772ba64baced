import { expect } from '@open-wc/testing';
import type { SealConsentRequestEvent } from '../../src/events/consent-request.js';
import * as stories from '../../stories/composer.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { nextEvent, waitFor } from '../helpers/clients.js';
import { button, renderComposer, shadow } from '../helpers/composer-page.js';

describe('<seal-composer> until consent is given', () => {
  afterEach(disposeScenarios);

  it('explains the block, opens the terms on request, and enables writing once the user accepts', async () => {
    const { el, client } = await renderComposer(stories.default, stories.ConsentRequired);
    await waitFor(() => shadow(el).querySelector('[part~="consent-notice"]'), 5000, 'consent notice');
    expect(shadow(el).querySelector('[part~="consent-notice"]')!.textContent).to.contain('accept the secure messaging terms');
    expect(shadow(el).querySelector<HTMLFieldSetElement>('fieldset')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();

    const request = nextEvent<SealConsentRequestEvent>(document, 'seal-consent-request');
    button(el, 'Review the terms').click();
    expect((await request).detail).to.deep.equal({ policyId: 'secure-messaging-terms' });

    await client.recordConsent({ id: 'secure-messaging-terms', version: '2026-11', text: 'Terms' }, 'accepted');
    await waitFor(() => !shadow(el).querySelector('[part~="consent-notice"]'), 5000, 'notice to go');
    expect(shadow(el).querySelector<HTMLFieldSetElement>('fieldset')!.disabled).to.equal(false);
  });
});
