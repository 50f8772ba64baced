import { expect } from '@open-wc/testing';
import { MemoryRelay, type ReadableMessage } from '../../src/index.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';
import { slowNetwork } from '../helpers/slow-network.js';
import { textFile } from '../helpers/stored-records.js';

const CHUNK = 1024;
const slowRetry = { baseDelayMs: 60_000, maxDelayMs: 60_000 };

describe('cancelling an attachment upload', () => {
  afterEach(cleanupClients);

  it('stops an upload in flight, keeps the message as failed (ABORTED), and Retry resumes without sending a chunk twice', async () => {
    const relay = new MemoryRelay();
    const network = slowNetwork(relay.connect('ana'));
    const ana = await createUser(network.transport, 'ana', { outbox: slowRetry, attachmentChunkSize: CHUNK });
    const lee = await createUser(relay.connect('lee'), 'lee');
    const file = textFile('scan.txt', 'CANCEL-71c2', 6 * CHUNK - 5);
    network.control.holdPutsAfter = 2;
    network.hold();

    const sent = await ana.send({ to: ['lee'], subject: 'Scan', body: 'Attached', attachments: [file] });
    await waitFor(async () => (await ana.listOutbox())[0]?.upload?.chunksDone === 2, 10_000, 'two chunks uploaded');
    expect(await ana.cancelUpload(sent.id)).to.equal(true);

    const item = await waitFor(async () => (await ana.listOutbox()).find((entry) => entry.state === 'failed'), 10_000, 'the cancelled item');
    expect(item.id).to.equal(sent.id);
    expect(item.lastError?.code).to.equal('ABORTED');
    expect(item.upload).to.deep.equal({ chunksDone: 2, chunks: 6 });
    expect(relay.blobChunks()).to.have.length(2);
    expect(relay.envelopes()).to.have.length(0);
    // Failed, so nothing resumes on its own.
    network.control.holdPutsAfter = Infinity;
    network.control.release();
    await ana.flushOutbox();
    expect(network.control.puts).to.have.length(2);
    expect(await ana.cancelUpload(sent.id)).to.equal(false);

    await ana.retryOutbox(sent.id);
    await waitFor(async () => (await ana.listOutbox()).length === 0, 10_000, 'delivery');
    expect(network.control.puts).to.have.length(6);
    expect(new Set(network.control.puts).size).to.equal(6);
    expect(relay.envelopes().filter((envelope) => envelope.id === sent.id)).to.have.length(1);
    await lee.sync();
    const message = (await lee.openMessage(sent.id)) as ReadableMessage;
    expect(await (await lee.openAttachment(sent.id, message.attachments[0]!.id)).text()).to.equal(await file.text());
  });

  it('cancels a message waiting for its next try, and never a message without files or one being handed to the backend', async () => {
    const relay = new MemoryRelay();
    const network = slowNetwork(relay.connect('ana'));
    const ana = await createUser(network.transport, 'ana', { outbox: slowRetry, attachmentChunkSize: CHUNK });
    await createUser(relay.connect('lee'), 'lee');

    // Files uploaded, the envelope on its way: too late to cancel.
    network.control.holdSends = true;
    network.hold();
    const late = await ana.send({ to: ['lee'], subject: 'Photo', body: 'Attached', attachments: [textFile('photo.txt', 'LATE-5b0e', 2 * CHUNK)] });
    await waitFor(async () => (await ana.listOutbox())[0]?.upload?.chunksDone === 2, 10_000, 'uploaded');
    expect(await ana.cancelUpload(late.id)).to.equal(false);
    network.control.holdSends = false;
    network.control.release();
    await waitFor(async () => (await ana.listOutbox()).length === 0, 10_000, 'delivery');
    expect(relay.envelopes().map((envelope) => envelope.id)).to.deep.equal([late.id]);

    // Offline: the message waits a minute for its next try; cancelling it needs no upload in flight.
    network.control.offline = true;
    const queued = await ana.send({ to: ['lee'], subject: 'Letter', body: 'Attached', attachments: [textFile('letter.txt', 'QUEUED-90aa', CHUNK)] });
    await waitFor(async () => (await ana.listOutbox()).find((entry) => entry.id === queued.id && entry.state === 'queued' && entry.attempts === 1), 10_000, 'queued');
    expect(await ana.cancelUpload(queued.id)).to.equal(true);
    const cancelled = (await ana.listOutbox()).find((entry) => entry.id === queued.id)!;
    expect(cancelled.state).to.equal('failed');
    expect(cancelled.lastError?.code).to.equal('ABORTED');
    network.control.offline = false;
    await ana.flushOutbox();
    expect(relay.envelopes().map((envelope) => envelope.id)).to.deep.equal([late.id]);
    expect(await ana.discardOutbox(queued.id)).to.equal(true);

    // No files: nothing to cancel.
    const plain = await ana.send({ to: ['lee'], subject: 'Thanks', body: 'Thank you' });
    expect(await ana.cancelUpload(plain.id)).to.equal(false);
    expect(await ana.cancelUpload(crypto.randomUUID())).to.equal(false);
  });
});
