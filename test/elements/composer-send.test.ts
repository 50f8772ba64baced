import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import type { SealErrorEvent } from '../../src/events/error.js';
import type { SealKeyChangeAcceptEvent } from '../../src/events/key-change-accept.js';
import type { SealSendEvent } from '../../src/events/send.js';
import type { SealVerifyRequestEvent } from '../../src/events/verify-request.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { COMPOSER_DRAFT, NOT_SET_UP } from '../../stories/support/composer-scenario.js';
import { disposeScenarios, PEOPLE } from '../../stories/support/scenario.js';
import { cleanupClients, createUser, nextEvent, waitFor } from '../helpers/clients.js';
import { button, chips, dialogOf, field, fill, renderComposer, settled, shadow, text, waitForText } from '../helpers/composer-page.js';

const { default: meta } = stories;

describe('<seal-composer> sending', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('sends to a verified contact without asking, and the other party decrypts it', async () => {
    const { el, scenario } = await renderComposer(meta, stories.VerifiedRecipient);
    expect(text(chips(el)[0])).to.include('Dr. Lee').and.include('Verified');
    await fill(el, field(el, 'Subject'), 'Blood pressure log');
    await fill(el, field(el, 'Message'), 'This week: 128/82 on average.');
    const before = nextEvent<SealSendEvent>(el, 'seal-send');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(el, 'Send').click();
    expect((await before).detail).to.deep.equal({ to: ['dr-lee'], threadId: null, replyTo: null });
    const { messageId } = (await after).detail;
    expect(dialogOf(el).open).to.equal(false);
    await settled(el);
    expect(chips(el)).to.have.length(0);
    expect(field(el, 'Message').value).to.equal('');
    await waitForText(el, 'To Dr. Lee: Sent');

    const lee = scenario.clients['dr-lee']!;
    await lee.sync();
    const opened = await lee.openMessage(messageId);
    expect(opened.status).to.not.equal('invalid');
    expect(opened).to.include({ from: 'ana', subject: 'Blood pressure log', body: 'This week: 128/82 on average.' });
  });

  it('sends with Ctrl+Enter from the message field', async () => {
    const { el, scenario } = await renderComposer(meta, stories.VerifiedRecipient);
    field(el, 'Message').focus();
    await sendKeys({ type: 'Quick question about Tuesday.' });
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    const { messageId } = (await after).detail;
    const delivered = await waitFor(() => scenario.relay.envelopes().find((envelope) => envelope.id === messageId), 5000, 'delivery');
    expect(delivered.to).to.deep.equal(['dr-lee']);
  });

  it('asks before sending to new or unverified recipients; Cancel keeps the message, Confirm sends it', async () => {
    const { el, scenario } = await renderComposer(meta, stories.ConfirmationShown);
    expect(field(el, 'Subject').value).to.equal(COMPOSER_DRAFT.subject);
    const stored = scenario.relay.envelopes().length;
    const send = button(el, 'Send');
    send.click();
    await waitFor(() => dialogOf(el).open, 5000, 'the confirmation');
    const dialog = dialogOf(el);
    // Everyone the message goes to is listed, each with their state and why it matters.
    const items = [...dialog.querySelectorAll('[part~="confirm-item"]')].map(text);
    expect(items).to.have.length(3);
    expect(items.find((item) => item.includes('Nurse Kim'))).to.include('Nurse').and.include('Not yet verified');
    expect(items.find((item) => item.includes('Dr. Adaeze Okonkwo-Featherstonehaugh de la Cruz'))).to.include('Consultant Endocrinologist').and.include('New contact');
    expect(items.find((item) => item.includes('Dr. Lee (dr-lee),'))).to.include('Verified').and.include('You compared fingerprints');
    expect(dialog.contains(shadow(el).activeElement)).to.equal(true);
    await expect(el).to.be.accessible();

    button(dialog, 'Cancel').click();
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(shadow(el).activeElement).to.equal(send);
    expect(field(el, 'Message').value).to.equal(COMPOSER_DRAFT.body);
    expect(chips(el)).to.have.length(3);
    expect(scenario.relay.envelopes()).to.have.length(stored);

    send.click();
    await waitFor(() => dialog.open, 5000, 'the confirmation again');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(dialog, 'Confirm and send').click();
    await after;
    await waitFor(() => scenario.relay.envelopes().length === stored + 1, 5000, 'delivery');
    expect(scenario.relay.envelopes().at(-1)!.to).to.have.members(['dr-lee', 'nurse-kim', 'dr-okonkwo-featherstonehaugh']);
  });

  it('sends nothing to a recipient whose key changed until the new key is accepted', async () => {
    const { el, scenario } = await renderComposer(meta, stories.KeyChanged);
    expect(text(chips(el)[0])).to.include('Nurse Kim').and.include('Key changed');
    await fill(el, field(el, 'Message'), 'Is the clinic open on Friday?');
    const stored = scenario.relay.envelopes().length;
    button(el, 'Send').click();
    await waitFor(() => dialogOf(el).open, 5000, 'the confirmation');
    const dialog = dialogOf(el);
    expect(text(dialog)).to.include('Key changed').and.include('Their key changed');
    expect(button(dialog, 'Confirm and send').disabled).to.equal(true);
    await expect(el).to.be.accessible();

    // Comparing fingerprints is someone else's screen: the composer asks for it and steps aside.
    const verify = nextEvent<SealVerifyRequestEvent>(el, 'seal-verify-request');
    button(dialog, 'Compare fingerprints with Nurse Kim').click();
    expect((await verify).detail).to.deep.equal({ userId: 'nurse-kim' });
    expect(dialog.open).to.equal(false);
    expect(scenario.relay.envelopes()).to.have.length(stored);

    button(el, 'Send').click();
    await waitFor(() => dialog.open, 5000, 'the confirmation again');
    const accepted = nextEvent<SealKeyChangeAcceptEvent>(el, 'seal-key-change-accept');
    button(dialog, 'Accept new key for Nurse Kim').click();
    expect((await accepted).detail.userId).to.equal('nurse-kim');
    await waitFor(() => !button(dialog, 'Confirm and send').disabled, 5000, 'the key to be accepted');
    expect(text(dialog)).to.include('Not yet verified');
    expect(scenario.relay.envelopes()).to.have.length(stored);
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(dialog, 'Confirm and send').click();
    const { messageId } = (await after).detail;

    const kim = scenario.clients['nurse-kim']!;
    await waitFor(async () => (await kim.sync(), (await kim.openMessage(messageId).catch(() => null))?.status), 5000, 'Nurse Kim to read it');
    expect(await kim.openMessage(messageId)).to.include({ body: 'Is the clinic open on Friday?' });
  });

  it('stops and asks again when the key changes between picking and sending', async () => {
    const { el, scenario } = await renderComposer(meta, stories.UnverifiedRecipient);
    await fill(el, field(el, 'Message'), 'Written before her new phone.');
    // Nurse Kim sets up a new device after the chip was shown.
    await createUser(scenario.relay.connect('nurse-kim', PEOPLE['nurse-kim']), 'nurse-kim');
    const stored = scenario.relay.envelopes().length;
    button(el, 'Send').click();
    await waitFor(() => dialogOf(el).open, 5000, 'the confirmation');
    button(dialogOf(el), 'Confirm and send').click();
    await waitFor(() => dialogOf(el).open && text(dialogOf(el)).includes('Key changed'), 5000, 'the key change to be shown');
    expect(button(dialogOf(el), 'Confirm and send').disabled).to.equal(true);
    expect(text(chips(el)[0])).to.include('Key changed');
    expect(field(el, 'Message').value).to.equal('Written before her new phone.');
    expect(scenario.relay.envelopes()).to.have.length(stored);
  });

  it('sends without asking once the changed key is verified by comparing fingerprints', async () => {
    const { el, client } = await renderComposer(meta, stories.KeyChanged);
    await fill(el, field(el, 'Message'), 'Checking in.');
    const contact = (await client.getContact('nurse-kim'))!;
    // What <seal-contact-verify> does after the fingerprints matched.
    await client.verifyContact('nurse-kim', contact.pendingFingerprint!);
    await waitFor(() => text(chips(el)[0]).includes('Verified'), 5000, 'the chip to show Verified');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(el, 'Send').click();
    await after;
    expect(dialogOf(el).open).to.equal(false);
  });

  it('skips the question for unverified recipients with no-confirm, but never for a changed key', async () => {
    const { el } = await renderComposer(meta, stories.UnverifiedRecipient, { noConfirm: true });
    await fill(el, field(el, 'Message'), 'Portal with its own check.');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(el, 'Send').click();
    await after;
    expect(dialogOf(el).open).to.equal(false);
    await disposeScenarios();

    const { el: changed } = await renderComposer(meta, stories.KeyChanged, { noConfirm: true });
    await fill(changed, field(changed, 'Message'), 'Still asks.');
    button(changed, 'Send').click();
    await waitFor(() => dialogOf(changed).open, 5000, 'the confirmation');
    expect(button(dialogOf(changed), 'Confirm and send').disabled).to.equal(true);
  });

  it('lets the page veto a send through seal-send, keeping the message', async () => {
    const { el, scenario } = await renderComposer(meta, stories.VerifiedRecipient);
    await fill(el, field(el, 'Message'), 'Please do not send this.');
    const veto = (event: Event) => event.preventDefault();
    document.addEventListener('seal-send', veto);
    try {
      const stored = scenario.relay.envelopes().length;
      button(el, 'Send').click();
      await waitForText(el, 'This page stopped the message from being sent.');
      expect(field(el, 'Message').value).to.equal('Please do not send this.');
      expect(chips(el)).to.have.length(1);
      expect(await scenario.me.listOutbox()).to.have.length(0);
      expect(scenario.relay.envelopes()).to.have.length(stored);
    } finally {
      document.removeEventListener('seal-send', veto);
    }
  });

  it('names a recipient who has not set up secure messaging', async () => {
    const { el } = await renderComposer(meta, stories.RecipientNotSetUp);
    expect(text(chips(el)[0])).to.include(NOT_SET_UP.displayName).and.include(NOT_SET_UP.role).and.include('New contact');
    button(el, 'Send').click();
    await waitFor(() => dialogOf(el).open, 5000, 'the confirmation');
    const failed = nextEvent<SealErrorEvent>(el, 'seal-error');
    button(dialogOf(el), 'Confirm and send').click();
    expect((await failed).detail).to.deep.equal({ code: 'NO_KEY_FOR_RECIPIENT', operation: 'send' });
    await waitForText(el, 'Dr. Priya Patel has not set up secure messaging yet.');
    expect(shadow(el).querySelector('[part~="error"]')!.getAttribute('role')).to.equal('alert');
    expect(field(el, 'Message').value).to.equal(COMPOSER_DRAFT.body);
    expect(chips(el)).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
