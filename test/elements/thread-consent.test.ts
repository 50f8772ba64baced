import { expect } from '@open-wc/testing';
import type { SealConsentRequestEvent } from '../../src/events/consent-request.js';
import * as stories from '../../stories/thread.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { nextEvent, waitFor } from '../helpers/clients.js';
import { button, renderThread, replyBox, shadow, waitForMessages } from '../helpers/thread-page.js';

describe('<seal-thread> until consent is given', () => {
  afterEach(disposeScenarios);

  it('still shows the conversation, blocks the reply with an explanation, and enables it once the user accepts', async () => {
    const { el, client, scenario } = await renderThread(stories.default, stories.ConsentRequired);
    await waitForMessages(el, 2);
    await waitFor(() => shadow(el).querySelector('[part~="consent-notice"]'), 5000, 'consent notice');
    expect(shadow(el).querySelector('[part~="consent-notice"]')!.textContent).to.contain('accept the secure messaging terms');
    expect(replyBox(el).disabled).to.equal(true);
    expect(button(el, 'Send').disabled).to.equal(true);
    await expect(el).to.be.accessible();

    // Ctrl+Enter or a script clicking Send cannot get around the block.
    const stored = scenario.relay.envelopes().length;
    replyBox(el).value = 'Sent before accepting?';
    replyBox(el).dispatchEvent(new Event('input'));
    button(el, 'Send').click();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(scenario.relay.envelopes()).to.have.length(stored);
    expect(await client.listOutbox()).to.have.length(0);

    const request = nextEvent<SealConsentRequestEvent>(document, 'seal-consent-request');
    button(el, 'Review the terms').click();
    expect((await request).detail).to.deep.equal({ policyId: 'secure-messaging-terms' });

    await client.recordConsent({ id: 'secure-messaging-terms', version: '2026-11', text: 'Terms' }, 'accepted');
    await waitFor(() => !shadow(el).querySelector('[part~="consent-notice"]'), 5000, 'notice to go');
    expect(replyBox(el).disabled).to.equal(false);
    expect(button(el, 'Send').disabled).to.equal(false);
  });
});
