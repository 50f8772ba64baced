// Attack: put someone into a conversation through routing data. A thread's participants were built
// from envelopes as they arrived, before any signature was checked, so a backend (or another relay
// user who knew the thread id) could deliver "from dr-lee to [ana, mallory]" with junk ciphertext:
// Mallory joined the thread, and Ana's next reply from the reply box went to Mallory's key, pinned on
// first use without a question. Who is in a thread now comes only from verified messages, and the
// reply box asks before a reply goes to anyone new to the conversation.
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/provider/seal-provider.js';
import type { SealThread } from '../../src/elements/thread/thread.js';
import '../../src/elements/thread/seal-thread.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import { HttpTransport, MemoryRelay, type SealClient } from '../../src/index.js';
import { loginToRelay } from '../../src/transport/relay-login.js';
import { inject, openpgp, publishedKey } from '../helpers/attacker.js';
import { cleanupClients, createUser, nextEvent, waitFor } from '../helpers/clients.js';
import { startRelay, stopRelay, type RelayAccount } from '../helpers/relay.js';
import { button, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

async function delivered(client: SealClient): Promise<void> {
  await waitFor(async () => (await client.listOutbox()).length === 0, 15_000, 'delivery');
}

async function showThread(client: SealClient, threadId: string): Promise<SealThread> {
  const root = await fixture(html`<seal-provider .client=${client}><seal-thread thread-id=${threadId}></seal-thread></seal-provider>`);
  return root.querySelector<SealThread>('seal-thread')!;
}

/** Junk that is OpenPGP only in its armor: encrypted to Ana, signed by nobody. */
async function junkFor(key: openpgp.PublicKey): Promise<string> {
  return (await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'not a Sealbox envelope' }), encryptionKeys: key })) as string;
}

describe('attack: routing data that adds someone to a conversation', () => {
  afterEach(cleanupClients);

  it('a backend’s envelope "from dr-lee to [ana, mallory]" adds no one, and Ana’s reply goes to Dr. Lee only', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' }), 'ana');
    const lee = await createUser(relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), 'dr-lee');
    const mallory = await createUser(relay.connect('mallory', { displayName: 'Mallory', role: 'Patient' }), 'mallory');
    const ana2lee = await ana.send({ to: ['dr-lee'], subject: 'My results', body: 'Is 6.1 fine?' });
    await delivered(ana);
    await lee.sync();
    const answer = await lee.send({ to: ['ana'], subject: 'Re: My results', body: 'Yes, 6.1 is fine.', threadId: ana2lee.threadId });
    await delivered(lee);

    // The hostile backend adds Mallory to the thread, in an envelope it forged as Dr. Lee's.
    const forged = await inject(
      relay,
      { id: crypto.randomUUID(), threadId: ana2lee.threadId, from: 'dr-lee', to: ['ana', 'mallory'], createdAt: new Date().toISOString() },
      await junkFor(await publishedKey(relay, 'ana')),
    );
    await ana.sync();
    expect((await ana.getThread(ana2lee.threadId))!.correspondents).to.deep.equal(['dr-lee']);

    const el = await showThread(ana, ana2lee.threadId);
    await waitForMessages(el, 3);
    expect(text(shadow(el).querySelector('[part~="title"]'))).to.equal('Conversation with Dr. Lee');
    expect((await ana.openMessage(forged.id)).status).to.equal('invalid');
    expect((await ana.getThread(ana2lee.threadId))!.correspondents).to.deep.equal(['dr-lee']);

    await typeReply(el, 'Thank you, doctor.');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send');
    button(el, 'Send').click();
    const { messageId } = (await after).detail;
    await delivered(ana);
    const reply = relay.envelopes().find((envelope) => envelope.id === messageId)!;
    expect(reply.to).to.deep.equal(['dr-lee']);
    // Mallory never had the reply (only the backend's forgery), nor a key of hers pinned on Ana's side.
    await mallory.sync();
    expect((await mallory.listMessages(ana2lee.threadId)).items.map((message) => message.id)).to.deep.equal([forged.id]);
    expect(await ana.getContact('mallory')).to.equal(null);
    expect(answer.threadId).to.equal(ana2lee.threadId);
  });

  describe('through the reference relay, from another user of it', () => {
    const account = (name: string, displayName: string, role: string): RelayAccount => ({
      userId: `${name}-${crypto.randomUUID().slice(0, 8)}`,
      password: crypto.randomUUID(),
      displayName,
      role,
    });
    const lee = account('dr-lee', 'Dr. Lee', 'Clinician');
    const mallory = account('mallory', 'Mallory', 'Patient');
    const ana = { ...account('ana', 'Ana Ruiz', 'Patient'), careTeam: [lee.userId] };
    let url: string;
    const transports: HttpTransport[] = [];

    before(async function () {
      this.timeout(120_000);
      url = await startRelay([ana, lee, mallory]);
    });
    after(async () => {
      transports.forEach((transport) => transport.close());
      await stopRelay(url);
    });

    async function person(user: RelayAccount): Promise<{ client: SealClient; transport: HttpTransport }> {
      const { token } = await loginToRelay(url, user.userId, user.password);
      const transport = new HttpTransport({ baseUrl: url, getAuthToken: () => token, retry: { attempts: 1 } });
      transports.push(transport);
      return { client: await createUser(transport, user.userId, { displayName: user.displayName }), transport };
    }

    it('Mallory, who learned the thread id, adds no one with junk, and is asked about before a reply goes to her', async function () {
      this.timeout(90_000);
      const [a, l, m] = [await person(ana), await person(lee), await person(mallory)];
      const first = await l.client.send({ to: [ana.userId], subject: 'Your results', body: 'Your A1C is back: 6.1.' });
      await delivered(l.client);
      await a.client.sync();

      // Junk from Mallory's own account, into Ana's thread.
      const junk = await junkFor(await openpgp.readKey({ armoredKey: (await m.transport.lookupKey(ana.userId))!.armoredKey }));
      const routing = { id: crypto.randomUUID(), threadId: first.threadId, from: mallory.userId, to: [ana.userId], createdAt: new Date().toISOString() };
      await m.transport.send({ ...routing, ciphertext: junk, size: new TextEncoder().encode(junk).byteLength });
      await a.client.sync();
      const el = await showThread(a.client, first.threadId);
      await waitForMessages(el, 2);
      await waitFor(async () => (await a.client.getThread(first.threadId))!.correspondents.length > 0, 10_000, 'Dr. Lee’s message verified');
      expect((await a.client.getThread(first.threadId))!.correspondents).to.deep.equal([lee.userId]);

      // A genuine signed message of Mallory's into the thread makes her part of it, as she wrote it:
      // the reply box then lists everyone and asks before the reply goes to her.
      await m.client.send({ to: [ana.userId], subject: 'Re: Your results', body: 'Please also tell me.', threadId: first.threadId });
      await delivered(m.client);
      await a.client.sync();
      await waitForMessages(el, 3);
      await waitFor(async () => (await a.client.getThread(first.threadId))!.correspondents.includes(mallory.userId), 10_000, 'Mallory’s message verified');
      await typeReply(el, 'Thank you, doctor.');
      button(el, 'Send').click();
      const dialog = await waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 10_000, 'the confirmation');
      const listed = [...dialog.querySelectorAll('[part~="confirm-item"]')].map(text);
      expect(listed).to.have.length(2);
      expect(listed.find((item) => item.includes('Mallory'))).to.include('Not yet verified');
      expect(listed.find((item) => item.includes('Dr. Lee'))).to.exist;
    });
  });
});
