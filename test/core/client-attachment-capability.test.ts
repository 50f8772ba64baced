import { expect } from '@open-wc/testing';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../src/core/attachments/limits.js';
import { MemoryRelay, type SealTransport } from '../../src/index.js';
import { textOnly } from '../../stories/support/text-only-transport.js';
import { cleanupClients, createUser, openClient, rejectsWith } from '../helpers/clients.js';
import { textFile } from '../helpers/stored-records.js';

describe('SealClient: attachmentLimits and canAttach', () => {
  let relay: MemoryRelay;
  beforeEach(() => {
    relay = new MemoryRelay();
  });
  afterEach(cleanupClients);

  it('reports the default limits, frozen, and can attach over a transport with blob methods', async () => {
    const ana = await openClient(relay.connect('ana'), 'ana');
    expect(ana.attachmentLimits).to.deep.equal(DEFAULT_ATTACHMENT_LIMITS);
    expect(Object.isFrozen(ana.attachmentLimits)).to.equal(true);
    expect(Object.isFrozen(ana.attachmentLimits.allowedTypes)).to.equal(true);
    expect(ana.canAttach).to.equal(true);
  });

  it('reports the configured limits over the defaults; changing them is not possible', async () => {
    const allowedTypes = ['application/pdf'];
    const ana = await openClient(relay.connect('ana'), 'ana', { attachmentLimits: { maxFilesPerMessage: 2, maxFileBytes: 5000, allowedTypes } });
    expect(ana.attachmentLimits).to.deep.equal({ maxFilesPerMessage: 2, maxFileBytes: 5000, allowedTypes: ['application/pdf'] });
    // A copy: the caller's array stays theirs.
    allowedTypes.push('image/png');
    expect(ana.attachmentLimits.allowedTypes).to.deep.equal(['application/pdf']);
    expect(() => ((ana.attachmentLimits as { maxFilesPerMessage: number }).maxFilesPerMessage = 50)).to.throw(TypeError);
    expect(ana.attachmentLimits.maxFilesPerMessage).to.equal(2);
    expect(() => ((ana as unknown as { attachmentLimits: unknown }).attachmentLimits = DEFAULT_ATTACHMENT_LIMITS)).to.throw(TypeError);
    expect(ana.canAttach).to.equal(true);
  });

  it('cannot attach over a transport without the blob methods, or missing any one of them', async () => {
    const full = relay.connect('ana');
    const ana = await createUser(textOnly(full), 'ana');
    await createUser(relay.connect('lee'), 'lee');
    expect(ana.canAttach).to.equal(false);
    // The limits are still what was configured.
    expect(ana.attachmentLimits).to.deep.equal(DEFAULT_ATTACHMENT_LIMITS);
    await rejectsWith(ana.send({ to: ['lee'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 10)] }), 'ATTACHMENTS_UNSUPPORTED');

    for (const missing of ['putBlobChunk', 'listBlobChunks', 'getBlobChunk'] as const) {
      const transport: SealTransport = {
        ...textOnly(full),
        putBlobChunk: (chunk, options) => full.putBlobChunk(chunk, options),
        listBlobChunks: (blobId, options) => full.listBlobChunks(blobId, options),
        getBlobChunk: (blobId, index, options) => full.getBlobChunk(blobId, index, options),
      };
      delete transport[missing];
      const client = await openClient(transport, `ana-${missing}`);
      expect(client.canAttach, `without ${missing}`).to.equal(false);
    }
  });

  it('cannot attach when the limits allow no file per message', async () => {
    const ana = await createUser(relay.connect('ana'), 'ana', { attachmentLimits: { maxFilesPerMessage: 0 } });
    await createUser(relay.connect('lee'), 'lee');
    expect(ana.canAttach).to.equal(false);
    expect(ana.attachmentLimits.maxFilesPerMessage).to.equal(0);
    const error = await rejectsWith(ana.send({ to: ['lee'], subject: 's', body: 'b', attachments: [textFile('a.txt', 'x', 10)] }), 'TOO_LARGE');
    expect((error as unknown as { details: Record<string, unknown> }).details).to.include({ files: 1, limit: 0 });
    await ana.send({ to: ['lee'], subject: 's', body: 'text only' });
  });
});
