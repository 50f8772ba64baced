import { expect, fixture } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import type { SealInbox } from '../../src/elements/inbox/inbox.js';
import '../../src/elements/inbox/seal-inbox.js';
import type { SealComposeRequestEvent } from '../../src/events/compose-request.js';
import type { SealThreadSelectEvent } from '../../src/events/thread-select.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/inbox.stories.js';
import { CONVERSATION, createScenario, disposeScenarios, STORY_PASSPHRASE } from '../../stories/support/scenario.js';
import { injectUnsignedMessage } from '../../stories/support/thread-scenario.js';
import { nextEvent, waitFor } from '../helpers/clients.js';
import { announcement, listbox, renderInbox, rows, shadow, text, waitForPreviews, waitForRows } from '../helpers/inbox-page.js';

const { default: meta, ...allStories } = stories;

/** Waits until the listbox points at this row (it does once the row is rendered). */
async function activeIs(el: SealInbox, id: string): Promise<void> {
  await waitFor(() => listbox(el).getAttribute('aria-activedescendant') === id, 5000, `${id} active`);
}

describe('<seal-inbox>', () => {
  // Fast scrolling can make the virtualizer's ResizeObserver report a (benign) loop notice.
  setupIgnoreWindowResizeObserverLoopErrors(before, after);

  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it('lists threads newest first with names, subjects, times, unread counts and statuses in words', async () => {
    const { el, client } = await renderInbox(meta, stories.Conversation);
    await waitForRows(el, 2);
    await waitForPreviews(el);
    const [first, second] = rows(el);
    expect(text(first)).to.include('Nurse Kim').and.include('Appointment reminder').and.include('1 unread').and.include('Verified');
    expect(text(second)).to.include('Dr. Lee').and.include('Re: Question about my lab results').and.include('Not yet verified');
    expect(first!.querySelector('time')!.textContent!.trim()).to.not.equal('');
    const threads = (await client.listThreads()).items;
    expect(el.threads.map((thread) => thread.threadId)).to.deep.equal(threads.map((thread) => thread.threadId));
    // Unread is bold and in words.
    expect(getComputedStyle(first!.querySelector('[part~="correspondents"]')!).fontWeight).to.equal('700');
    expect(listbox(el).getAttribute('aria-label')).to.equal('Messages');
    expect(first!.getAttribute('aria-posinset')).to.equal('1');
    expect(first!.getAttribute('aria-setsize')).to.equal('2');
    await expect(el).to.be.accessible();
  });

  it('is one tab stop navigated with the arrow keys; Enter selects the thread', async () => {
    const { el, client } = await renderInbox(meta, stories.Conversation);
    await waitForRows(el, 2);
    const ids = (await client.listThreads()).items.map((thread) => thread.threadId);
    listbox(el).focus();
    await activeIs(el, 'thread-0');
    await sendKeys({ press: 'ArrowDown' });
    await activeIs(el, 'thread-1');
    expect(rows(el)[1]!.getAttribute('part')).to.include('item-active');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Home' });
    await activeIs(el, 'thread-0');
    await sendKeys({ press: 'End' });
    await activeIs(el, 'thread-1');

    const selected = nextEvent<SealThreadSelectEvent>(document, 'seal-thread-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ threadId: ids[1] });
    expect(el.selected).to.equal(ids[1]);
    await el.updateComplete;
    expect(rows(el)[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(rows(el)[0]!.getAttribute('aria-selected')).to.equal('false');

    const clicked = nextEvent<SealThreadSelectEvent>(el, 'seal-thread-select');
    rows(el)[0]!.click();
    expect((await clicked).detail.threadId).to.equal(ids[0]);
    await expect(el).to.be.accessible();
  });

  it('moves a thread to the top and announces the sender politely when a message arrives', async () => {
    const { el, scenario } = await renderInbox(meta, stories.Conversation);
    await waitForRows(el, 2);
    await waitForPreviews(el);
    await scenario.clients['dr-lee']!.send({ to: ['ana'], subject: 'Your new prescription', body: 'Metformin 500 mg, twice a day.' });
    await waitFor(() => rows(el).length === 3, 10_000, 'the new thread');
    await waitForPreviews(el);
    expect(text(rows(el)[0])).to.include('Dr. Lee').and.include('Your new prescription').and.include('1 unread');
    await waitFor(() => announcement(el) === 'New message from Dr. Lee', 5000, 'the announcement');
    // Names only: never the subject or the body.
    expect(announcement(el)).to.not.include('prescription');
    expect(shadow(el).querySelector('.visually-hidden[role="status"]')!.closest('[aria-live="off"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows no subjects while locked, and decrypts them after unlocking', async () => {
    const { el, client } = await renderInbox(meta, stories.Locked);
    await waitForRows(el, 2);
    expect(text(shadow(el).querySelector('[part~="notice"]'))).to.include('locked');
    expect(shadow(el).querySelectorAll('[part~="subject"]')).to.have.length(0);
    expect(text(rows(el)[0])).to.include('Nurse Kim').and.include('1 unread');
    await expect(el).to.be.accessible();

    await client.unlock(STORY_PASSPHRASE);
    await waitFor(() => text(rows(el)[0]).includes('Appointment reminder'), 10_000, 'subjects after unlock');
    await client.lock();
    await waitFor(() => shadow(el).querySelectorAll('[part~="subject"]').length === 0, 5000, 'subjects hidden again');
    expect(text(listbox(el))).to.not.include('Appointment reminder');
  });

  it('offers "New message" when empty', async () => {
    const { el } = await renderInbox(meta, stories.Empty);
    await waitFor(() => shadow(el).querySelector('[part~="empty"]'), 5000, 'the empty state');
    expect(text(shadow(el).querySelector('[part~="empty-title"]'))).to.equal('No messages yet');
    const request = nextEvent<SealComposeRequestEvent>(document, 'seal-compose-request');
    shadow(el).querySelector<HTMLButtonElement>('[part~="new-message-button"]')!.click();
    expect((await request).detail.to).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('explains a failure to load and tries again', async () => {
    const { el } = await renderInbox(meta, stories.LoadError);
    const error = await waitFor(() => shadow(el).querySelector('[part~="error"]'), 5000, 'the error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.include('could not be loaded');
    await expect(el).to.be.accessible();
    shadow(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await waitForRows(el, 2);
  });

  it('shows the loading state while the mailbox is read', async () => {
    const { el } = await renderInbox(meta, stories.Loading);
    const loading = shadow(el).querySelector('[part~="loading"]');
    expect(text(loading)).to.equal('Loading…');
    expect(loading!.getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish', async () => {
    const { el } = await renderInbox(meta, stories.Spanish);
    await waitForRows(el, 2);
    await waitForPreviews(el);
    expect(listbox(el).getAttribute('aria-label')).to.equal('Mensajes');
    expect(text(rows(el)[0])).to.include('1 sin leer').and.include('Verificado');
    expect(text(rows(el)[1])).to.include('Aún sin verificar');
    await expect(el).to.be.accessible();
  });

  it('renders only the rows on screen, decrypts only those, and loads older threads as the reader moves down', async () => {
    const { el, client } = await renderInbox(meta, stories.ManyThreads);
    await waitForRows(el, 5);
    await waitForPreviews(el);
    expect(el.threads.length).to.be.below(300);
    expect(rows(el)[0]!.getAttribute('aria-setsize')).to.equal('-1');
    expect(rows(el).length).to.be.below(40);

    const opened: string[] = [];
    const open = client.openMessage.bind(client);
    client.openMessage = (id: string) => (opened.push(id), open(id));
    listbox(el).focus();
    const loaded = el.threads.length;
    await sendKeys({ press: 'End' });
    await waitFor(() => listbox(el).getAttribute('aria-activedescendant') === `thread-${loaded - 1}`, 5000, 'the last loaded row active and rendered');
    await waitForPreviews(el);
    expect(rows(el).length).to.be.below(40);
    const rendered = new Set(rows(el).map((row) => el.threads[Number(row.dataset.index)]!.lastMessageId));
    expect(opened.length).to.be.above(0).and.below(40);
    expect(opened.filter((id) => !rendered.has(id))).to.have.length.below(10);

    for (let i = 0; i < 5 && el.threads.length < 300; i += 1) {
      const before = el.threads.length;
      await sendKeys({ press: 'End' });
      await waitFor(() => el.threads.length > before, 10_000, 'the next page');
    }
    expect(el.threads.length).to.equal(300);
    await sendKeys({ press: 'End' });
    await waitFor(() => listbox(el).getAttribute('aria-activedescendant') === 'thread-299', 5000, 'the last row');
    expect(rows(el).at(-1)!.getAttribute('aria-setsize')).to.equal('300');
    await sendKeys({ press: 'PageUp' });
    await waitFor(() => /^thread-\d+$/.test(listbox(el).getAttribute('aria-activedescendant') ?? '') && listbox(el).getAttribute('aria-activedescendant') !== 'thread-299', 5000, 'PageUp');
    const afterPageUp = Number(listbox(el).getAttribute('aria-activedescendant')!.replace('thread-', ''));
    expect(afterPageUp).to.be.below(299).and.above(280);
    await expect(el).to.be.accessible();
  });

  it('shows "Key changed" for a message signed with a new key, and updates statuses when a contact is verified', async () => {
    const { el, client } = await renderInbox(meta, stories.KeyChanged);
    await waitForRows(el, 2);
    await waitForPreviews(el);
    const lee = rows(el).find((row) => text(row).includes('Dr. Lee'))!;
    expect(text(lee)).to.include('Key changed');
    await expect(el).to.be.accessible();

    const kim = await client.getContact('nurse-kim');
    await client.verifyContact('nurse-kim', kim!.fingerprint);
    await waitFor(() => text(rows(el).find((row) => text(row).includes('Nurse Kim'))).includes('Verified'), 5000, 'Nurse Kim verified');
  });

  it('shows the status of a message that fails verification, never its subject', async () => {
    const scenario = await createScenario({ messages: CONVERSATION });
    await injectUnsignedMessage(scenario);
    const el = await fixture<SealInbox>(html`<seal-inbox .client=${scenario.me}></seal-inbox>`);
    await waitForRows(el, 2);
    await waitForPreviews(el);
    // The forged newest message counts for nothing in the thread's summary: the row shows the newest
    // genuine message, and says that one message failed verification.
    const labs = await waitFor(() => rows(el).find((row) => text(row).includes('1 message failed verification')), 5000, 'the warning');
    expect(text(labs)).to.include('Dr. Lee').and.include('Re: Question about my lab results');
    expect(text(listbox(el))).to.not.include('card number');
    await expect(el).to.be.accessible();
  });

  it('passes axe in every story', async function () {
    this.timeout(180_000);
    for (const [name, story] of Object.entries(allStories)) {
      const { root, el } = await renderInbox(meta, story);
      if (name !== 'Loading' && name !== 'NoClient') await waitFor(() => !shadow(el).querySelector('[part~="loading"]'), 30_000, `${name} to load`);
      if (shadow(el).querySelector('[role="option"]')) await waitForPreviews(el).catch(() => undefined);
      await expect(el, name).to.be.accessible();
      root.remove();
      await disposeScenarios();
      setLocale('en');
    }
  });
});
