import { expect } from '@open-wc/testing';
import { BroadcastChannelTransport, type ReadableMessage } from '../../src/index.js';
import { bytesOf, pngBytes, sha256Hex } from '../helpers/attachments.js';
import { cleanupClients, createUser, deleteDatabase, nextEvent } from '../helpers/clients.js';
import { textFile } from '../helpers/stored-records.js';

interface PeerReport {
  readonly error?: string;
  readonly files: { name: string; type: string; size: number; sha256: string }[];
  readonly replyId: string;
  readonly replySha256: string;
}

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

describe('attachments between two browsing contexts through BroadcastChannelTransport', () => {
  let frame: HTMLIFrameElement;
  let channel: string;

  afterEach(async () => {
    frame?.remove();
    await cleanupClients();
    await deleteDatabase(`sealbox-test:lee:${channel}`);
    await deleteDatabase(`sealbox-relay:${channel}`);
  });

  it('sends files that the other tab opens byte-exact and verified, and opens the file it sends back', async () => {
    channel = `test-${crypto.randomUUID()}`;
    const peerReady = fromPeer('ready');
    frame = document.createElement('iframe');
    frame.src = `/test/core/fixtures/bc-attachment-peer.html?channel=${channel}`;
    document.body.append(frame);
    await peerReady;

    const ana = await createUser(new BroadcastChannelTransport({ userId: 'ana', channel }), 'ana', { attachmentChunkSize: 1024 });
    const labs = textFile('labs.txt', 'BC-LAB-8e1f', 2500);
    const scan = new File([pngBytes(3000)], 'scan.png');
    const peerOpened = fromPeer<PeerReport>('opened');
    const reply = nextEvent(ana, 'message-received', 20_000);
    await ana.send({ to: ['lee'], subject: 'Across tabs', body: 'Two files', attachments: [labs, scan] });

    const report = await peerOpened;
    expect(report.error).to.equal(undefined);
    expect(report.files).to.deep.equal([
      { name: 'labs.txt', type: 'text/plain', size: labs.size, sha256: await sha256Hex(await bytesOf(labs)) },
      { name: 'scan.png', type: 'image/png', size: scan.size, sha256: await sha256Hex(await bytesOf(scan)) },
    ]);

    await reply;
    const answer = (await ana.openMessage(report.replyId)) as ReadableMessage;
    expect(answer.status).to.equal('signer-unverified');
    expect(answer.attachments.map((file) => file.name)).to.deep.equal(['review.txt']);
    const file = await ana.openAttachment(answer.id, answer.attachments[0]!.id);
    expect(await sha256Hex(await bytesOf(file))).to.equal(report.replySha256);
  });
});
