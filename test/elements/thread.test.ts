import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import type { SealThread } from '../../src/elements/thread/thread.js';
import '../../src/elements/thread/seal-thread.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import type { SealSendEvent } from '../../src/events/send.js';
import type { SealVerifyRequestEvent } from '../../src/events/verify-request.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/thread.stories.js';
import { disposeScenarios, STORY_PASSPHRASE } from '../../stories/support/scenario.js';
import type { DeliveryScenario } from '../../stories/support/thread-scenario.js';
import { nextEvent, waitFor } from '../helpers/clients.js';
import { announcement, button, messages, renderThread, replyBox, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

const { default: meta, ...allStories } = stories;

async function ctrlEnter(): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'Enter' });
  await sendKeys({ up: 'Control' });
}

describe('<seal-thread>', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it('shows the messages oldest first with sender, time and status in words, and marks the thread read', async () => {
    const { el, client, threadId } = await renderThread(meta, stories.Conversation);
    const [mine, theirs] = await waitForMessages(el, 2);
    expect(text(shadow(el).querySelector('[part~="title"]'))).to.equal('Conversation with Dr. Lee');
    expect(text(shadow(el).querySelector('[part~="participants"]'))).to.include('Clinician').and.include('Not yet verified');
    expect(text(mine!.querySelector('[part~="sender"]'))).to.equal('You');
    expect(text(mine)).to.include('Verified').and.include('My A1C came back at 6.1');
    expect(text(theirs!.querySelector('[part~="sender"]'))).to.equal('Dr. Lee');
    expect(text(theirs!.querySelector('[part~="status"]'))).to.include('Not yet verified');
    expect(theirs!.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-/);
    // The subject shows where it changes: "Re:" of the same subject does not repeat it.
    expect(shadow(el).querySelectorAll('[part~="subject"]')).to.have.length(1);
    expect(getComputedStyle(theirs!.querySelector('[part~="body"]')!).whiteSpace).to.equal('pre-wrap');
    await waitFor(async () => (await client.getThread(threadId!))!.unreadCount === 0, 5000, 'the thread marked read');
    await expect(el).to.be.accessible();
  });

  it('renders message text as text, never as HTML, and announces new messages by name only', async () => {
    const { el, scenario, threadId } = await renderThread(meta, stories.Conversation);
    await waitForMessages(el, 2);
    await scenario.clients['dr-lee']!.send({ to: ['ana'], subject: 'Re: Question about my lab results', body: '<img src=x onerror=alert(1)> <b>bold</b>', threadId: threadId! });
    const all = await waitForMessages(el, 3);
    expect(text(all[2]!.querySelector('[part~="body"]'))).to.equal('<img src=x onerror=alert(1)> <b>bold</b>');
    expect(shadow(el).querySelector('img, b')).to.equal(null);
    await waitFor(() => announcement(el) === 'New message from Dr. Lee', 5000, 'the announcement');
    await expect(el).to.be.accessible();
  });

  it('withholds a message that fails verification and says why', async () => {
    const { el } = await renderThread(meta, stories.InvalidMessage);
    await waitForMessages(el, 3);
    const invalid = shadow(el).querySelector('[part~="message-invalid"]')!;
    expect(text(invalid)).to.include('Invalid signature').and.include('This message is not signed');
    expect(invalid.querySelector('[part~="body"], [part~="subject"]')).to.equal(null);
    expect(text(shadow(el))).to.not.include('card number');
    await expect(el).to.be.accessible();
  });

  it('sends a reply that the other party receives, after a seal-send the page may veto', async () => {
    const { el, scenario, threadId } = await renderThread(meta, stories.Conversation);
    const shown = await waitForMessages(el, 2);
    const newest = (await scenario.me.listMessages(threadId!)).items[0]!.id;
    expect(shown).to.have.length(2);
    expect(replyBox(el).localName).to.equal('textarea');

    // Vetoed: nothing is sent and the text stays.
    await typeReply(el, 'Tuesday works for me.');
    const veto = (event: SealSendEvent) => event.preventDefault();
    document.addEventListener('seal-send', veto);
    button(el, 'Send').click();
    await waitFor(() => text(shadow(el).querySelector('[part~="reply-error"]')).includes('stopped'), 5000, 'the veto notice');
    document.removeEventListener('seal-send', veto);
    expect(replyBox(el).value).to.equal('Tuesday works for me.');
    expect(await scenario.me.listOutbox()).to.have.length(0);
    expect((await scenario.me.listMessages(threadId!)).items).to.have.length(2);

    const before = nextEvent<SealSendEvent>(document, 'seal-send');
    const after = nextEvent<SealAfterSendEvent>(document, 'seal-after-send');
    button(el, 'Send').click();
    expect((await before).detail).to.deep.equal({ to: ['dr-lee'], threadId, replyTo: newest });
    const sent = (await after).detail;
    expect(sent.threadId).to.equal(threadId);
    await waitFor(() => replyBox(el).value === '', 5000, 'the box cleared');
    await waitForMessages(el, 3);
    expect(text(messages(el)[2])).to.include('You').and.include('Tuesday works for me.');

    const lee = scenario.clients['dr-lee']!;
    await waitFor(async () => (await lee.sync(), (await lee.listMessages(threadId!)).items.some((item) => item.id === sent.messageId)), 5000, 'Dr. Lee to receive it');
    const received = await lee.openMessage(sent.messageId);
    expect(received.status).to.not.equal('invalid');
    if (received.status === 'invalid') return;
    expect(received.body).to.equal('Tuesday works for me.');
    expect(received.subject).to.equal('Re: Question about my lab results');
    expect(received.replyTo).to.equal(newest);
  });

  it('sends with Ctrl+Enter and asks for text when the box is empty', async () => {
    const { el, scenario, threadId } = await renderThread(meta, stories.Conversation);
    await waitForMessages(el, 2);
    replyBox(el).focus();
    await ctrlEnter();
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="reply-error"]'))).to.equal('Write a reply first.');
    expect(replyBox(el).getAttribute('aria-invalid')).to.equal('true');
    await sendKeys({ type: 'See you Tuesday.' });
    const after = nextEvent<SealAfterSendEvent>(document, 'seal-after-send');
    await ctrlEnter();
    await after;
    expect((await scenario.me.listMessages(threadId!)).items).to.have.length(3);
  });

  it('keeps the reply as an encrypted draft that survives re-rendering, and deletes it on send', async () => {
    const { el, client, threadId } = await renderThread(meta, stories.Conversation);
    await waitForMessages(el, 2);
    await typeReply(el, 'A half-written question about my diet');
    await waitFor(() => text(shadow(el).querySelector('[part~="draft-status"]')) === 'Draft saved', 5000, 'the draft saved');
    const drafts = await client.listDrafts();
    expect(drafts.map((draft) => draft.threadId)).to.deep.equal([threadId]);
    el.remove();

    const again = await fixture<SealThread>(html`<seal-thread .client=${client} thread-id=${threadId!}></seal-thread>`);
    await waitForMessages(again, 2);
    await waitFor(() => replyBox(again).value === 'A half-written question about my diet', 5000, 'the draft restored');
    const after = nextEvent<SealAfterSendEvent>(again, 'seal-after-send');
    button(again, 'Send').click();
    await after;
    expect(await client.listDrafts()).to.have.length(0);
  });

  it('loads older messages when the reader scrolls to the top, keeping their place', async () => {
    const { el } = await renderThread(meta, stories.LongThread);
    await waitForMessages(el, 25);
    expect(messages(el)).to.have.length(25);
    const scroller = shadow(el).querySelector<HTMLElement>('[part~="messages"]')!;
    expect(scroller.scrollTop + scroller.clientHeight).to.be.closeTo(scroller.scrollHeight, 2);
    const anchor = messages(el)[0]!;
    scroller.scrollTop = 0;
    const where = anchor.getBoundingClientRect().bottom;
    scroller.dispatchEvent(new Event('scroll'));
    await waitForMessages(el, 50);
    await el.updateComplete;
    // The message that was at the top is still where the reader left it (its subject line may go, as
    // the same subject now shows above it).
    expect(anchor.getBoundingClientRect().bottom).to.be.closeTo(where, 5);
    expect(scroller.scrollTop).to.be.above(100);

    button(el, 'Load older messages').click();
    await waitForMessages(el, 64);
    await waitFor(() => text(shadow(el).querySelector('[part~="beginning"]')) === 'Start of the conversation', 5000, 'the start');
    expect(shadow(el).activeElement).to.equal(scroller);
    await expect(el).to.be.accessible();
  });

  it('shows a refused reply as not delivered, and Retry delivers it', async () => {
    const { el, scenario } = await renderThread<DeliveryScenario>(meta, stories.FailedDelivery);
    await waitForMessages(el, 3);
    const failed = shadow(el).querySelector('[part~="delivery-failed"]')!;
    expect(text(failed)).to.include('Not delivered');
    await expect(el).to.be.accessible();
    scenario.transport.refuseSends = false;
    button(el, 'Retry').click();
    await waitFor(() => !shadow(el).querySelector('[part~="delivery"]'), 5000, 'the reply delivered');
    const lee = scenario.clients['dr-lee']!;
    await lee.sync();
    expect((await lee.listMessages(scenario.threadId)).items.map((item) => item.id)).to.include(scenario.pendingId);
  });

  it('shows a reply waiting while offline as queued', async () => {
    const { el } = await renderThread(meta, stories.QueuedOffline);
    await waitForMessages(el, 3);
    expect(text(shadow(el).querySelector('[part~="delivery-queued"]'))).to.equal('Queued — will send when you’re back online');
    await expect(el).to.be.accessible();
  });

  it('warns about a changed key, offers to compare fingerprints, and asks before a reply is sent to the new key', async () => {
    const { el } = await renderThread(meta, stories.KeyChanged);
    await waitForMessages(el, 3);
    const warning = shadow(el).querySelector('[part~="key-changed"]')!;
    expect(text(warning)).to.include('Dr. Lee’s key changed');
    expect(text(messages(el)[2]!.querySelector('[part~="status"]'))).to.include('Key changed');
    const compare = nextEvent<SealVerifyRequestEvent>(document, 'seal-verify-request');
    button(el, 'Compare fingerprints with Dr. Lee').click();
    expect((await compare).detail).to.deep.equal({ userId: 'dr-lee' });

    await typeReply(el, 'Is this really you?');
    button(el, 'Send').click();
    const dialog = await waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 5000, 'the confirmation');
    expect(text(dialog.querySelector('[part~="confirm-item"]'))).to.include('Dr. Lee').and.include('Key changed');
    expect(dialog.querySelector<HTMLButtonElement>('[part~="confirm-button"]')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
    const review = nextEvent<SealVerifyRequestEvent>(document, 'seal-verify-request');
    dialog.querySelector<HTMLButtonElement>('[part~="compare-button"]')!.click();
    expect((await review).detail).to.deep.equal({ userId: 'dr-lee' });
    expect(dialog.open).to.equal(false);
    expect(replyBox(el).value).to.equal('Is this really you?');
  });

  it('shows no message content while locked, and the messages after unlocking', async () => {
    const { el, client } = await renderThread(meta, stories.Locked);
    await waitFor(() => text(shadow(el).querySelector('[part~="notice"]')).includes('locked'), 5000, 'the locked notice');
    expect(shadow(el).querySelector('[part~="message"], textarea')).to.equal(null);
    await expect(el).to.be.accessible();
    await client.unlock(STORY_PASSPHRASE);
    await waitForMessages(el, 2);
    await client.lock();
    await waitFor(() => messages(el).length === 0, 5000, 'content hidden again');
    expect(text(shadow(el))).to.not.include('A1C');
  });

  it('explains a thread that cannot be loaded, and says when none is selected', async () => {
    const { el } = await renderThread(meta, stories.LoadError);
    const error = await waitFor(() => shadow(el).querySelector('[part~="error"]'), 5000, 'the error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.include('could not be loaded');
    expect(button(el, 'Try again')).to.exist;
    const none = await renderThread(meta, stories.NoThreadSelected);
    expect(text(shadow(none.el).querySelector('[part~="notice"]'))).to.equal('Choose a conversation to read it.');
  });

  it('speaks Spanish', async () => {
    const { el } = await renderThread(meta, stories.Spanish);
    await waitForMessages(el, 2);
    expect(replyBox(el).localName).to.equal('textarea');
    expect(button(el, 'Enviar')).to.exist;
    expect(text(shadow(el).querySelector('[part~="title"]'))).to.equal('Conversación con Dr. Lee');
    expect(text(messages(el)[0]!.querySelector('[part~="sender"]'))).to.equal('Usted');
    expect(text(messages(el)[1]!.querySelector('[part~="status"]'))).to.include('Aún sin verificar');
    await expect(el).to.be.accessible();
  });

  it('passes axe in every story', async function () {
    this.timeout(180_000);
    for (const [name, story] of Object.entries(allStories)) {
      const { root, el } = await renderThread(meta, story);
      if (name !== 'Loading' && name !== 'NoClient') {
        await waitFor(() => !shadow(el).querySelector('[aria-busy="true"]'), 30_000, `${name} to load`);
      }
      await expect(el, name).to.be.accessible();
      root.remove();
      await disposeScenarios();
      setLocale('en');
    }
  });
});
