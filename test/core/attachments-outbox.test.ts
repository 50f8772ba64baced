import { expect } from '@open-wc/testing';
import { MemoryRelay, type ReadableMessage } from '../../src/index.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';
import { storedRecords, textFile } from '../helpers/stored-records.js';

const CHUNK = 1024;
const fastRetry = { baseDelayMs: 20, maxDelayMs: 100 };
const slowRetry = { baseDelayMs: 60_000, maxDelayMs: 60_000 };

/** How many times each chunk reached the backend. */
function uploadsPerChunk(...transports: FaultyTransport[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of transports.flatMap((transport) => transport.uploadedChunks)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

describe('attachments in the durable outbox', () => {
  afterEach(cleanupClients);

  it('resumes an interrupted upload after a reload without sending a stored chunk again, and delivers the envelope once', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const first = new FaultyTransport(relay.connect('ana'));
    const before = await createUser(first, 'ana', { databaseName, outbox: slowRetry, attachmentChunkSize: CHUNK });
    const lee = await createUser(relay.connect('lee'), 'lee');
    const file = textFile('discharge.txt', 'RESUME-2d8e', 6 * CHUNK - 10);
    // The connection drops after three chunks.
    first.putsBeforeOutage = 3;

    const sent = await before.send({ to: ['lee'], subject: 'Discharge letter', body: 'Attached', attachments: [file] });
    const queued = await waitFor(async () => (await before.listOutbox()).find((item) => item.attempts === 1 && item.state === 'queued'));
    expect(queued).to.include({ id: sent.id, state: 'queued' });
    expect(queued.upload).to.deep.equal({ chunksDone: 3, chunks: 6 });
    expect(queued.lastError?.code).to.equal('TRANSPORT');
    expect(relay.blobChunks()).to.have.length(3);
    expect(first.sendAttempts).to.deep.equal([]);
    before.close();

    // The page reloads: a new client on the same database, with a working connection.
    const second = new FaultyTransport(relay.connect('ana'));
    const after = await openClient(second, 'ana', { databaseName, outbox: fastRetry, attachmentChunkSize: CHUNK });
    await waitFor(async () => (await after.listOutbox()).length === 0, 10_000, 'delivery after reload');

    const counts = uploadsPerChunk(first, second);
    expect(counts.size).to.equal(6);
    expect([...counts.values()]).to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect(first.uploadedChunks).to.have.length(3);
    expect(second.uploadedChunks).to.have.length(3);
    expect([...first.sendAttempts, ...second.sendAttempts]).to.deep.equal([sent.id]);
    expect(relay.envelopes().filter((envelope) => envelope.id === sent.id)).to.have.length(1);
    expect(await storedRecords(databaseName, 'blobChunks')).to.have.length(0);

    await lee.sync();
    const message = (await lee.openMessage(sent.id)) as ReadableMessage;
    expect(message.status).to.equal('signer-unverified');
    expect(await (await lee.openAttachment(sent.id, message.attachments[0]!.id)).text()).to.equal(await file.text());
    await after.unlock(PASSPHRASE);
    const own = (await after.openMessage(sent.id)) as ReadableMessage;
    expect(await (await after.openAttachment(sent.id, own.attachments[0]!.id)).text()).to.equal(await file.text());
  });

  it('retries failed chunk uploads with backoff in the same session, each chunk stored once', async () => {
    const relay = new MemoryRelay();
    const flaky = new FaultyTransport(relay.connect('ana'));
    const ana = await createUser(flaky, 'ana', { outbox: fastRetry, attachmentChunkSize: CHUNK });
    await createUser(relay.connect('lee'), 'lee');
    flaky.failNextPuts = 3;

    const sent = await ana.send({ to: ['lee'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 4 * CHUNK), textFile('b.txt', 'y', CHUNK)] });
    await waitFor(async () => (await ana.listOutbox()).length === 0, 10_000, 'delivery');
    expect([...uploadsPerChunk(flaky).values()]).to.deep.equal([1, 1, 1, 1, 1]);
    expect(flaky.sendAttempts).to.deep.equal([sent.id]);
    expect(relay.envelopes()[0]!.blobIds).to.have.length(2);
  });

  it('keeps an undelivered message with its chunks through a reload while offline, and discarding it removes them', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const flaky = new FaultyTransport(relay.connect('ana'));
    const ana = await createUser(flaky, 'ana', { databaseName, outbox: slowRetry, attachmentChunkSize: CHUNK });
    await createUser(relay.connect('lee'), 'lee');
    await ana.refreshContact('lee');
    flaky.offline = true;

    const sent = await ana.send({ to: ['lee'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 3 * CHUNK)] });
    await waitFor(async () => (await ana.listOutbox())[0]?.attempts === 1);
    expect(await storedRecords(databaseName, 'blobChunks')).to.have.length(3);
    expect((await ana.listOutbox())[0]!.upload).to.deep.equal({ chunksDone: 0, chunks: 3 });

    expect(await ana.discardOutbox(sent.id)).to.equal(true);
    expect(await storedRecords(databaseName, 'blobChunks')).to.have.length(0);
    expect(relay.envelopes()).to.have.length(0);
  });

  it('fails an item for good when the backend refuses a chunk', async () => {
    const relay = new MemoryRelay({ maxBlobBytes: 2 * CHUNK });
    const ana = await createUser(relay.connect('ana'), 'ana', { outbox: fastRetry, attachmentChunkSize: CHUNK });
    await createUser(relay.connect('lee'), 'lee');
    await ana.send({ to: ['lee'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 4 * CHUNK)] });
    const failed = await waitFor(async () => (await ana.listOutbox()).find((item) => item.state === 'failed'));
    expect(failed.lastError).to.include({ code: 'TRANSPORT', retryable: false });
    expect(relay.envelopes()).to.have.length(0);
  });
});
