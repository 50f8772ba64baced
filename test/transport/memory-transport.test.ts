import { expect } from '@open-wc/testing';
import { SealError } from '../../src/core/errors.js';
import { MemoryRelay, MemoryTransport } from '../../src/transport/index.js';
import { expectRefused, makeEnvelope, nextDelivery, transportContract } from './contract.js';

describe('MemoryTransport', () => {
  transportContract(async () => {
    const relay = new MemoryRelay();
    const opened: MemoryTransport[] = [];
    return {
      connect(userId, profile) {
        const transport = relay.connect(userId, profile);
        opened.push(transport);
        return transport;
      },
      stored: async () => relay.envelopes().map(({ cursor: _cursor, ...envelope }) => envelope),
      records: async (kind) => (kind === 'consent' ? relay.consentRecords() : relay.auditRecords()),
      dispose: async () => opened.forEach((transport) => transport.close()),
    };
  });

  describe('MemoryRelay', () => {
    it('exposes a frozen snapshot of what it stores, with cursors', async () => {
      const relay = new MemoryRelay();
      const envelope = makeEnvelope('ana', ['lee']);
      await relay.connect('ana').send(envelope);
      const snapshot = relay.envelopes();
      expect(snapshot).to.have.length(1);
      expect(snapshot[0]).to.deep.include(envelope);
      expect(snapshot[0].cursor).to.be.a('string');
      expect(Object.isFrozen(snapshot) && Object.isFrozen(snapshot[0])).to.equal(true);

      await relay.connect('ana').send(makeEnvelope('ana', ['lee']));
      expect(snapshot).to.have.length(1);
      expect(relay.envelopes()).to.have.length(2);
    });

    it('refuses to connect a malformed user id', () => {
      for (const userId of ['', 'has space', 'x'.repeat(257)]) {
        expect(() => new MemoryRelay().connect(userId)).to.throw(SealError).with.property('code', 'TRANSPORT');
      }
    });

    it('keeps profile data given at connect when the same user connects again without it', async () => {
      const relay = new MemoryRelay();
      relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' });
      relay.connect('dr-lee');
      expect(await relay.connect('ana').searchDirectory('lee')).to.deep.equal([{ userId: 'dr-lee', displayName: 'Dr. Lee', role: 'Clinician' }]);
    });

    it('serves a transport built directly like one from connect()', async () => {
      const relay = new MemoryRelay();
      const direct = new MemoryTransport(relay, 'ana');
      await direct.send(makeEnvelope('ana', ['lee']));
      expect((await relay.connect('lee').fetch({ after: null, limit: 10 })).envelopes).to.have.length(1);
    });

    it('delivers to every transport connected for the same user, like two tabs', async () => {
      const relay = new MemoryRelay();
      const [tab1, tab2] = [relay.connect('lee'), relay.connect('lee')];
      const deliveries = [nextDelivery(tab1), nextDelivery(tab2)];
      const envelope = makeEnvelope('ana', ['lee']);
      await relay.connect('ana').send(envelope);
      expect((await Promise.all(deliveries)).map((delivered) => delivered.id)).to.deep.equal([envelope.id, envelope.id]);
    });

    it('hands out at most 500 envelopes per page', async () => {
      const relay = new MemoryRelay();
      const ana = relay.connect('ana');
      for (let i = 0; i < 501; i += 1) await ana.send(makeEnvelope('ana', ['lee']));
      const page = await relay.connect('lee').fetch({ after: null, limit: 10_000 });
      expect(page.envelopes).to.have.length(500);
      expect(page.hasMore).to.equal(true);
      const rest = await relay.connect('lee').fetch({ after: page.cursor, limit: 10_000 });
      expect(rest.envelopes).to.have.length(1);
      expect(rest.hasMore).to.equal(false);
    });

    it('refuses a cursor issued by another relay that is ahead of this one', async () => {
      const first = new MemoryRelay();
      for (let i = 0; i < 3; i += 1) await first.connect('ana').send(makeEnvelope('ana', ['lee']));
      const { cursor } = await first.connect('lee').fetch({ after: null, limit: 10 });
      await expectRefused(() => new MemoryRelay().connect('lee').fetch({ after: cursor, limit: 10 }), /cursor/);
    });
  });
});
