import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import { SealError } from '../../src/core/errors.js';
import { BroadcastChannelTransport } from '../../src/transport/index.js';
import type { OutgoingEnvelope } from '../../src/transport/transport.js';
import { blobChunk, makeEnvelope, nextDelivery, transportContract, type Harness } from './contract.js';

const databaseName = (channel: string) => `sealbox-relay:${channel}`;

/** Reads a store of the shared mailbox directly, the way a test inspects what a server holds. */
async function readStore<T>(channel: string, store: string): Promise<T[]> {
  const name = databaseName(channel);
  // Opening a database that does not exist would create an empty one without the relay's stores.
  if (!(await indexedDB.databases()).some((database) => database.name === name)) return [];
  const db = await openDB(name);
  try {
    return (await db.getAll(store)) as T[];
  } finally {
    db.close();
  }
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

interface BroadcastHarness extends Harness {
  readonly channel: string;
  connect(userId: string, profile?: { displayName?: string; role?: string }): BroadcastChannelTransport;
}

/** A fresh channel (so a fresh mailbox) per test; everything opened is closed and deleted after. */
async function createHarness(): Promise<BroadcastHarness> {
  const channel = `test-${crypto.randomUUID()}`;
  const opened: BroadcastChannelTransport[] = [];
  return {
    channel,
    connect(userId, profile) {
      const transport = new BroadcastChannelTransport({ userId, channel, ...profile });
      opened.push(transport);
      return transport;
    },
    stored: () => readStore<OutgoingEnvelope>(channel, 'envelopes'),
    records: (kind) => readStore(channel, kind),
    async dispose() {
      opened.forEach((transport) => transport.close());
      await deleteDatabase(databaseName(channel));
    },
  };
}

/** Resolves with the next message of `type` posted by `frame`. */
function fromFrame<T extends { type: string }>(frame: () => HTMLIFrameElement, type: string, filter: (data: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent<T>) => {
      if (event.source !== frame().contentWindow || event.data?.type !== type || !filter(event.data)) return;
      window.removeEventListener('message', listener);
      resolve(event.data);
    };
    window.addEventListener('message', listener);
  });
}

describe('BroadcastChannelTransport', () => {
  transportContract(createHarness);

  describe('across instances and browsing contexts', () => {
    let h: BroadcastHarness;
    beforeEach(async () => {
      h = await createHarness();
    });
    afterEach(() => h.dispose());

    it('lets two instances in one page exchange envelopes, with subscriptions firing on both sides', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const question = makeEnvelope('ana', ['lee']);
      const leeGot = nextDelivery(lee);
      await ana.send(question);
      expect(await leeGot).to.deep.include(question);

      const answer = makeEnvelope('lee', ['ana'], { threadId: question.threadId });
      const anaGot = nextDelivery(ana);
      await lee.send(answer);
      expect(await anaGot).to.deep.include(answer);
      expect((await ana.fetch({ after: null, limit: 10 })).envelopes.map((envelope) => envelope.id)).to.deep.equal([question.id, answer.id]);
    });

    describe('with a peer in an iframe', () => {
      let frame: HTMLIFrameElement;
      afterEach(() => frame?.remove());

      it('receives what the peer sends and delivers to it, with no server', async () => {
        const ready = fromFrame(() => frame, 'ready');
        frame = document.createElement('iframe');
        frame.src = `/test/transport/fixtures/bc-peer.html?channel=${h.channel}&user=lee`;
        document.body.append(frame);
        await ready;

        const ana = h.connect('ana');
        expect(await ana.searchDirectory('lee')).to.deep.equal([{ userId: 'lee', displayName: 'Peer' }]);

        const fromPeer = makeEnvelope('lee', ['ana']);
        const anaGot = nextDelivery(ana);
        const sent = fromFrame(() => frame, 'sent');
        frame.contentWindow!.postMessage({ type: 'send', envelope: fromPeer }, '*');
        await sent;
        expect(await anaGot).to.deep.include(fromPeer);
        expect((await ana.fetch({ after: null, limit: 10 })).envelopes[0]).to.deep.include(fromPeer);

        const toPeer = makeEnvelope('ana', ['lee'], { threadId: fromPeer.threadId });
        const peerGot = fromFrame<{ type: string; id: string; from: string }>(() => frame, 'received', (data) => data.id === toPeer.id);
        await ana.send(toPeer);
        expect(await peerGot).to.include({ id: toPeer.id, from: 'ana' });
      });

      it('lets the peer read the chunks of a blob listed by an envelope it received', async () => {
        const ready = fromFrame(() => frame, 'ready');
        frame = document.createElement('iframe');
        frame.src = `/test/transport/fixtures/bc-peer.html?channel=${h.channel}&user=lee`;
        document.body.append(frame);
        await ready;

        const ana = h.connect('ana');
        const blobId = crypto.randomUUID();
        const chunks = [await blobChunk(blobId, 0, 2, 70_000, 3), await blobChunk(blobId, 1, 2, 5, 4)];
        for (const chunk of chunks) await ana.putBlobChunk(chunk);
        const read = (index: number) => {
          const answer = fromFrame<{ type: string; index: number; bytes?: Uint8Array; message?: string }>(() => frame, 'chunk', (data) => data.index === index);
          frame.contentWindow!.postMessage({ type: 'read-chunk', blobId, index }, '*');
          return answer;
        };
        expect((await read(0)).message).to.match(/not listed/);
        await ana.send(makeEnvelope('ana', ['lee'], { blobIds: [blobId] }));
        for (const chunk of chunks) expect((await read(chunk.index)).bytes).to.deep.equal(chunk.bytes);
      });
    });

    it('keeps envelopes sent while the recipient had no instance open', async () => {
      const ana = h.connect('ana');
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      ana.close();

      const lee = h.connect('lee');
      const page = await lee.fetch({ after: null, limit: 10 });
      expect(page.envelopes).to.have.length(1);
      expect(page.envelopes[0]).to.deep.include(envelope);
    });

    it('stores an envelope once when two instances of the sender send it at the same time', async () => {
      const envelope = makeEnvelope('ana', ['lee']);
      await Promise.all([h.connect('ana').send(envelope), h.connect('ana').send(envelope)]);
      expect((await h.stored()).map((stored) => stored.id)).to.deep.equal([envelope.id]);
    });

    it('keeps in IndexedDB only what a server would hold', async () => {
      const ana = h.connect('ana', { displayName: 'Ana Ruiz' });
      await ana.publishKey({ userId: 'ana', armoredKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nkey\n-----END PGP PUBLIC KEY BLOCK-----\n' });
      await ana.send({ ...makeEnvelope('ana', ['lee']), note: 'not part of the contract' } as OutgoingEnvelope);
      const [stored] = await h.stored();
      expect(Object.keys(stored).sort()).to.deep.equal(['ciphertext', 'createdAt', 'from', 'id', 'size', 'threadId', 'to']);
      const [key] = await readStore<object>(h.channel, 'keys');
      expect(Object.keys(key).sort()).to.deep.equal(['armoredKey', 'userId']);
    });

    it('keeps in IndexedDB exactly the uploaded chunk bytes, their digests and who uploaded them', async () => {
      const ana = h.connect('ana');
      const blobId = crypto.randomUUID();
      const chunk = await blobChunk(blobId, 0, 1, 32, 5);
      await ana.putBlobChunk(chunk);
      await ana.putBlobChunk(chunk);
      expect(await readStore(h.channel, 'blobChunks')).to.deep.equal([{ blobId, index: 0, sha256: chunk.sha256, bytes: chunk.bytes }]);
      expect(await readStore(h.channel, 'blobs')).to.deep.equal([{ blobId, uploader: 'ana', count: 1, storedChunks: 1, bytes: 32 }]);
    });

    it('opens a mailbox made before attachments, keeping its envelopes, and adds blobs to it', async () => {
      const old = await openDB(databaseName(h.channel), 1, {
        upgrade(database) {
          database.createObjectStore('envelopes', { autoIncrement: true }).createIndex('by-id', 'id', { unique: true });
          for (const [store, keyPath] of [['keys', 'userId'], ['directory', 'userId'], ['consent', 'id'], ['audit', 'id']]) {
            database.createObjectStore(store, { keyPath });
          }
        },
      });
      const before = makeEnvelope('ana', ['lee']);
      await old.add('envelopes', before);
      old.close();
      const [ana, lee] = [h.connect('ana'), h.connect('lee')];
      const blobId = crypto.randomUUID();
      const chunk = await blobChunk(blobId, 0, 1);
      await ana.putBlobChunk(chunk);
      const after = makeEnvelope('ana', ['lee'], { blobIds: [blobId] });
      await ana.send(after);
      const { envelopes } = await lee.fetch({ after: null, limit: 10 });
      expect(envelopes.map((envelope) => envelope.id)).to.deep.equal([before.id, after.id]);
      expect(await lee.getBlobChunk(blobId, 0)).to.deep.equal(chunk.bytes);
    });

    it('stores a chunk once when two instances of the uploader send it at the same time, and refuses other bytes', async () => {
      const blobId = crypto.randomUUID();
      const chunk = await blobChunk(blobId, 0, 1);
      await Promise.all([h.connect('ana').putBlobChunk(chunk), h.connect('ana').putBlobChunk(chunk)]);
      const other = await blobChunk(blobId, 0, 1, 16, 99);
      const results = await Promise.allSettled([h.connect('ana').putBlobChunk(other), h.connect('ana').putBlobChunk(other)]);
      expect(results.map((result) => result.status)).to.deep.equal(['rejected', 'rejected']);
      expect(await readStore(h.channel, 'blobChunks')).to.have.length(1);
      expect(await h.connect('lee').listBlobChunks(blobId)).to.deep.equal([]);
    });

    it('keeps channels apart', async () => {
      const other = await createHarness();
      try {
        const stranger = other.connect('lee');
        const received: string[] = [];
        stranger.subscribe((envelope) => received.push(envelope.id));
        const lee = h.connect('lee');
        const leeGot = nextDelivery(lee);
        await h.connect('ana').send(makeEnvelope('ana', ['lee']));
        await leeGot;
        expect((await stranger.fetch({ after: null, limit: 10 })).envelopes).to.deep.equal([]);
        expect(received).to.deep.equal([]);
      } finally {
        await other.dispose();
      }
    });

    it('ignores malformed notifications on the channel', async () => {
      const lee = h.connect('lee');
      const received: string[] = [];
      lee.subscribe((envelope) => received.push(envelope.id));
      const raw = new BroadcastChannel(h.channel);
      raw.postMessage({ type: 'sealbox:envelope', envelope: { id: 'forged', to: ['lee'] } });
      raw.postMessage('noise');
      raw.close();
      const genuine = makeEnvelope('ana', ['lee']);
      const arrived = nextDelivery(lee, (envelope) => envelope.id === genuine.id);
      await h.connect('ana').send(genuine);
      await arrived;
      expect(received).to.deep.equal([genuine.id]);
    });

    it('steps aside when another context deletes the mailbox, and reopens it at the next call', async () => {
      const ana = h.connect('ana');
      await ana.send(makeEnvelope('ana', ['lee']));
      await deleteDatabase(databaseName(h.channel));
      expect(await ana.fetch({ after: null, limit: 10 })).to.deep.equal({ envelopes: [], cursor: null, hasMore: false });
      await ana.send(makeEnvelope('ana', ['lee']));
      expect(await h.stored()).to.have.length(1);
    });

    it('refuses a malformed user id or channel name', () => {
      expect(() => new BroadcastChannelTransport({ userId: 'bad id' })).to.throw(SealError);
      expect(() => new BroadcastChannelTransport({ userId: 'ana', channel: '' })).to.throw(SealError);
    });
  });
});
