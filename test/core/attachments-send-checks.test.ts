import { expect } from '@open-wc/testing';
import { createSealClient, MemoryRelay, type SealClient, type SealError, type SealTransport } from '../../src/index.js';
import { pngBytes, randomBytes } from '../helpers/attachments.js';
import { cleanupClients, createUser, rejectsWith, testDatabaseName } from '../helpers/clients.js';
import { storedRecords, textFile } from '../helpers/stored-records.js';

const refused = async (promise: Promise<unknown>, code: string) => (await rejectsWith(promise, code)) as unknown as SealError;

/** Nothing of a refused or cancelled send is left: no thread, no outbox entry, no chunk here or on the relay. */
async function expectNothingKept(client: SealClient, databaseName: string, relay: MemoryRelay): Promise<void> {
  expect((await client.listThreads()).items).to.have.length(0);
  expect(await client.listOutbox()).to.have.length(0);
  expect(await storedRecords(databaseName, 'blobChunks')).to.have.length(0);
  expect(relay.blobChunks()).to.have.length(0);
  expect(relay.envelopes()).to.have.length(0);
}

describe('attachments: checks before sending, and cancelling', () => {
  let relay: MemoryRelay;
  afterEach(cleanupClients);
  beforeEach(() => {
    relay = new MemoryRelay();
  });

  it('refuses files over the limits with typed errors before looking up recipients or encrypting', async () => {
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName, attachmentLimits: { maxFilesPerMessage: 2, maxFileBytes: 5000 } });
    // "nobody" has no key: a check made after the recipient lookup would fail with NO_KEY_FOR_RECIPIENT instead.
    const send = (attachments: unknown) => ana.send({ to: ['nobody'], subject: 's', body: 'b', attachments: attachments as File[] });

    const tooMany = await refused(send([1, 2, 3].map((n) => textFile(`${n}.txt`, 'x', 10))), 'TOO_LARGE');
    expect(tooMany.details).to.include({ files: 3, limit: 2 });
    const tooBig = await refused(send([textFile('ok.txt', 'x', 10), textFile('big.txt', 'x', 5001)]), 'TOO_LARGE');
    expect(tooBig.details).to.include({ attachment: 1, size: 5001, limit: 5000 });
    const html = new File(['<!doctype html><script>alert(1)</script>'], 'letter.pdf', { type: 'application/pdf' });
    const type = await refused(send([html]), 'ATTACHMENT_TYPE');
    expect(type.details).to.include({ attachment: 0, type: 'text/html' });
    await refused(send([new Blob(['no name'])]), 'INVALID_INPUT');
    await refused(send([new File([], 'empty.txt')]), 'INVALID_INPUT');
    await refused(send(['not a file']), 'INVALID_INPUT');
    await refused(send(textFile('one.txt', 'x', 10)), 'INVALID_INPUT');
    // A Blob given a name is accepted; without a key for "nobody" the send then stops at the lookup.
    await refused(send([Object.assign(new Blob(['named blob']), { name: 'named.txt' })]), 'NO_KEY_FOR_RECIPIENT');
    await expectNothingKept(ana, databaseName, relay);
  });

  it('applies the default limits: five files, 25 MiB, documents and pictures only', async () => {
    const ana = await createUser(relay.connect('ana'), 'ana');
    const send = (attachments: File[]) => ana.send({ to: ['nobody'], subject: 's', body: 'b', attachments });
    expect((await refused(send([1, 2, 3, 4, 5, 6].map((n) => textFile(`${n}.txt`, 'x', 10))), 'TOO_LARGE')).details).to.include({ limit: 5 });
    expect((await refused(send([new File([pngBytes(25 * 1024 * 1024 + 1)], 'huge.png')]), 'TOO_LARGE')).details).to.include({ limit: 25 * 1024 * 1024 });
    expect((await refused(send([new File([randomBytes(100)], 'data.bin')]), 'ATTACHMENT_TYPE')).details).to.include({ type: 'application/octet-stream' });
  });

  it('rejects malformed attachment options when the client is created', async () => {
    const base = { transport: relay.connect('ana'), userId: 'ana', databaseName: testDatabaseName('ana'), keyProtection: 'iterated' as const };
    for (const options of [
      { attachmentLimits: { maxFileBytes: -1 } },
      { attachmentLimits: { maxFilesPerMessage: 21 } },
      { attachmentLimits: { allowedTypes: 'image/png' as unknown as string[] } },
      { attachmentLimits: { maxSize: 10 } as never },
      { attachmentChunkSize: 0 },
      { attachmentChunkSize: 5 * 1024 * 1024 },
    ]) {
      const error = await rejectsWith(createSealClient({ ...base, ...options }), 'INVALID_INPUT');
      expect(error.message).to.match(/attachment/);
    }
  });

  it('refuses attachments with ATTACHMENTS_UNSUPPORTED when the transport has no blob methods, and still sends text', async () => {
    const full = relay.connect('ana');
    const textOnly: SealTransport = {
      publishKey: (key) => full.publishKey(key),
      lookupKey: (userId) => full.lookupKey(userId),
      send: (envelope) => full.send(envelope),
      fetch: (options) => full.fetch(options),
    };
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(textOnly, 'ana', { databaseName });
    await createUser(relay.connect('lee'), 'lee');
    const error = await rejectsWith(ana.send({ to: ['nobody'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 10)] }), 'ATTACHMENTS_UNSUPPORTED');
    expect(error.message).to.contain('attachments');
    await expectNothingKept(ana, databaseName, relay);
    await ana.send({ to: ['lee'], subject: 's', body: 'text only' });
  });

  it('refuses a message whose signed list of file parts is too large for recipients to open, keeping nothing', async () => {
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName, attachmentChunkSize: 16, limits: { maxCiphertextBytes: 8 * 1024 } });
    await createUser(relay.connect('lee'), 'lee');
    // 200 chunks: each adds its size and SHA-256 to the signed manifest.
    const error = await refused(ana.send({ to: ['lee'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 200 * 16)] }), 'TOO_LARGE');
    expect(error.details).to.include({ limit: 8 * 1024 });
    await expectNothingKept(ana, databaseName, relay);
  });

  it('cancels before or while encrypting, keeping nothing', async () => {
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName, attachmentChunkSize: 1024 });
    await createUser(relay.connect('lee'), 'lee');

    const before = new AbortController();
    before.abort();
    await rejectsWith(ana.send({ to: ['lee'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 5000)], signal: before.signal }), 'ABORTED');
    await expectNothingKept(ana, databaseName, relay);

    const during = new AbortController();
    let steps = 0;
    const sending = ana.send({
      to: ['lee'],
      subject: 's',
      body: 'b',
      attachments: [textFile('a.txt', 'x', 3000), textFile('b.txt', 'y', 200 * 1024)],
      signal: during.signal,
      onProgress: (step) => {
        steps += 1;
        // Part-way through the second file, with the whole first file already stored.
        if (step.phase === 'encrypting' && step.total > 3 && step.done === 2) during.abort();
      },
    });
    await rejectsWith(sending, 'ABORTED');
    expect(steps).to.be.greaterThan(3);
    await expectNothingKept(ana, databaseName, relay);
  });
});
