import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { commonStrings } from '../../src/localize/common.strings.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { cleanupClients, waitFor } from '../helpers/clients.js';
import { button, chips, field, fill, renderComposer, settled, shadow, text, waitForText } from '../helpers/composer-page.js';
import { renderStory } from '../helpers/stories.js';

const { default: meta, ...allStories } = stories;

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
    // Searches run as the user types; wait for the one for the whole text.
    await waitFor(() => text(shadow(el).getElementById('to-listbox')) === 'Use the user id “dr-lee”', 5000, 'the exact id option');
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
    // An earlier search (for part of the id) can still be on screen while the last one runs.
    await waitFor(
      () => text(shadow(el).getElementById('to-listbox')).includes('“dr-lee”') && !text(shadow(el).getElementById('to-status')).startsWith('Searching'),
      5000,
      'the exact id option for the whole id',
    );
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

  it('passes axe in every story', async function () {
    this.timeout(180_000);
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
