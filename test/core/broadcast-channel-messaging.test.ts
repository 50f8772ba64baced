import { expect } from '@open-wc/testing';
import { BroadcastChannelTransport, type ReadableMessage } from '../../src/index.js';
import { cleanupClients, createUser, deleteDatabase, nextEvent } from '../helpers/clients.js';

function fromPeer<T>(type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.data?.type !== type) return;
      window.removeEventListener('message', listener);
      resolve(event.data as T);
    };
    window.addEventListener('message', listener);
  });
}

describe('messaging between two browsing contexts through BroadcastChannelTransport', () => {
  let frame: HTMLIFrameElement;
  let channel: string;

  afterEach(async () => {
    frame?.remove();
    await cleanupClients();
    await deleteDatabase(`sealbox-test:lee:${channel}`);
    await deleteDatabase(`sealbox-relay:${channel}`);
  });

  it('exchanges verified messages with no server between a page and an iframe', async () => {
    channel = `test-${crypto.randomUUID()}`;
    const peerReady = fromPeer<{ fingerprint: string }>('ready');
    frame = document.createElement('iframe');
    frame.src = `/test/core/fixtures/bc-client-peer.html?channel=${channel}`;
    document.body.append(frame);
    const { fingerprint: leeFingerprint } = await peerReady;

    const ana = await createUser(new BroadcastChannelTransport({ userId: 'ana', channel }), 'ana');
    const peerOpened = fromPeer<{ status: string; body: string; replyId: string }>('opened');
    const reply = nextEvent(ana, 'message-received', 15_000);
    const sent = await ana.send({ to: ['lee'], subject: 'Across tabs', body: 'No server in between' });
    expect((await ana.getContact('lee'))!.fingerprint).to.equal(leeFingerprint);

    const opened = await peerOpened;
    expect(opened).to.include({ status: 'signer-unverified', body: 'No server in between' });
    await reply;
    const answer = (await ana.openMessage(opened.replyId)) as ReadableMessage;
    expect(answer).to.include({ status: 'signer-unverified', body: 'Read: No server in between', threadId: sent.threadId, replyTo: sent.id });
  });
});
