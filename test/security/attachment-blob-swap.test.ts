import { expect } from '@open-wc/testing';
import { MemoryRelay, type ReadableMessage, type SealError } from '../../src/index.js';
import type { BlobRequestOptions } from '../../src/transport/transport.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';
import { textFile } from '../helpers/stored-records.js';

/** A server that answers a request for one blob with the chunks of another. */
class SwappingTransport extends FaultyTransport {
  readonly swaps = new Map<string, string>();

  override getBlobChunk(blobId: string, index: number, options?: BlobRequestOptions): Promise<Uint8Array> {
    return super.getBlobChunk(this.swaps.get(blobId) ?? blobId, index, options);
  }
}

describe('attack: the server returns another blob’s chunks for an attachment', () => {
  afterEach(cleanupClients);

  it('is rejected chunk by chunk, and no file is ever returned', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana', { attachmentChunkSize: 1024 });
    const hostile = new SwappingTransport(relay.connect('lee'));
    const lee = await createUser(hostile, 'lee');
    // Two files Ana genuinely sent Lee, of the same length: every chunk is validly signed by Ana.
    const sent = await ana.send({
      to: ['lee'],
      subject: 'Two letters',
      body: 'b',
      attachments: [textFile('first.txt', 'FIRST-1a', 3000), textFile('second.txt', 'SECOND-2b', 3000)],
    });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    await lee.sync();
    const [first, second] = ((await lee.openMessage(sent.id)) as ReadableMessage).attachments;
    hostile.swaps.set(first!.id, second!.id);

    let opened: Blob | null = null;
    let error: SealError | null = null;
    try {
      opened = await lee.openAttachment(sent.id, first!.id);
    } catch (caught) {
      error = caught as SealError;
    }
    expect(opened).to.equal(null);
    expect(error?.code).to.equal('ATTACHMENT_CHUNK_MISMATCH');
    expect(error?.details).to.include({ attachmentId: first!.id, chunk: 0 });

    const failure = await waitFor(async () => (await lee.auditEntries()).find((entry) => entry.kind === 'verification-failed'));
    expect(failure.data).to.include({ messageId: sent.id, attachmentId: first!.id, code: 'ATTACHMENT_CHUNK_MISMATCH' });
    expect((await lee.auditEntries()).some((entry) => entry.kind === 'attachment-opened')).to.equal(false);

    // Served honestly, the same file opens.
    hostile.swaps.clear();
    expect(await (await lee.openAttachment(sent.id, first!.id)).text()).to.contain('FIRST-1a');
  });
});
