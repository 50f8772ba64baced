import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/provider/seal-provider.js';
import '../../src/elements/thread/seal-thread.js';
import type { SealThread } from '../../src/elements/thread/thread.js';
import { MemoryRelay, type OutboxChangeEvent, type SealClient } from '../../src/index.js';
import type { DeliveredEnvelope, OutgoingEnvelope, SealTransport } from '../../src/transport/transport.js';
import { chooseFiles } from '../../stories/support/attachment-files.js';
import { cleanupClients, createUser, nextEvent, PASSPHRASE, waitFor } from '../helpers/clients.js';
import { slowWorker } from '../helpers/slow-network.js';
import { messages, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

/**
 * A connection whose answers to `send` can be held: the relay stores the envelope (and its realtime
 * echo reaches the sender's subscription) at once, while the sender hears back only at `answer()`.
 */
function heldAnswers(inner: SealTransport) {
  const echoes: string[] = [];
  const waiting: (() => void)[] = [];
  const control = { hold: false, echoes, answer: () => waiting.splice(0).forEach((resume) => resume()) };
  const transport = new Proxy(inner, {
    get(target, key) {
      if (key === 'send') {
        return async (envelope: OutgoingEnvelope) => {
          await inner.send(envelope);
          if (control.hold) await new Promise<void>((resume) => waiting.push(resume));
        };
      }
      if (key === 'subscribe') {
        return (listener: (envelope: DeliveredEnvelope) => void, options?: Parameters<NonNullable<SealTransport['subscribe']>>[1]) =>
          inner.subscribe!((envelope) => {
            listener(envelope);
            echoes.push(envelope.id);
          }, options);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { transport, control };
}

/** Ana (whose message opening and send answers the test holds) and Dr. Lee, on one relay. */
async function people() {
  const relay = new MemoryRelay();
  const network = heldAnswers(relay.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' }));
  const worker = slowWorker('decryptEnvelope');
  const ana = await createUser(network.transport, 'ana', { createWorker: worker.createWorker });
  const lee = await createUser(relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), 'dr-lee');
  return { ana, lee, network, worker };
}

async function showThread(client: SealClient, threadId: string): Promise<SealThread> {
  // These tests are about delivery state: the confirmation before a first reply (thread.test.ts) is off.
  const root = await fixture(html`<seal-provider .client=${client}><seal-thread no-confirm thread-id=${threadId}></seal-thread></seal-provider>`);
  return root.querySelector<SealThread>('seal-thread')!;
}

/** The outbox event that says the outbox is empty: the last message left it. */
const emptied = (client: SealClient) => nextEvent<OutboxChangeEvent>(client, 'outbox-change', 20_000, (event) => event.items.length === 0);

function deliveryShown(el: SealThread): string | null {
  const delivery = shadow(el).querySelector('[part~="delivery"]');
  return delivery ? text(delivery) : null;
}

/**
 * The thread shows the user's own messages with their delivery state. That state is read with the
 * messages, before they are opened (decrypted in the worker); the outbox can finish delivering in
 * between, and its change events say so. A message delivered meanwhile must not stay "Sending…".
 */
describe('<seal-thread> delivery state of the user’s own messages', () => {
  afterEach(cleanupClients);

  for (const withFile of [false, true]) {
    it(`shows a first message${withFile ? ' with a file' : ''} as delivered when it is delivered while the thread opens it`, async () => {
      const { ana, network, worker } = await people();
      network.control.hold = true;
      const delivered = emptied(ana);
      // From the composer: a first message to someone new, then the portal shows its thread.
      const sent = await ana.send({
        to: ['dr-lee'],
        subject: 'Question about my lab results',
        body: 'My A1C came back at 6.1.',
        ...(withFile ? { attachments: [new File(['glucose log\n'.repeat(200)], 'glucose-log.txt', { type: 'text/plain' })] } : {}),
      });
      worker.control.hold = true;
      const el = await showThread(ana, sent.threadId);
      await waitFor(() => worker.control.asked > 0, 10_000, 'the thread to open the message');
      expect((await ana.listOutbox()).map((item) => item.id)).to.deep.equal([sent.id]);

      // The relay stored it; its realtime echo comes first, then the answer to the send.
      await waitFor(() => network.control.echoes.includes(sent.id), 10_000, 'the realtime echo');
      await ana.sync();
      network.control.answer();
      await delivered;

      worker.control.hold = false;
      worker.control.release();
      await waitForMessages(el, 1);
      await el.updateComplete;
      expect(text(messages(el)[0])).to.include('My A1C came back at 6.1.');
      expect(deliveryShown(el)).to.equal(null);
    });
  }

  it('shows a reply with a file as delivered when it is uploaded and delivered while the thread opens it', async () => {
    const { ana, lee, network, worker } = await people();
    const first = await lee.send({ to: ['ana'], subject: 'Your scan', body: 'Could you send me the scan?' });
    await waitFor(async () => (await lee.listOutbox()).length === 0, 10_000, 'Dr. Lee’s message delivered');
    await ana.sync();
    const el = await showThread(ana, first.threadId);
    await waitForMessages(el, 1);
    const input = await waitFor(() => shadow(el).querySelector<HTMLInputElement>('[part~="reply"] input[type="file"]'), 10_000, 'the reply box');

    chooseFiles(input, [new File(['scan line\n'.repeat(400)], 'scan.txt', { type: 'text/plain' })]);
    await waitFor(() => shadow(el).querySelector('[part~="reply"] [part~="attachment"]'), 5000, 'the chosen file');
    await typeReply(el, 'Here is the scan.');
    network.control.hold = true;
    worker.control.hold = true;
    const delivered = emptied(ana);
    shadow(el).querySelector<HTMLButtonElement>('[part~="send-button"]')!.click();
    // The reply is in the outbox and the thread reads it; opening it waits for the (busy) worker.
    await waitFor(() => worker.control.asked > 0, 20_000, 'the thread to open the reply');
    const [reply] = await ana.listOutbox();
    expect(reply?.upload?.chunks).to.be.greaterThan(0);

    // Its file uploads, the relay stores it and echoes it, then answers the send.
    await waitFor(() => network.control.echoes.includes(reply!.id), 20_000, 'the realtime echo');
    await ana.sync();
    network.control.answer();
    await delivered;

    worker.control.hold = false;
    worker.control.release();
    await waitForMessages(el, 2);
    await el.updateComplete;
    expect(text(messages(el)[1])).to.include('Here is the scan.');
    expect(deliveryShown(el)).to.equal(null);
  });

  it('shows a message as delivered when it is delivered while the thread opens it again after an unlock', async () => {
    const { ana, network, worker } = await people();
    network.control.hold = true;
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Question about my lab results', body: 'My A1C came back at 6.1.' });
    const el = await showThread(ana, sent.threadId);
    await waitFor(() => deliveryShown(el) === 'Sending…', 10_000, '"Sending…"');

    await ana.lock();
    worker.control.hold = true;
    await ana.unlock(PASSPHRASE);
    await waitFor(() => worker.control.asked > 0, 10_000, 'the thread to open the message again');
    const delivered = emptied(ana);
    network.control.answer();
    await delivered;

    worker.control.hold = false;
    worker.control.release();
    await waitFor(() => text(messages(el)[0]).includes('My A1C came back at 6.1.'), 10_000, 'the message opened again');
    await el.updateComplete;
    expect(deliveryShown(el)).to.equal(null);
  });
});
