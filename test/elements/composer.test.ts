import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import type { SealErrorEvent } from '../../src/events/error.js';
import type { SealKeyChangeAcceptEvent } from '../../src/events/key-change-accept.js';
import type { SealSendEvent } from '../../src/events/send.js';
import type { SealVerifyRequestEvent } from '../../src/events/verify-request.js';
import { commonStrings } from '../../src/localize/common.strings.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { COMPOSER_DRAFT, NOT_SET_UP, type ComposerScenario } from '../../stories/support/composer-scenario.js';
import { disposeScenarios, PEOPLE } from '../../stories/support/scenario.js';
import { cleanupClients, createUser, nextEvent, waitFor } from '../helpers/clients.js';
import { button, chips, field, fill, queryButton, renderComposer, settled, shadow, text, waitForText } from '../helpers/composer-page.js';
import { renderStory } from '../helpers/stories.js';

const { default: meta, ...allStories } = stories;

function dialogOf(el: Element): HTMLDialogElement {
  return shadow(el).querySelector('dialog')!;
}

describe('<seal-composer>', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('names its controls "To", "Subject", "Message" and "Send"', async () => {
    const { el } = await renderComposer(meta, stories.NewMessage);
    expect(field(el, 'To').getAttribute('role')).to.equal('combobox');
    expect(field(el, 'Subject').localName).to.equal('input');
    expect(field(el, 'Message').localName).to.equal('textarea');
    expect(button(el, 'Send').type).to.equal('button');
    await expect(el).to.be.accessible();
  });

  it('finds people in the directory and adds them with the keyboard, showing role and verification state', async () => {
    const { el } = await renderComposer(meta, stories.NewMessage);
    const to = field(el, 'To');
    to.focus();
    await sendKeys({ type: 'lee' });
    await waitFor(() => shadow(el).querySelector('[role="option"]'), 5000, 'a directory result');
    const listbox = shadow(el).getElementById('to-listbox')!;
    expect(text(listbox)).to.include('Dr. Lee').and.include('Clinician');
    expect(to.getAttribute('aria-expanded')).to.equal('true');
    expect(text(shadow(el).getElementById('to-status'))).to.include('1 person found');

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(to.getAttribute('aria-activedescendant')).to.equal('to-option-0');
    expect(shadow(el).getElementById('to-option-0')!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(chips(el)).to.have.length(1);
    expect(text(chips(el)[0])).to.include('Dr. Lee').and.include('Clinician').and.include('Verified');
    expect(to.value).to.equal('');
    expect(to.getAttribute('aria-expanded')).to.equal('false');
    expect(shadow(el).activeElement).to.equal(to);
    await waitFor(() => text(shadow(el).querySelector('.visually-hidden[role="status"]')) === 'Added Dr. Lee, Verified.', 5000, 'the announcement');
    await expect(el).to.be.accessible();

    // Escape closes the list, a second Escape clears the text.
    await sendKeys({ type: 'kim' });
    await waitFor(() => to.getAttribute('aria-expanded') === 'true', 5000, 'results for kim');
    expect(text(listbox)).to.include('Nurse Kim').and.include('Nurse');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(to.getAttribute('aria-expanded')).to.equal('false');
    expect(to.value).to.equal('kim');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(to.value).to.equal('');

    // Backspace in the empty field removes the last recipient.
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(chips(el)).to.have.length(0);
  });

  it('offers the typed text as an exact user id when there is no directory', async () => {
    const { el } = await renderComposer(meta, stories.NoDirectory);
    const to = field(el, 'To');
    to.focus();
    await sendKeys({ type: 'dr-lee' });
    await waitFor(() => shadow(el).querySelector('[role="option"]'), 5000, 'the exact id option');
    expect(text(shadow(el).getElementById('to-listbox'))).to.equal('Use the user id “dr-lee”');
    expect(text(shadow(el).getElementById('to-status'))).to.include('No one found');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(text(chips(el)[0])).to.include('Dr. Lee').and.include('Verified');
    expect(button(el, 'Remove Dr. Lee')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('offers an exact user id when the directory cannot be searched', async () => {
    const { el } = await renderComposer(meta, stories.QueuedOffline, { recipients: [], draft: false });
    const to = field(el, 'To');
    to.focus();
    await sendKeys({ type: 'dr-lee' });
    await waitFor(() => shadow(el).querySelector('[role="option"]'), 5000, 'the exact id option');
    expect(text(shadow(el).getElementById('to-status'))).to.equal('The directory could not be searched. You can type an exact user id instead.');
    expect(text(shadow(el).getElementById('to-listbox'))).to.equal('Use the user id “dr-lee”');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await settled(el);
    // Known from the contact book, so the name and state show even offline.
    expect(text(chips(el)[0])).to.include('Dr. Lee').and.include('Verified');
  });

  it('says when no one is found and offers the typed text as a user id', async () => {
    const { el } = await renderComposer(meta, stories.NewMessage);
    field(el, 'To').focus();
    await sendKeys({ type: 'zzz' });
    await waitFor(() => text(shadow(el).getElementById('to-status')).startsWith('No one found'), 5000, 'no results');
    expect(text(shadow(el).getElementById('to-listbox'))).to.equal('Use the user id “zzz”');
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
    const items = [...dialog.querySelectorAll('[part~="confirm-item"]')].map(text);
    expect(items).to.have.length(2);
    expect(items[0]).to.include('Nurse Kim').and.include('Nurse').and.include('Not yet verified');
    expect(items[1]).to.include('Dr. Adaeze Okonkwo-Featherstonehaugh de la Cruz').and.include('Consultant Endocrinologist').and.include('New contact');
    expect(text(dialog)).to.not.include('Dr. Lee,');
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

  it('shows validation errors next to the fields', async () => {
    const { el } = await renderComposer(meta, stories.NewMessage);
    button(el, 'Send').click();
    await waitForText(el, 'Add at least one recipient.');
    const to = field(el, 'To');
    const message = field<HTMLTextAreaElement>(el, 'Message');
    expect(to.getAttribute('aria-invalid')).to.equal('true');
    expect(to.getAttribute('aria-describedby')!.split(' ')).to.include('to-error');
    expect(text(shadow(el).getElementById('to-error'))).to.equal('Add at least one recipient.');
    expect(message.getAttribute('aria-invalid')).to.equal('true');
    expect(message.getAttribute('aria-describedby')).to.include('message-error');
    expect(text(shadow(el).getElementById('message-error'))).to.equal('Write a message.');
    expect(shadow(el).activeElement).to.equal(to);
    await expect(el).to.be.accessible();

    // Text typed in "To" but not picked is not silently dropped.
    await fill(el, to, 'zz');
    await fill(el, message, 'Hello');
    expect(message.getAttribute('aria-invalid')).to.equal('false');
    button(el, 'Send').click();
    await waitForText(el, 'Choose “zz” from the list, or clear it.');
    await fill(el, to, '');
    el.recipients = ['ana'];
    await settled(el);
    button(el, 'Send').click();
    await waitForText(el, 'You cannot send a message to yourself.');
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

  it('saves drafts encrypted, restores them through draft-id, and discards them', async () => {
    const { el, client, scenario } = await renderComposer(meta, stories.VerifiedRecipient);
    const secret = `Rash on my left arm ${crypto.randomUUID()}`;
    await fill(el, field(el, 'Subject'), 'Skin question');
    await fill(el, field(el, 'Message'), secret);
    await waitForText(el, 'Draft saved', 5000);
    const [info] = await client.listDrafts();
    expect(info).to.exist;
    expect(await client.openDraft(info!.id)).to.include({ subject: 'Skin question', body: secret });
    expect(JSON.stringify(await readDrafts())).to.not.include('Rash on my left arm');
    expect(JSON.stringify(scenario.relay.envelopes())).to.not.include('Rash on my left arm');

    const { el: resumed } = await renderComposer(meta, stories.NewMessage);
    resumed.client = client;
    resumed.draftId = info!.id;
    await settled(resumed);
    expect(field(resumed, 'Subject').value).to.equal('Skin question');
    expect(field(resumed, 'Message').value).to.equal(secret);
    expect(text(chips(resumed)[0])).to.include('Dr. Lee');

    button(resumed, 'Discard draft').click();
    await waitFor(async () => (await client.listDrafts()).length === 0, 5000, 'the draft to be deleted');
    expect(field(resumed, 'Message').value).to.equal('');
    expect(chips(resumed)).to.have.length(0);
  });

  it('does not save an empty draft', async () => {
    const { el, client } = await renderComposer(meta, stories.NewMessage);
    await fill(el, field(el, 'Subject'), ' ');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await client.listDrafts()).to.have.length(0);
  });

  it('shows a message sent offline as queued, then sent when back online', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.QueuedOffline);
    const stored = scenario.relay.envelopes().length;
    button(el, 'Send').click();
    await waitForText(el, 'Queued — will send when you’re back online');
    const live = shadow(el).querySelector('.visually-hidden[role="status"]')!;
    await waitFor(() => text(live).includes('Queued'), 5000, 'the queued announcement');
    expect(scenario.relay.envelopes()).to.have.length(stored);
    await expect(el).to.be.accessible();

    scenario.transport.offline = false;
    window.dispatchEvent(new Event('online'));
    await waitForText(el, 'To Dr. Lee: Sent');
    expect(text(live)).to.include('Sent');
    expect(scenario.relay.envelopes()).to.have.length(stored + 1);
  });

  it('shows a message as sending while the network is slow, then sent', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.Sending);
    button(el, 'Send').click();
    await waitForText(el, 'To Dr. Lee: Sending…');
    expect(field(el, 'Message').value).to.equal('');
    await expect(el).to.be.accessible();
    scenario.transport.stallSends = false;
    await waitForText(el, 'To Dr. Lee: Sent');
  });

  it('shows a refused message as failed, with Retry and Discard that work', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.FailedDelivery);
    button(el, 'Send').click();
    await waitForText(el, 'Failed to send');
    await expect(el).to.be.accessible();
    scenario.transport.refuseSends = false;
    button(el, 'Retry').click();
    await waitForText(el, 'To Dr. Lee: Sent');
    expect(queryButton(el, 'Retry')).to.equal(undefined);

    scenario.transport.refuseSends = true;
    el.recipients = ['dr-lee'];
    await settled(el);
    await fill(el, field(el, 'Message'), 'Second try.');
    button(el, 'Send').click();
    await waitForText(el, 'Failed to send');
    button(el, 'Discard').click();
    await waitFor(async () => (await scenario.me.listOutbox()).length === 0, 5000, 'the outbox to empty');
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="delivery"]'))).to.not.include('Failed');
  });

  it('disables the form and hides its content while locked, and brings it back on unlock', async () => {
    const { el, client } = await renderComposer(meta, stories.Locked);
    await waitForText(el, 'Sealbox is locked.');
    expect(shadow(el).querySelector('fieldset')!.disabled).to.equal(true);
    expect(chips(el)).to.have.length(0);
    await expect(el).to.be.accessible();
    await client.unlock('story passphrase 2468');
    await waitFor(() => chips(el).length === 1, 5000, 'the recipient to show');
    expect(shadow(el).querySelector('fieldset')!.disabled).to.equal(false);
  });

  it('hides saved content when the vault locks and reopens the draft on unlock', async () => {
    const { el, client } = await renderComposer(meta, stories.ResumeDraft);
    expect(field(el, 'Message').value).to.equal(COMPOSER_DRAFT.body);
    await client.lock();
    await waitForText(el, 'Sealbox is locked.');
    expect(field(el, 'Message').value).to.equal('');
    await client.unlock('story passphrase 2468');
    await waitFor(() => field(el, 'Message').value === COMPOSER_DRAFT.body, 5000, 'the draft to come back');
  });

  it('says so when it has no client', async () => {
    const root = await renderStory(meta, stories.NoClient);
    const el = root.querySelector('seal-composer')!;
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="base"]'))).to.equal(commonStrings().noClient);
    expect(shadow(el).querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish', async () => {
    const { el } = await renderComposer(meta, stories.Spanish);
    expect(field(el, 'Para').getAttribute('role')).to.equal('combobox');
    expect(field(el, 'Asunto')).to.exist;
    expect(field(el, 'Mensaje')).to.exist;
    expect(button(el, 'Enviar')).to.exist;
    expect(text(chips(el)[0])).to.include('Verificado');
    expect(button(el, 'Quitar a Dr. Lee')).to.exist;
    button(el, 'Enviar').click();
    await waitForText(el, 'Escriba un mensaje.');
  });

  it('passes axe in every story', async () => {
    for (const [name, story] of Object.entries(allStories)) {
      const el = story === stories.NoClient ? (await renderStory(meta, story)).querySelector('seal-composer')! : (await renderComposer(meta, story)).el;
      await el.updateComplete;
      try {
        await expect(el).to.be.accessible();
      } catch (error) {
        throw new Error(`Story ${name}: ${(error as Error).message}`);
      }
      await disposeScenarios();
    }
  });
});

/** The raw draft records in Ana's database: what an attacker with disk access would find. */
async function readDrafts(): Promise<unknown[]> {
  const names = (await indexedDB.databases()).map((db) => db.name!).filter((name) => name.startsWith('sealbox-story:ana:'));
  const records: unknown[] = [];
  for (const name of names) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (db.objectStoreNames.contains('drafts')) {
      records.push(
        ...(await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction('drafts').objectStore('drafts').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        })),
      );
    }
    db.close();
  }
  expect(records.length).to.be.greaterThan(0);
  return records;
}
