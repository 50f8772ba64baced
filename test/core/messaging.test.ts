import { expect } from '@open-wc/testing';
import { MemoryRelay, type MessageReceivedEvent, type ReadableMessage, type SealClient } from '../../src/index.js';
import { cleanupClients, createUser, nextEvent, waitFor } from '../helpers/clients.js';

async function delivered(client: SealClient): Promise<void> {
  await waitFor(async () => (await client.listOutbox()).length === 0, 5000, 'outbox to drain');
}

function readable(message: unknown): ReadableMessage {
  expect((message as ReadableMessage).status).to.not.equal('invalid');
  return message as ReadableMessage;
}

describe('messaging between two identities', () => {
  let relay: MemoryRelay;
  let ana: SealClient;
  let lee: SealClient;

  beforeEach(async () => {
    relay = new MemoryRelay();
    ana = await createUser(relay.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' }), 'ana');
    lee = await createUser(relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), 'dr-lee');
  });
  afterEach(cleanupClients);

  it('delivers a signed, encrypted message that the recipient reads with its status', async () => {
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Lab results', body: 'Is my A1C of 6.1 fine?' });
    await delivered(ana);
    await lee.sync();

    const { items: threads } = await lee.listThreads();
    expect(threads).to.have.length(1);
    expect(threads[0]).to.include({ threadId: sent.threadId, unreadCount: 1, messageCount: 1, lastSender: 'ana' });
    // Who is in the thread comes from verified messages only: nobody until Ana's is opened.
    expect(threads[0]!.correspondents).to.deep.equal([]);

    const message = readable(await lee.openMessage(sent.id));
    expect((await lee.getThread(sent.threadId))!.correspondents).to.deep.equal(['ana']);
    expect(message).to.include({ subject: 'Lab results', body: 'Is my A1C of 6.1 fine?', from: 'ana', status: 'signer-unverified' });
    expect(message.signerFingerprint).to.equal(ana.fingerprint);

    const contact = await lee.getContact('ana');
    expect(contact).to.include({ state: 'unverified', fingerprint: ana.fingerprint, displayName: 'Ana Ruiz', role: 'Patient' });
  });

  it('lets the sender read their own sent message', async () => {
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Refill', body: 'Metformin refill please' });
    const own = readable(await ana.openMessage(sent.id));
    expect(own).to.include({ body: 'Metformin refill please', status: 'verified', outgoing: true });
    await delivered(ana);
    // The relay's copy, fetched back, also decrypts for the sender.
    await ana.sync();
    const { items } = await ana.listMessages(sent.threadId);
    expect(items.map((m) => m.delivery)).to.deep.equal(['delivered']);
  });

  it('encrypts once to several recipients, each of whom can read it', async () => {
    const nurse = await createUser(relay.connect('nurse-kim'), 'nurse-kim');
    const sent = await lee.send({ to: ['ana', 'nurse-kim'], subject: 'Care plan', body: 'Walk 30 minutes daily.' });
    await delivered(lee);
    await Promise.all([ana.sync(), nurse.sync()]);
    expect(readable(await ana.openMessage(sent.id)).body).to.equal('Walk 30 minutes daily.');
    expect(readable(await nurse.openMessage(sent.id)).body).to.equal('Walk 30 minutes daily.');
    const stored = relay.envelopes().filter((envelope) => envelope.id === sent.id);
    expect(stored).to.have.length(1);
    expect(stored[0]!.to).to.deep.equal(['ana', 'nurse-kim']);
  });

  it('shows the server only routing metadata and ciphertext', async () => {
    await ana.send({ to: ['dr-lee'], subject: 'Private subject line', body: 'Private body text' });
    await delivered(ana);
    const serialized = JSON.stringify(relay.envelopes());
    expect(serialized).to.not.contain('Private subject line');
    expect(serialized).to.not.contain('Private body text');
    expect(serialized).to.contain('BEGIN PGP MESSAGE');
  });

  it('marks messages verified once the contact is verified out of band', async () => {
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Hello', body: 'Hi' });
    await delivered(ana);
    await lee.sync();
    expect((await lee.openMessage(sent.id)).status).to.equal('signer-unverified');
    await lee.verifyContact('ana', ana.fingerprint!);
    expect((await lee.openMessage(sent.id)).status).to.equal('verified');
    expect((await lee.getContact('ana'))!.state).to.equal('verified');
    const { items } = await lee.listThreads();
    expect(items[0]!.lastMessageStatus).to.equal('verified');
  });

  it('refuses to verify a contact with a fingerprint that does not match', async () => {
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Hello', body: 'Hi' });
    await delivered(ana);
    await lee.sync();
    await lee.openMessage(sent.id);
    const wrong = lee.fingerprint!;
    let code: string | undefined;
    await lee.verifyContact('ana', wrong).catch((error: { code: string }) => (code = error.code));
    expect(code).to.equal('INVALID_INPUT');
    expect((await lee.getContact('ana'))!.state).to.equal('unverified');
  });

  it('keeps replies in the thread, newest first, and tracks unread state', async () => {
    const first = await ana.send({ to: ['dr-lee'], subject: 'Question', body: 'One' });
    await delivered(ana);
    await lee.sync();
    const reply = await lee.send({ to: ['ana'], subject: 'Re: Question', body: 'Two', threadId: first.threadId, replyTo: first.id });
    await delivered(lee);
    await ana.sync();

    const { items } = await ana.listMessages(first.threadId);
    expect(items.map((m) => m.id)).to.deep.equal([reply.id, first.id]);
    expect(readable(await ana.openMessage(reply.id)).replyTo).to.equal(first.id);
    const thread = await ana.getThread(first.threadId);
    expect(thread).to.include({ messageCount: 2, unreadCount: 1, lastSender: 'dr-lee' });
    await ana.markThreadRead(first.threadId);
    expect((await ana.getThread(first.threadId))!.unreadCount).to.equal(0);
  });

  it('pages threads newest first without gaps', async () => {
    const threadIds: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      threadIds.push((await ana.send({ to: ['dr-lee'], subject: `S${i}`, body: `B${i}` })).threadId);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await delivered(ana);
    await lee.sync();
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: Awaited<ReturnType<SealClient['listThreads']>> = await lee.listThreads({ limit: 3, before });
      seen.push(...page.items.map((t) => t.threadId));
      before = page.next;
    } while (before);
    expect(seen).to.deep.equal([...threadIds].reverse());
  });

  it('announces new messages in realtime with ids only', async () => {
    const received = nextEvent<MessageReceivedEvent>(lee, 'message-received');
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Secret subject', body: 'Secret body' });
    const event = await received;
    expect(event).to.include({ messageId: sent.id, threadId: sent.threadId, from: 'ana' });
    const serialized = JSON.stringify(event, Object.getOwnPropertyNames(event));
    expect(serialized).to.not.contain('Secret');
  });

  it('rejects malformed input with INVALID_INPUT naming the field, not the content', async () => {
    let error: { code?: string; message?: string } = {};
    await ana.send({ to: [], subject: 'x', body: 'confidential words' }).catch((e: typeof error) => (error = e));
    expect(error.code).to.equal('INVALID_INPUT');
    expect(error.message).to.not.contain('confidential');
    await ana.send({ to: ['ana'], subject: 'x', body: 'y' }).catch((e: typeof error) => (error = e));
    expect(error.code).to.equal('INVALID_INPUT');
  });

  it('refuses to send to someone without a published key', async () => {
    let code: string | undefined;
    await ana.send({ to: ['nobody'], subject: 'x', body: 'y' }).catch((e: { code: string }) => (code = e.code));
    expect(code).to.equal('NO_KEY_FOR_RECIPIENT');
    expect(await ana.listOutbox()).to.have.length(0);
  });
});
