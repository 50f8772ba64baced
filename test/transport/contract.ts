/**
 * What the in-browser reference relays must show: the shipped conformance kit (`sealbox/testing`),
 * plus the stricter rules the relays share (src/transport/relay-rules.ts) that the contract leaves to
 * each backend: validation, exact statuses, frozen copies, directory order.
 */
import { expect } from '@open-wc/testing';
import { SealError } from '../../src/core/errors.js';
import { defineTransportConformance, makeEnvelope, makeRecord, placeholderCiphertext, placeholderPublicKey } from '../../src/testing/index.js';
import { sha256Hex } from '../../src/transport/relay-blob-rules.js';
import type { BlobChunk, DeliveredEnvelope, OutgoingEnvelope, SealTransport, SignedRecord } from '../../src/transport/transport.js';

export { makeEnvelope, placeholderCiphertext };

export type FullTransport = SealTransport &
  Required<Pick<SealTransport, 'subscribe' | 'searchDirectory' | 'recordConsent' | 'recordAudit' | 'close' | 'putBlobChunk' | 'listBlobChunks' | 'getBlobChunk'>>;

/** A chunk of `length` bytes of `fill` with its digest. */
export async function blobChunk(blobId: string, index: number, count: number, length = 16, fill = index + 1): Promise<BlobChunk> {
  const bytes = new Uint8Array(length).fill(fill);
  return { blobId, index, count, bytes, sha256: await sha256Hex(bytes) };
}

/** One fresh relay for a test, seen the way its tests need to see it. */
export interface Harness {
  connect(userId: string, profile?: { displayName?: string; role?: string }): FullTransport;
  /** Everything the relay stores, in storage order: what a server would see. */
  stored(): Promise<readonly OutgoingEnvelope[]>;
  records(kind: 'consent' | 'audit'): Promise<readonly SignedRecord[]>;
  dispose(): Promise<void>;
}

/** Asserts a call was refused: a TRANSPORT SealError that is not worth retrying. */
export async function expectRefused(action: () => unknown, message?: RegExp): Promise<SealError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a refusal').to.be.instanceOf(SealError);
  const error = caught as SealError;
  expect(error.code).to.equal('TRANSPORT');
  expect(error.retryable).to.equal(false);
  if (message) expect(error.message).to.match(message);
  return error;
}

/** Resolves with the next envelope `transport` delivers to subscribers that passes `filter`. */
export function nextDelivery(transport: FullTransport, filter: (envelope: DeliveredEnvelope) => boolean = () => true, timeoutMs = 3000): Promise<DeliveredEnvelope> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No delivery within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = transport.subscribe((envelope) => {
      if (!filter(envelope)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(envelope);
    });
  });
}

const ids = (envelopes: readonly { id: string }[]) => envelopes.map((envelope) => envelope.id);

/** Declares the conformance kit and the reference relays' own rules inside the caller's `describe`. */
export function transportContract(createHarness: () => Promise<Harness>): void {
  defineTransportConformance(
    { describe, it },
    {
      capabilities: { subscribe: true, searchDirectory: true, recordConsent: true, recordAudit: true, close: true, blobs: true },
      async createSession() {
        const h = await createHarness();
        return { connect: h.connect, storedEnvelopes: h.stored, storedRecords: h.records, dispose: h.dispose };
      },
    },
  );

  describe('reference relay rules', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await createHarness();
    });
    afterEach(() => h.dispose());

    it('answers refusals with the status a server would: 409 for a conflict, 403 for acting as someone else', async () => {
      const ana = h.connect('ana');
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      expect((await expectRefused(() => ana.send(makeEnvelope('ana', ['lee'], { id: envelope.id })), /conflict/)).details.status).to.equal(409);
      const mallory = h.connect('mallory');
      expect((await expectRefused(() => mallory.send(makeEnvelope('ana', ['lee'])), /signed-in user/)).details.status).to.equal(403);
      expect((await expectRefused(() => mallory.publishKey({ userId: 'ana', armoredKey: placeholderPublicKey() }))).details.status).to.equal(403);
    });

    it('refuses malformed envelopes and stores none of them', async () => {
      const ana = h.connect('ana');
      const accented = `${placeholderCiphertext()}é`;
      const malformed: OutgoingEnvelope[] = [
        makeEnvelope('ana', []),
        makeEnvelope('ana', ['lee', 'lee']),
        makeEnvelope('ana', ['lee'], { id: 'not-a-uuid' }),
        makeEnvelope('ana', ['lee'], { threadId: '' }),
        makeEnvelope('ana', ['lee has spaces']),
        makeEnvelope('ana', ['lee'], { createdAt: 'yesterday' }),
        makeEnvelope('ana', ['lee'], { ciphertext: '', size: 0 }),
        makeEnvelope('ana', ['lee'], { size: 1 }),
        // 'é' is two bytes in UTF-8: a size counted in UTF-16 units is wrong.
        makeEnvelope('ana', ['lee'], { ciphertext: accented, size: accented.length }),
      ];
      for (const envelope of malformed) await expectRefused(() => ana.send(envelope));
      expect(await h.stored()).to.have.length(0);
    });

    it('keeps its own frozen copy: changing the sent object afterwards changes nothing stored', async () => {
      const ana = h.connect('ana');
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      (envelope.to as string[]).push('carol');
      const [stored] = (await h.connect('lee').fetch({ after: null, limit: 1 })).envelopes;
      expect(stored.to).to.deep.equal(['lee']);
      expect(Object.isFrozen(stored) && Object.isFrozen(stored.to)).to.equal(true);
      expect(() => (stored.to as string[]).push('carol')).to.throw(TypeError);
    });

    it('fills pages up to the limit; a page cursor is its last envelope\'s, and stays put at the end', async () => {
      const ana = h.connect('ana');
      for (let i = 0; i < 25; i += 1) await ana.send(makeEnvelope('ana', ['lee']));
      const lee = h.connect('lee');
      const sizes: number[] = [];
      let after: string | null = null;
      for (let more = true; more; ) {
        const page = await lee.fetch({ after, limit: 10 });
        sizes.push(page.envelopes.length);
        expect(page.cursor).to.equal(page.envelopes.at(-1)!.cursor);
        ({ cursor: after, hasMore: more } = page);
      }
      expect(sizes).to.deep.equal([10, 10, 5]);
      expect(await lee.fetch({ after, limit: 10 })).to.deep.equal({ envelopes: [], cursor: after, hasMore: false });
    });

    it('clamps the limit to at least one and refuses a limit that is not a number', async () => {
      const ana = h.connect('ana');
      for (let i = 0; i < 3; i += 1) await ana.send(makeEnvelope('ana', ['lee']));
      const single = await ana.fetch({ after: null, limit: 0 });
      expect(single.envelopes).to.have.length(1);
      expect(single.hasMore).to.equal(true);
      expect((await ana.fetch({ after: null, limit: 1e9 })).envelopes).to.have.length(3);
      await expectRefused(() => ana.fetch({ after: null, limit: Number.NaN }));
    });

    it('refuses cursors that are not sequence numbers it issued', async () => {
      const ana = h.connect('ana');
      await ana.send(makeEnvelope('ana', ['lee']));
      const { cursor } = await ana.fetch({ after: null, limit: 10 });
      for (const after of ['', '-1', '1.5', `${cursor}0`]) await expectRefused(() => ana.fetch({ after, limit: 10 }), /cursor/);
    });

    it('delivers to subscribers only after send() resolved, in storage order', async () => {
      const [ana, lee] = [h.connect('ana'), h.connect('lee')];
      const events: string[] = [];
      const leeGotBoth = new Promise<string[]>((resolve) => {
        const got: string[] = [];
        lee.subscribe((envelope) => {
          events.push('delivered');
          if (got.push(envelope.id) === 2) resolve(got);
        });
      });
      const [first, second] = [makeEnvelope('ana', ['lee']), makeEnvelope('ana', ['lee'])];
      await ana.send(first);
      events.push('resolved');
      await ana.send(second);
      expect(await leeGotBoth).to.deep.equal([first.id, second.id]);
      expect(events[0]).to.equal('resolved');
    });

    it('keeps delivering when a listener throws, reporting each throw', async () => {
      const [ana, lee] = [h.connect('ana'), h.connect('lee')];
      const reported: unknown[] = [];
      const consoleError = console.error;
      console.error = (...args: unknown[]) => void reported.push(args);
      try {
        lee.subscribe(() => {
          throw new Error('listener bug');
        });
        for (let i = 0; i < 2; i += 1) {
          const envelope = makeEnvelope('ana', ['lee']);
          const arrived = nextDelivery(lee, (delivered) => delivered.id === envelope.id);
          await ana.send(envelope);
          expect((await arrived).id).to.equal(envelope.id);
        }
      } finally {
        console.error = consoleError;
      }
      expect(reported).to.have.length(2);
    });

    it('shows directory data from connect next to a key, updated by what publishKey gives', async () => {
      const ana = h.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' });
      const lee = h.connect('lee');
      const [first, second] = [placeholderPublicKey('first'), placeholderPublicKey('second')];
      await ana.publishKey({ userId: 'ana', armoredKey: first });
      expect(await lee.lookupKey('ana')).to.deep.equal({ userId: 'ana', armoredKey: first, displayName: 'Ana Ruiz', role: 'Patient' });
      await ana.publishKey({ userId: 'ana', armoredKey: second, displayName: 'Ana R.' });
      expect(await lee.lookupKey('ana')).to.deep.equal({ userId: 'ana', armoredKey: second, displayName: 'Ana R.', role: 'Patient' });
    });

    it('refuses private keys, garbage and malformed user ids', async () => {
      const mallory = h.connect('mallory');
      await expectRefused(() => mallory.publishKey({ userId: 'mallory', armoredKey: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n' }));
      await expectRefused(() => mallory.publishKey({ userId: 'mallory', armoredKey: '' }));
      await expectRefused(() => mallory.lookupKey('bad id'));
    });

    it('searches the directory by name or id, sorted by name, naming users without a name by id', async () => {
      const ana = h.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' });
      const others = [h.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), h.connect('nurse-kim', { displayName: 'Kim Leeds', role: 'Nurse' }), h.connect('carol')];
      // Registration may be asynchronous (IndexedDB): any call waits for it.
      await Promise.all(others.map((transport) => transport.lookupKey('ana')));
      expect(await ana.searchDirectory('LEE')).to.deep.equal([
        { userId: 'dr-lee', displayName: 'Dr. Lee', role: 'Clinician' },
        { userId: 'nurse-kim', displayName: 'Kim Leeds', role: 'Nurse' },
      ]);
      expect(ids((await ana.searchDirectory('kim')).map((entry) => ({ id: entry.userId })))).to.deep.equal(['nurse-kim']);
      expect(await ana.searchDirectory('car')).to.deep.equal([{ userId: 'carol', displayName: 'carol' }]);
      expect(await ana.searchDirectory('', { limit: 2 })).to.have.length(2);
    });

    it('acknowledges a later copy of a kept record without replacing it', async () => {
      const ana = h.connect('ana');
      const receipt = makeRecord('ana');
      await ana.recordConsent(receipt);
      await ana.recordConsent({ ...receipt, signature: 'later copy' });
      expect(await h.records('consent')).to.deep.equal([receipt]);
    });

    it('stores nothing from a batch with a bad entry', async () => {
      const ana = h.connect('ana');
      await expectRefused(() => ana.recordAudit([makeRecord('ana'), makeRecord('lee')]));
      await expectRefused(() => ana.recordAudit([makeRecord('ana'), { ...makeRecord('ana'), id: '' }]));
      expect(await h.records('audit')).to.deep.equal([]);
    });

    it('answers blob refusals with the status a server would: 409, 403, 400, 413 and 404', async () => {
      const [ana, lee] = [h.connect('ana'), h.connect('lee')];
      const blobId = crypto.randomUUID();
      await ana.putBlobChunk(await blobChunk(blobId, 0, 2));
      const status = async (action: () => Promise<unknown>) => (await expectRefused(action)).details.status;
      expect(await status(async () => ana.putBlobChunk(await blobChunk(blobId, 0, 2, 16, 9)))).to.equal(409);
      expect(await status(async () => ana.putBlobChunk(await blobChunk(blobId, 1, 3)))).to.equal(409);
      expect(await status(async () => lee.putBlobChunk(await blobChunk(blobId, 1, 2)))).to.equal(403);
      expect(await status(async () => ana.putBlobChunk({ ...(await blobChunk(blobId, 1, 2)), sha256: '0'.repeat(64) }))).to.equal(400);
      expect(await status(async () => ana.putBlobChunk(await blobChunk(crypto.randomUUID(), 0, 1, 4 * 1024 * 1024 + 256 * 1024 + 1)))).to.equal(413);
      expect(await status(async () => ana.putBlobChunk(await blobChunk(crypto.randomUUID(), 0, 4097)))).to.equal(413);
      expect(await status(() => ana.send(makeEnvelope('ana', ['lee'], { blobIds: [blobId] })))).to.equal(400);
      expect(await status(() => ana.getBlobChunk(blobId, 1))).to.equal(404);
      expect(await status(() => lee.getBlobChunk(blobId, 0))).to.equal(403);
      expect(await status(() => lee.getBlobChunk('not-a-uuid', 0))).to.equal(400);
      expect(await ana.listBlobChunks(blobId)).to.deep.equal([0]);
      expect(await h.stored()).to.have.length(0);
    });

    it('lets the participants of an envelope listing a blob read it, byte for byte, and nobody else', async () => {
      const [ana, lee, carol] = [h.connect('ana'), h.connect('lee'), h.connect('carol')];
      const blobId = crypto.randomUUID();
      const chunks = [await blobChunk(blobId, 0, 2, 1000, 7), await blobChunk(blobId, 1, 2, 10, 8)];
      for (const chunk of chunks) await ana.putBlobChunk(chunk);
      const envelope = makeEnvelope('ana', ['lee'], { blobIds: [blobId] });
      await ana.send(envelope);
      const [delivered] = (await lee.fetch({ after: null, limit: 10 })).envelopes;
      expect(delivered.blobIds).to.deep.equal([blobId]);
      for (const chunk of chunks) expect(await lee.getBlobChunk(blobId, chunk.index)).to.deep.equal(chunk.bytes);
      expect((await expectRefused(() => carol.getBlobChunk(blobId, 0))).details.status).to.equal(403);
      expect(await carol.listBlobChunks(blobId)).to.deep.equal([]);
    });

    it('rejects calls on a closed transport, while other users go on', async () => {
      const [ana, lee] = [h.connect('ana'), h.connect('lee')];
      lee.close();
      await expectRefused(() => lee.fetch({ after: null, limit: 10 }), /closed/);
      await expectRefused(() => lee.send(makeEnvelope('lee', ['ana'])), /closed/);
      expect(() => lee.subscribe(() => {})).to.throw(SealError);
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      expect(ids((await h.connect('lee').fetch({ after: null, limit: 10 })).envelopes)).to.deep.equal([envelope.id]);
    });
  });
}
