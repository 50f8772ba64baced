/**
 * The behaviour every reference relay must show, written once and run against each adapter.
 * Ciphertexts are placeholders: these tests are about routing, not cryptography.
 */
import { expect } from '@open-wc/testing';
import { SealError } from '../../src/core/errors.js';
import type { DeliveredEnvelope, OutgoingEnvelope, SealTransport, SignedRecord } from '../../src/transport/transport.js';

export type FullTransport = SealTransport & Required<Pick<SealTransport, 'subscribe' | 'searchDirectory' | 'recordConsent' | 'recordAudit' | 'close'>>;

/** One fresh relay for a test, seen the way its tests need to see it. */
export interface Harness {
  connect(userId: string, profile?: { displayName?: string; role?: string }): FullTransport;
  /** Everything the relay stores, in storage order: what a server would see. */
  stored(): Promise<readonly OutgoingEnvelope[]>;
  records(kind: 'consent' | 'audit'): Promise<readonly SignedRecord[]>;
  dispose(): Promise<void>;
}

/** Placeholder armored text; the size is its UTF-8 byte length, as the contract requires. */
export function placeholderCiphertext(label = crypto.randomUUID()): string {
  return `-----BEGIN PGP MESSAGE-----\n\n${btoa(label)}\n-----END PGP MESSAGE-----\n`;
}

export function makeEnvelope(from: string, to: string[], overrides: Partial<OutgoingEnvelope> = {}): OutgoingEnvelope {
  const ciphertext = overrides.ciphertext ?? placeholderCiphertext();
  return {
    id: crypto.randomUUID(),
    threadId: crypto.randomUUID(),
    from,
    to,
    createdAt: new Date().toISOString(),
    ciphertext,
    size: new TextEncoder().encode(ciphertext).byteLength,
    ...overrides,
  };
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

/** Declares the shared behaviour tests inside the caller's `describe`. */
export function transportContract(createHarness: () => Promise<Harness>): void {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.dispose());

  describe('send', () => {
    it('stores an envelope that both sender and recipient fetch unchanged, with a cursor', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      for (const transport of [ana, lee]) {
        const page = await transport.fetch({ after: null, limit: 10 });
        expect(page.envelopes).to.have.length(1);
        const { cursor, ...rest } = page.envelopes[0];
        expect(rest).to.deep.equal(envelope);
        expect(cursor).to.be.a('string').and.not.be.empty;
        expect(page.cursor).to.equal(cursor);
        expect(page.hasMore).to.equal(false);
      }
    });

    it('is idempotent by id: the same envelope sent twice is stored once', async () => {
      const ana = h.connect('ana');
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      await ana.send({ ...envelope, to: [...envelope.to] });
      expect(ids(await h.stored())).to.deep.equal([envelope.id]);
      expect((await h.connect('lee').fetch({ after: null, limit: 10 })).envelopes).to.have.length(1);
    });

    it('refuses another envelope reusing a stored id as a conflict, keeping the first', async () => {
      const ana = h.connect('ana');
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      const other = makeEnvelope('ana', ['lee'], { id: envelope.id });
      const error = await expectRefused(() => ana.send(other), /conflict/);
      expect(error.details.status).to.equal(409);
      expect(await h.stored()).to.deep.equal([envelope]);
    });

    it('refuses an envelope whose sender is not the connected user', async () => {
      const mallory = h.connect('mallory');
      const error = await expectRefused(() => mallory.send(makeEnvelope('ana', ['lee'])), /signed-in user/);
      expect(error.details.status).to.equal(403);
      expect(await h.stored()).to.have.length(0);
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

    it('keeps its own copy: changing the sent object afterwards changes nothing stored', async () => {
      const ana = h.connect('ana');
      const to = ['lee'];
      const envelope = makeEnvelope('ana', to);
      await ana.send(envelope);
      to.push('carol');
      const [stored] = (await h.connect('lee').fetch({ after: null, limit: 1 })).envelopes;
      expect(stored.to).to.deep.equal(['lee']);
      expect(Object.isFrozen(stored) && Object.isFrozen(stored.to)).to.equal(true);
      expect(() => (stored.to as string[]).push('carol')).to.throw(TypeError);
    });
  });

  describe('fetch', () => {
    it('pages 25 envelopes 10 at a time with no gap or duplicate, stably, then sees new arrivals', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const sent: string[] = [];
      for (let i = 0; i < 25; i += 1) {
        const envelope = makeEnvelope('ana', ['lee']);
        await ana.send(envelope);
        sent.push(envelope.id);
      }
      const pages = [];
      let after: string | null = null;
      for (;;) {
        const page = await lee.fetch({ after, limit: 10 });
        pages.push(page);
        expect(page.cursor).to.equal(page.envelopes.at(-1)!.cursor);
        after = page.cursor;
        if (!page.hasMore) break;
      }
      expect(pages.map((page) => page.envelopes.length)).to.deep.equal([10, 10, 5]);
      expect(pages.flatMap((page) => ids(page.envelopes))).to.deep.equal(sent);
      const cursors = pages.flatMap((page) => page.envelopes.map((envelope) => envelope.cursor));
      expect(new Set(cursors).size).to.equal(25);

      const again = await lee.fetch({ after: pages[0].cursor, limit: 10 });
      expect(ids(again.envelopes)).to.deep.equal(ids(pages[1].envelopes));
      expect(again.cursor).to.equal(pages[1].cursor);

      const end = await lee.fetch({ after, limit: 10 });
      expect(end).to.deep.equal({ envelopes: [], cursor: after, hasMore: false });

      const late = makeEnvelope('ana', ['lee']);
      await ana.send(late);
      const next = await lee.fetch({ after, limit: 10 });
      expect(ids(next.envelopes)).to.deep.equal([late.id]);
      expect(next.hasMore).to.equal(false);
    });

    it('returns an empty first page with a null cursor for an empty mailbox', async () => {
      expect(await h.connect('ana').fetch({ after: null, limit: 10 })).to.deep.equal({ envelopes: [], cursor: null, hasMore: false });
    });

    it('shows a user only the envelopes they sent or received', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const carol = h.connect('carol');
      const anaToLee = makeEnvelope('ana', ['lee']);
      const leeToCarol = makeEnvelope('lee', ['carol']);
      const carolToAll = makeEnvelope('carol', ['ana', 'lee']);
      await ana.send(anaToLee);
      await lee.send(leeToCarol);
      await carol.send(carolToAll);
      const mailbox = async (transport: FullTransport) => ids((await transport.fetch({ after: null, limit: 10 })).envelopes);
      expect(await mailbox(ana)).to.deep.equal([anaToLee.id, carolToAll.id]);
      expect(await mailbox(lee)).to.deep.equal([anaToLee.id, leeToCarol.id, carolToAll.id]);
      expect(await mailbox(carol)).to.deep.equal([leeToCarol.id, carolToAll.id]);
      expect(await mailbox(h.connect('dave'))).to.deep.equal([]);
    });

    it('skips other users\' envelopes without losing its place', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const mine: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const envelope = makeEnvelope('ana', [i % 2 === 0 ? 'lee' : 'carol']);
        await ana.send(envelope);
        if (i % 2 === 0) mine.push(envelope.id);
      }
      const first = await lee.fetch({ after: null, limit: 2 });
      expect(first.hasMore).to.equal(true);
      const second = await lee.fetch({ after: first.cursor, limit: 2 });
      expect([...ids(first.envelopes), ...ids(second.envelopes)]).to.deep.equal(mine);
      expect(second.hasMore).to.equal(false);
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

    it('refuses cursors it never issued', async () => {
      const ana = h.connect('ana');
      await ana.send(makeEnvelope('ana', ['lee']));
      const { cursor } = await ana.fetch({ after: null, limit: 10 });
      for (const after of ['garbage', '', '-1', '1.5', `${cursor}0`]) {
        await expectRefused(() => ana.fetch({ after, limit: 10 }), /cursor/);
      }
    });

    it('rejects an aborted fetch as retryable', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await h
        .connect('ana')
        .fetch({ after: null, limit: 10, signal: controller.signal })
        .then(() => null, (caught: unknown) => caught as SealError);
      expect(error).to.be.instanceOf(SealError);
      expect(error).to.include({ code: 'TRANSPORT', retryable: true });
    });
  });

  describe('subscribe', () => {
    it('delivers to recipient and sender, after send() resolved, in order, and not to others', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const carol = h.connect('carol');
      const events: string[] = [];
      const toCarol: string[] = [];
      carol.subscribe((envelope) => toCarol.push(envelope.id));
      const leeGotBoth = new Promise<string[]>((resolve) => {
        const got: string[] = [];
        lee.subscribe((envelope) => {
          events.push('delivered');
          got.push(envelope.id);
          if (got.length === 2) resolve(got);
        });
      });
      const anaGot = nextDelivery(ana);
      const first = makeEnvelope('ana', ['lee']);
      const second = makeEnvelope('ana', ['lee']);
      await ana.send(first);
      events.push('resolved');
      await ana.send(second);
      expect(await leeGotBoth).to.deep.equal([first.id, second.id]);
      expect(events[0]).to.equal('resolved');
      expect((await anaGot).id).to.equal(first.id);

      // Deliveries arrive in order, so once Carol has her own envelope she has seen all before it.
      const forCarol = makeEnvelope('ana', ['carol']);
      const carolGot = nextDelivery(carol);
      await ana.send(forCarol);
      await carolGot;
      expect(toCarol).to.deep.equal([forCarol.id]);
    });

    it('delivers a full envelope with its cursor, as fetch would', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const delivered = nextDelivery(lee);
      const envelope = makeEnvelope('ana', ['lee']);
      await ana.send(envelope);
      const [fetched] = (await lee.fetch({ after: null, limit: 1 })).envelopes;
      expect(await delivered).to.deep.equal(fetched);
    });

    it('stops delivering after unsubscribe, which is safe to call twice', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const received: string[] = [];
      const unsubscribe = lee.subscribe((envelope) => received.push(envelope.id));
      const first = makeEnvelope('ana', ['lee']);
      const firstArrived = nextDelivery(lee, (envelope) => envelope.id === first.id);
      await ana.send(first);
      await firstArrived;
      unsubscribe();
      unsubscribe();
      const second = makeEnvelope('ana', ['lee']);
      const secondArrived = nextDelivery(lee, (envelope) => envelope.id === second.id);
      await ana.send(second);
      await secondArrived;
      expect(received).to.deep.equal([first.id]);
    });

    it('keeps delivering when a listener throws', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
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
  });

  describe('keys and directory', () => {
    it('publishes, replaces and looks up a key with the directory data', async () => {
      const ana = h.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' });
      const lee = h.connect('lee');
      expect(await lee.lookupKey('ana')).to.equal(null);
      expect(await lee.lookupKey('nobody')).to.equal(null);
      const first = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nfirst\n-----END PGP PUBLIC KEY BLOCK-----\n';
      const second = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nsecond\n-----END PGP PUBLIC KEY BLOCK-----\n';
      await ana.publishKey({ userId: 'ana', armoredKey: first });
      expect(await lee.lookupKey('ana')).to.deep.equal({ userId: 'ana', armoredKey: first, displayName: 'Ana Ruiz', role: 'Patient' });
      await ana.publishKey({ userId: 'ana', armoredKey: second, displayName: 'Ana R.' });
      expect(await lee.lookupKey('ana')).to.deep.equal({ userId: 'ana', armoredKey: second, displayName: 'Ana R.', role: 'Patient' });
    });

    it('refuses keys for someone else, private keys and garbage', async () => {
      const mallory = h.connect('mallory');
      const armored = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nkey\n-----END PGP PUBLIC KEY BLOCK-----\n';
      const error = await expectRefused(() => mallory.publishKey({ userId: 'ana', armoredKey: armored }));
      expect(error.details.status).to.equal(403);
      await expectRefused(() => mallory.publishKey({ userId: 'mallory', armoredKey: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n' }));
      await expectRefused(() => mallory.publishKey({ userId: 'mallory', armoredKey: '' }));
      await expectRefused(() => mallory.lookupKey('bad id'));
      expect(await mallory.lookupKey('ana')).to.equal(null);
    });

    it('searches the directory by name or id, case-insensitively, without the user themselves', async () => {
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
      expect(await ana.searchDirectory('ana')).to.deep.equal([]);
      expect(await ana.searchDirectory('', { limit: 2 })).to.have.length(2);
    });
  });

  describe('consent and audit records', () => {
    const record = (userId: string, payload = '{"kind":"consent"}'): SignedRecord => ({ id: crypto.randomUUID(), userId, payload, signature: '' });

    it('keeps a consent receipt once, however often it is delivered', async () => {
      const ana = h.connect('ana');
      const receipt = record('ana');
      await ana.recordConsent(receipt);
      await ana.recordConsent(receipt);
      await ana.recordConsent({ ...receipt, signature: 'later copy' });
      expect(await h.records('consent')).to.deep.equal([receipt]);
      expect(await h.records('audit')).to.deep.equal([]);
    });

    it('keeps each audit entry once across overlapping batches', async () => {
      const ana = h.connect('ana');
      const [a, b, c] = [record('ana', '{"n":1}'), record('ana', '{"n":2}'), record('ana', '{"n":3}')];
      await ana.recordAudit([a, b]);
      await ana.recordAudit([b, c]);
      const byId = (list: readonly SignedRecord[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
      expect(byId(await h.records('audit'))).to.deep.equal(byId([a, b, c]));
    });

    it('refuses records of another user, and a batch with a bad entry stores nothing', async () => {
      const ana = h.connect('ana');
      await expectRefused(() => ana.recordConsent(record('lee')));
      await expectRefused(() => ana.recordAudit([record('ana'), record('lee')]));
      await expectRefused(() => ana.recordAudit([record('ana'), { ...record('ana'), id: '' }]));
      expect(await h.records('consent')).to.deep.equal([]);
      expect(await h.records('audit')).to.deep.equal([]);
    });
  });

  describe('close', () => {
    it('rejects later calls and stops deliveries, while other users go on', async () => {
      const ana = h.connect('ana');
      const lee = h.connect('lee');
      const received: string[] = [];
      lee.subscribe((envelope) => received.push(envelope.id));
      lee.close();
      await expectRefused(() => lee.fetch({ after: null, limit: 10 }), /closed/);
      await expectRefused(() => lee.send(makeEnvelope('lee', ['ana'])), /closed/);
      expect(() => lee.subscribe(() => {})).to.throw(SealError);

      const envelope = makeEnvelope('ana', ['lee']);
      const anaGot = nextDelivery(ana);
      await ana.send(envelope);
      await anaGot;
      expect(received).to.deep.equal([]);
      expect(ids((await h.connect('lee').fetch({ after: null, limit: 10 })).envelopes)).to.deep.equal([envelope.id]);
    });
  });
}
