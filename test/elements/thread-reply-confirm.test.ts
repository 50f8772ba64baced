// The reply box's misdirected-message guard: a reply goes to the thread's verified correspondents, and
// before it goes to someone new, not yet verified and not written to in this thread, or to a changed
// key, a dialog lists everyone it goes to.
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/provider/seal-provider.js';
import type { SealThread } from '../../src/elements/thread/thread.js';
import '../../src/elements/thread/seal-thread.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import type { SealVerifyRequestEvent } from '../../src/events/verify-request.js';
import { MemoryRelay, type SealClient } from '../../src/index.js';
import { cleanupClients, createUser, nextEvent, waitFor } from '../helpers/clients.js';
import { button, replyBox, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

async function people() {
  const relay = new MemoryRelay();
  const ana = await createUser(relay.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' }), 'ana');
  const lee = await createUser(relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), 'dr-lee');
  const kim = await createUser(relay.connect('nurse-kim', { displayName: 'Nurse Kim', role: 'Nurse' }), 'nurse-kim');
  return { relay, ana, lee, kim };
}

async function delivered(client: SealClient): Promise<void> {
  await waitFor(async () => (await client.listOutbox()).length === 0, 10_000, 'delivery');
}

async function showThread(client: SealClient, threadId: string, noConfirm = false): Promise<SealThread> {
  const root = await fixture(html`<seal-provider .client=${client}><seal-thread ?no-confirm=${noConfirm} thread-id=${threadId}></seal-thread></seal-provider>`);
  const el = root.querySelector<SealThread>('seal-thread')!;
  await waitForMessages(el, 1);
  return el;
}

const openDialog = (el: SealThread) => waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 5000, 'the confirmation');
const items = (dialog: HTMLDialogElement) => [...dialog.querySelectorAll('[part~="confirm-item"]')].map(text);
const dialogButton = (dialog: HTMLDialogElement, name: string) => [...dialog.querySelectorAll('button')].find((candidate) => text(candidate) === name)!;

describe('<seal-thread> confirming who a reply goes to', () => {
  afterEach(cleanupClients);

  it('asks before the first reply to someone not verified, listing everyone; Cancel keeps the reply, Confirm sends it', async () => {
    const { relay, ana, lee, kim } = await people();
    await ana.verifyContact('nurse-kim', (await ana.refreshContact('nurse-kim')).fingerprint);
    const first = await lee.send({ to: ['ana', 'nurse-kim'], subject: 'Your results', body: 'Your A1C is back.' });
    await delivered(lee);
    await Promise.all([ana.sync(), kim.sync()]);
    const el = await showThread(ana, first.threadId);
    await waitFor(() => text(shadow(el).querySelector('[part~="title"]')).includes('Nurse Kim'), 5000, 'both people in the header');

    await typeReply(el, 'Thank you, see you Tuesday.');
    button(el, 'Send').click();
    const dialog = await openDialog(el);
    const listed = items(dialog);
    expect(listed).to.have.length(2);
    expect(listed.find((item) => item.includes('Dr. Lee'))).to.include('Clinician').and.include('Not yet verified');
    expect(listed.find((item) => item.includes('Nurse Kim'))).to.include('Verified');
    expect(dialog.contains(shadow(el).activeElement)).to.equal(true);
    await expect(el).to.be.accessible();

    dialogButton(dialog, 'Cancel').click();
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(replyBox(el).value).to.equal('Thank you, see you Tuesday.');
    expect(relay.envelopes()).to.have.length(1);

    button(el, 'Send').click();
    const again = await openDialog(el);
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    dialogButton(again, 'Confirm and send').click();
    const { messageId } = (await after).detail;
    const stored = await waitFor(() => relay.envelopes().find((envelope) => envelope.id === messageId), 5000, 'the reply stored');
    expect([...stored.to].sort()).to.deep.equal(['dr-lee', 'nurse-kim']);

    // Both have now been written to in this thread: the next reply goes without asking.
    expect((await ana.getThread(first.threadId))!.addressed).to.have.members(['dr-lee', 'nurse-kim']);
    // The thread shows the reply once it has read the thread again, and knows whom Ana wrote to.
    await waitForMessages(el, 2);
    await typeReply(el, 'One more thing.');
    const next = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(el, 'Send').click();
    await next;
    expect(shadow(el).querySelector('dialog[open]')).to.equal(null);
  });

  it('sends without asking with no-confirm, but still asks about a changed key', async () => {
    const { relay, ana, lee } = await people();
    const first = await lee.send({ to: ['ana'], subject: 'Your results', body: 'Your A1C is back.' });
    await delivered(lee);
    await ana.sync();
    const el = await showThread(ana, first.threadId, true);
    await typeReply(el, 'Thank you.');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(el, 'Send').click();
    await after;
    expect(shadow(el).querySelector('dialog[open]')).to.equal(null);

    // Dr. Lee on a new device: his new key reaches Ana with his next message.
    await delivered(ana);
    const tablet = await createUser(relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), 'dr-lee');
    await tablet.send({ to: ['ana'], subject: 'Re: Your results', body: 'From my new tablet.', threadId: first.threadId });
    await delivered(tablet);
    await ana.sync();
    await waitForMessages(el, 3);
    await typeReply(el, 'Is this really you?');
    button(el, 'Send').click();
    const dialog = await openDialog(el);
    expect(items(dialog)[0]).to.include('Dr. Lee').and.include('Key changed');
    expect(dialog.querySelector<HTMLButtonElement>('[part~="confirm-button"]')!.disabled).to.equal(true);
  });

  it('explains a reply the engine refused because a key changed after the thread was shown', async () => {
    const { relay, ana, lee } = await people();
    const first = await lee.send({ to: ['ana'], subject: 'Your results', body: 'Your A1C is back.' });
    await delivered(lee);
    await ana.sync();
    const el = await showThread(ana, first.threadId, true);
    // A new key is published while the thread is on screen; the engine finds it when it sends.
    await createUser(relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), 'dr-lee');
    await typeReply(el, 'Is this really you?');
    button(el, 'Send').click();
    await waitFor(() => text(shadow(el).querySelector('[part~="reply-error"]')).includes('key changed'), 10_000, 'the explanation');
    expect(replyBox(el).value).to.equal('Is this really you?');
    const review = nextEvent<SealVerifyRequestEvent>(document, 'seal-verify-request');
    button(el, 'Review Dr. Lee’s key').click();
    expect((await review).detail).to.deep.equal({ userId: 'dr-lee' });
    await expect(el).to.be.accessible();
  });
});
