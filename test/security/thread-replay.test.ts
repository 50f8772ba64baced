import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage } from '../../src/index.js';
import { inject } from '../helpers/attacker.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';

describe('attack: a genuine signed envelope replayed into another thread', () => {
  afterEach(cleanupClients);

  it('is rejected with ROUTING_MISMATCH, whether it keeps its id or takes a new one', async () => {
    // Ana writes through the genuine relay; Lee reads through a hostile one that copies her ciphertext.
    const genuine = new MemoryRelay();
    const hostile = new MemoryRelay();
    const ana = await createUser(genuine.connect('ana'), 'ana');
    const lee = await createUser(hostile.connect('lee'), 'lee');
    await genuine.connect('lee').publishKey((await hostile.connect('x').lookupKey('lee'))!);
    await hostile.connect('ana').publishKey((await genuine.connect('x').lookupKey('ana'))!);

    const sent = await ana.send({ to: ['lee'], subject: 'Consent', body: 'Yes, share my results with Dr. Kim' });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    const original = genuine.envelopes().find((envelope) => envelope.id === sent.id)!;
    const otherThread = crypto.randomUUID();

    const sameId = await inject(hostile, { ...original, to: [...original.to], threadId: otherThread }, original.ciphertext);
    const newId = await inject(hostile, { ...original, to: [...original.to], id: crypto.randomUUID(), threadId: otherThread }, original.ciphertext);
    await lee.sync();

    for (const [replayed, field] of [[sameId, 'threadId'], [newId, 'id']] as const) {
      const opened = (await lee.openMessage(replayed.id)) as InvalidMessage;
      expect(opened.status).to.equal('invalid');
      expect(opened.error.code).to.equal('ROUTING_MISMATCH');
      expect(opened.error.details.field).to.equal(field);
      expect(JSON.stringify(opened)).to.not.contain('Dr. Kim');
    }

    // ROUTING_MISMATCH is only reported after decryption and a valid signature by Ana's pinned key.
    expect((await lee.getContact('ana'))!.fingerprint).to.equal(ana.fingerprint);
  });
});

