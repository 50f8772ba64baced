import { expect } from '@open-wc/testing';
import { HttpAuthExpiredEvent, HttpTransport, isSealError, type ReadableMessage, type SealClient } from '../../src/index.js';
import { loginToRelay } from '../../src/transport/relay-login.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';
import { textFile } from '../helpers/stored-records.js';
import { startRelay, stopRelay } from '../helpers/relay.js';

// Two SealClients in Chromium talk through HttpTransport to the reference relay, a real server on
// another origin (CORS, bearer tokens, the event stream read with fetch).

interface Account {
  readonly userId: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: string;
}

const account = (name: string, displayName: string, role: string): Account => ({ userId: `${name}-${crypto.randomUUID().slice(0, 8)}`, password: crypto.randomUUID(), displayName, role });

function readable(message: unknown): ReadableMessage {
  expect((message as ReadableMessage).status).to.not.equal('invalid');
  return message as ReadableMessage;
}

describe('HttpTransport in the browser, against the reference relay', () => {
  const ana = account('ana', 'Ana Ruiz', 'Patient');
  const lee = account('dr-lee', 'Dr. Lee', 'Clinician');
  let url: string;

  before(async function () {
    // A relay on PGlite can take a while to start on a busy machine.
    this.timeout(120_000);
    url = await startRelay([ana, lee]);
  });
  after(async () => {
    await stopRelay(url);
  });
  afterEach(cleanupClients);

  async function signedIn(user: Account): Promise<{ transport: HttpTransport; client: SealClient }> {
    const session = await loginToRelay(url, user.userId, user.password);
    const transport = new HttpTransport({ baseUrl: url, getAuthToken: () => session.token });
    // No polling: new messages can only arrive through the event stream. Small chunks: several per file.
    const client = await createUser(transport, user.userId, { pollIntervalMs: 0, attachmentChunkSize: 1024 });
    return { transport, client };
  }

  async function delivered(client: SealClient): Promise<void> {
    await waitFor(async () => (await client.listOutbox()).length === 0, 10_000, 'the outbox to drain');
  }

  it('carries a two-way conversation end to end, realtime, with only ciphertext on the server', async () => {
    const [anaSide, leeSide] = [await signedIn(ana), await signedIn(lee)];
    await Promise.all([anaSide.transport.whenSubscribed(), leeSide.transport.whenSubscribed()]);

    const question = await anaSide.client.send({ to: [lee.userId], subject: 'Lab results', body: 'Is my A1C of 6.1 fine?' });
    await delivered(anaSide.client);
    const atLee = await waitFor(async () => (await leeSide.client.listThreads()).items.find((thread) => thread.threadId === question.threadId), 10_000, 'the thread at Dr. Lee');
    expect(atLee).to.include({ unreadCount: 1, lastSender: ana.userId });
    const opened = readable(await leeSide.client.openMessage(question.id));
    expect(opened).to.include({ subject: 'Lab results', body: 'Is my A1C of 6.1 fine?', from: ana.userId, status: 'signer-unverified' });
    expect((await leeSide.client.getContact(ana.userId))?.displayName).to.equal('Ana Ruiz');

    const answer = await leeSide.client.send({ to: [ana.userId], subject: 'Re: Lab results', body: 'Yes, that is in range.', threadId: question.threadId, replyTo: question.id });
    await delivered(leeSide.client);
    await waitFor(async () => (await anaSide.client.listMessages(question.threadId)).items.length === 2, 10_000, 'the reply at Ana');
    expect(readable(await anaSide.client.openMessage(answer.id))).to.include({ body: 'Yes, that is in range.', from: lee.userId });

    // What the relay holds for Ana: both envelopes, ciphertext only.
    const page = await anaSide.transport.fetch({ after: null, limit: 10 });
    expect(page.envelopes.map((envelope) => envelope.id)).to.deep.equal([question.id, answer.id]);
    const stored = JSON.stringify(page);
    for (const text of ['Lab results', 'A1C', 'in range']) expect(stored).to.not.contain(text);
    expect(stored).to.contain('BEGIN PGP MESSAGE');
  });

  it('sends a file across origins: the recipient opens it verified, and the relay holds only encrypted chunks', async () => {
    const [anaSide, leeSide] = [await signedIn(ana), await signedIn(lee)];
    await leeSide.transport.whenSubscribed();
    const marker = `LAB-${crypto.randomUUID().slice(0, 8)}`;
    const file = textFile('labs.txt', marker, 3 * 1024 + 100);
    const sent = await anaSide.client.send({ to: [lee.userId], subject: 'Results', body: 'Attached', attachments: [file] });
    await delivered(anaSide.client);
    await waitFor(async () => (await leeSide.client.listMessages(sent.threadId)).items.length === 1, 10_000, 'the message at Dr. Lee');
    const message = readable(await leeSide.client.openMessage(sent.id));
    const [info] = message.attachments;
    expect(info).to.include({ name: 'labs.txt', size: file.size });
    expect(await (await leeSide.client.openAttachment(sent.id, info!.id)).text()).to.equal(await file.text());

    const envelope = (await leeSide.transport.fetch({ after: null, limit: 10 })).envelopes.find((item) => item.id === sent.id);
    expect(envelope?.blobIds).to.deep.equal([info!.id]);
    for (let index = 0; index < 4; index += 1) {
      const chunk = await leeSide.transport.getBlobChunk(info!.id, index);
      expect(new TextDecoder('latin1').decode(chunk)).to.not.contain(marker);
    }
  });

  it('dispatches auth-expired when the token is refused, and works again once the page refreshes it', async () => {
    let token = 'not-a-valid-token';
    const transport = new HttpTransport({ baseUrl: url, getAuthToken: () => token, retry: { attempts: 1 } });
    const expired: HttpAuthExpiredEvent[] = [];
    transport.addEventListener('auth-expired', (event) => expired.push(event));
    try {
      const refused = await transport.lookupKey(lee.userId).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isSealError(refused, 'TRANSPORT') && refused.retryable === false && refused.details.status === 401).to.equal(true);
      expect(expired.map((event) => event.operation)).to.deep.equal(['lookupKey']);

      token = (await loginToRelay(url, ana.userId, ana.password)).token;
      expect(await transport.lookupKey(`nobody-${crypto.randomUUID().slice(0, 8)}`)).to.equal(null);
      expect(expired).to.have.length(1);
    } finally {
      transport.close();
    }
  });
});
