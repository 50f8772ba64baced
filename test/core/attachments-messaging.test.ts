import { expect } from '@open-wc/testing';
import { MemoryRelay, type AttachmentDownloadProgress, type ReadableMessage, type SealClient, type SendProgress } from '../../src/index.js';
import { bytesOf, pngBytes, sha256Hex } from '../helpers/attachments.js';
import { cleanupClients, createUser, rejectsWith, testDatabaseName, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';
import { storedRecords, textFile } from '../helpers/stored-records.js';

const CHUNK = 1024;

async function delivered(client: SealClient): Promise<void> {
  await waitFor(async () => (await client.listOutbox()).length === 0, 10_000, 'outbox to drain');
}

function readable(message: unknown): ReadableMessage {
  expect((message as ReadableMessage).status, JSON.stringify(message)).to.not.equal('invalid');
  return message as ReadableMessage;
}

describe('attachments between two users', () => {
  let relay: MemoryRelay;
  let ana: SealClient;
  let lee: SealClient;
  let anaDatabase: string;

  beforeEach(async () => {
    relay = new MemoryRelay();
    anaDatabase = testDatabaseName('ana');
    ana = await createUser(relay.connect('ana'), 'ana', { databaseName: anaDatabase, attachmentChunkSize: CHUNK });
    lee = await createUser(relay.connect('dr-lee'), 'dr-lee', { attachmentChunkSize: CHUNK });
  });
  afterEach(cleanupClients);

  it('delivers several files that the recipient opens byte-exact and verified', async () => {
    const labs = textFile('labs.txt', 'LAB-7c1e', 3 * CHUNK + 100);
    const scan = new File([pngBytes(2 * CHUNK + 7)], 'knee scan.png');
    const progress: SendProgress[] = [];
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Results', body: 'Two files', attachments: [labs, scan], onProgress: (step) => progress.push(step) });
    await delivered(ana);

    // The relay holds ciphertext chunks only, one upload per chunk.
    const stored = relay.blobChunks();
    expect(stored).to.have.length(4 + 3);
    for (const chunk of stored) expect(new TextDecoder('latin1').decode(chunk.bytes)).to.not.contain('LAB-7c1e');
    expect(relay.envelopes()[0]!.blobIds).to.have.length(2);

    await lee.sync();
    const message = readable(await lee.openMessage(sent.id));
    expect(message.attachments.map(({ name, type, size, downloadName }) => ({ name, type, size, downloadName }))).to.deep.equal([
      { name: 'labs.txt', type: 'text/plain', size: labs.size, downloadName: 'labs.txt' },
      { name: 'knee scan.png', type: 'image/png', size: scan.size, downloadName: 'knee scan.png' },
    ]);
    expect(message.attachments.every((file) => !file.neverInline && !file.doubleExtension && !file.hiddenCharacters)).to.equal(true);

    const downloads: AttachmentDownloadProgress[] = [];
    const [labsInfo, scanInfo] = message.attachments;
    const openedLabs = await lee.openAttachment(sent.id, labsInfo!.id, { onProgress: (step) => downloads.push(step) });
    expect(openedLabs.type).to.equal('text/plain');
    expect(await openedLabs.text()).to.equal(await labs.text());
    expect(downloads.map((step) => step.done)).to.deep.equal([1, 2, 3, 4]);
    expect(downloads.every((step) => step.phase === 'downloading' && step.total === 4 && step.attachmentId === labsInfo!.id)).to.equal(true);
    const openedScan = await lee.openAttachment(sent.id, scanInfo!.id);
    expect(openedScan.type).to.equal('image/png');
    expect(await sha256Hex(await bytesOf(openedScan))).to.equal(await sha256Hex(await bytesOf(scan)));

    // Progress: each file encrypted chunk by chunk, in the order given, then uploaded.
    const encrypting = progress.filter((step) => step.phase === 'encrypting');
    expect(encrypting.map((step) => `${step.done}/${step.total}`)).to.deep.equal(['1/4', '2/4', '3/4', '4/4', '1/3', '2/3', '3/3']);
    expect(encrypting[0]!.attachmentId).to.equal(labsInfo!.id);
    expect(encrypting[4]!.attachmentId).to.equal(scanInfo!.id);
    const uploading = progress.filter((step) => step.phase === 'uploading');
    expect(uploading.filter((step) => step.attachmentId === scanInfo!.id).map((step) => step.done)).to.deep.equal([1, 2, 3]);
  });

  it('lets the sender open their own file before and after delivery, and drops the local copy once delivered', async () => {
    const file = textFile('note.txt', 'OWN-4b2a', 2 * CHUNK + 1);
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Mine', body: 'See file', attachments: [file] });
    const own = readable(await ana.openMessage(sent.id));
    expect(own.attachments).to.have.length(1);
    expect(await (await ana.openAttachment(sent.id, own.attachments[0]!.id)).text()).to.equal(await file.text());

    await delivered(ana);
    expect(await storedRecords(anaDatabase, 'blobChunks')).to.have.length(0);
    expect(await (await ana.openAttachment(sent.id, own.attachments[0]!.id)).text()).to.equal(await file.text());
  });

  it('shows upload progress on outbox items and keeps messages without files as before', async () => {
    const plain = await ana.send({ to: ['dr-lee'], subject: 'No files', body: 'Just text' });
    await delivered(ana);
    expect(relay.envelopes()[0]).to.not.have.property('blobIds');
    await lee.sync();
    expect(readable(await lee.openMessage(plain.id)).attachments).to.deep.equal([]);

    const seen: { chunksDone: number; chunks: number }[] = [];
    ana.addEventListener('outbox-change', (event) => {
      for (const item of event.items) if (item.upload) seen.push(item.upload);
    });
    await ana.send({ to: ['dr-lee'], subject: 'File', body: 'b', attachments: [textFile('a.txt', 'x', 3 * CHUNK)] });
    await delivered(ana);
    expect(seen.some((upload) => upload.chunks === 3 && upload.chunksDone === 3)).to.equal(true);
    expect(seen.some((upload) => upload.chunksDone === 0)).to.equal(true);
  });

  it('records attachment-sent and attachment-opened with ids only', async () => {
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Audit', body: 'b', attachments: [textFile('secret-name.txt', 'AUD-9f3c')] });
    await delivered(ana);
    await lee.sync();
    const [info] = readable(await lee.openMessage(sent.id)).attachments;
    await lee.openAttachment(sent.id, info!.id);

    const sentEntry = await waitFor(async () => (await ana.auditEntries()).find((entry) => entry.kind === 'attachment-sent'));
    expect(sentEntry.data).to.deep.include({ messageId: sent.id, attachmentId: info!.id });
    const openedEntry = await waitFor(async () => (await lee.auditEntries()).find((entry) => entry.kind === 'attachment-opened'));
    expect(openedEntry.data).to.deep.equal({ messageId: sent.id, attachmentId: info!.id });
    const everything = JSON.stringify([...(await ana.auditEntries()), ...(await lee.auditEntries())]);
    expect(everything).to.not.contain('secret-name');
    expect(everything).to.not.contain('AUD-9f3c');
  });

  it('cancels opening a file with its signal, returning no file', async () => {
    const sent = await ana.send({ to: ['dr-lee'], subject: 'Long', body: 'b', attachments: [textFile('long.txt', 'x', 30 * CHUNK)] });
    await delivered(ana);
    await lee.sync();
    const [info] = readable(await lee.openMessage(sent.id)).attachments;
    const controller = new AbortController();
    const onProgress = (step: AttachmentDownloadProgress) => {
      if (step.done === 2) controller.abort();
    };
    await rejectsWith(lee.openAttachment(sent.id, info!.id, { signal: controller.signal, onProgress }), 'ABORTED');
    await rejectsWith(lee.openAttachment(sent.id, info!.id, { signal: controller.signal }), 'ABORTED');
    expect((await lee.auditEntries()).some((entry) => entry.kind === 'attachment-opened')).to.equal(false);
    expect((await lee.openAttachment(sent.id, info!.id)).size).to.equal(30 * CHUNK);
  });

  it('refuses an attachment id the message does not list, and a file the reader’s limits exclude, before downloading', async () => {
    const strictTransport = new FaultyTransport(relay.connect('nurse-kim'));
    const strict = await createUser(strictTransport, 'nurse-kim', { attachmentLimits: { maxFileBytes: 1000 } });
    const sent = await ana.send({ to: ['dr-lee', 'nurse-kim'], subject: 'Big', body: 'b', attachments: [textFile('big.txt', 'x', 3000)] });
    await delivered(ana);
    await Promise.all([lee.sync(), strict.sync()]);
    await rejectsWith(lee.openAttachment(sent.id, crypto.randomUUID()), 'NOT_FOUND');

    const [info] = readable(await strict.openMessage(sent.id)).attachments;
    // Offline: a download attempt would fail with TRANSPORT, so TOO_LARGE shows none was made.
    strictTransport.offline = true;
    await rejectsWith(strict.openAttachment(sent.id, info!.id), 'TOO_LARGE');
    strictTransport.offline = false;
    expect(await (await lee.openAttachment(sent.id, info!.id)).text()).to.have.length(3000);
  });
});
