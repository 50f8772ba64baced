import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage, type ReadableMessage } from '../../src/index.js';
import type { DeliveredEnvelope, EnvelopePage, FetchOptions } from '../../src/transport/transport.js';
import { cleanupClients, createUser, rejectsWith, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';
import { textFile } from '../helpers/stored-records.js';

/** A server that rewrites the routing `blobIds` of the envelopes it hands out. */
class BlobIdRewriter extends FaultyTransport {
  readonly rewrites = new Map<string, (blobIds: readonly string[]) => readonly string[]>();

  override async fetch(options: FetchOptions): Promise<EnvelopePage> {
    const page = await super.fetch(options);
    const envelopes = page.envelopes.map((envelope): DeliveredEnvelope => {
      const rewrite = this.rewrites.get(envelope.id);
      if (!rewrite) return envelope;
      const { blobIds, ...rest } = envelope;
      const changed = rewrite(blobIds ?? []);
      return changed.length > 0 ? { ...rest, blobIds: changed } : rest;
    });
    return { ...page, envelopes };
  }
}

describe('attack: the server strips or adds blob ids in an envelope’s routing data', () => {
  afterEach(cleanupClients);

  it('makes the message invalid (ROUTING_MISMATCH on blobIds), withholding its content and its files', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const hostile = new BlobIdRewriter(relay.connect('lee'));
    const lee = await createUser(hostile, 'lee');
    const send = (subject: string, files: File[]) => ana.send({ to: ['lee'], subject, body: `Body of ${subject}`, attachments: files });

    const stripped = await send('stripped', [textFile('result.txt', 'x', 100)]);
    const added = await send('added', [textFile('result.txt', 'y', 100)]);
    const addedToPlain = await send('plain', []);
    const replaced = await send('replaced', [textFile('result.txt', 'z', 100)]);
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    // Another blob Ana uploaded, which the server would like Lee's client to fetch in its place or as well.
    const other = await send('other', [textFile('other.txt', 'w', 100)]);
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    const otherBlob = relay.envelopes().find((envelope) => envelope.id === other.id)!.blobIds![0]!;

    hostile.rewrites.set(stripped.id, () => []);
    hostile.rewrites.set(added.id, (ids) => [...ids, otherBlob]);
    hostile.rewrites.set(addedToPlain.id, () => [otherBlob]);
    hostile.rewrites.set(replaced.id, () => [otherBlob]);
    await lee.sync();

    for (const sent of [stripped, added, addedToPlain, replaced]) {
      const opened = (await lee.openMessage(sent.id)) as InvalidMessage;
      expect(opened.status).to.equal('invalid');
      expect(opened.error.code).to.equal('ROUTING_MISMATCH');
      expect(opened.error.details.field).to.equal('blobIds');
      expect(JSON.stringify(opened)).to.not.contain('Body of');
      expect(opened).to.not.have.property('attachments');
      await rejectsWith(lee.openAttachment(sent.id, otherBlob), 'ROUTING_MISMATCH');
    }

    // Untouched, the other message opens with its file.
    const genuine = (await lee.openMessage(other.id)) as ReadableMessage;
    expect(genuine.attachments.map((file) => file.id)).to.deep.equal([otherBlob]);
  });
});
