import { expect } from '@open-wc/testing';
import { MemoryRelay, type ReadableMessage, type SealClient } from '../../src/index.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';
import { slowNetwork } from '../helpers/slow-network.js';

/**
 * A key lookup can take seconds on a slow network. Whatever the user decides meanwhile (accepting or
 * verifying a new key) must survive the lookup's answer, which was asked for before the decision.
 */
describe('contact changes made while a key lookup is under way', () => {
  afterEach(cleanupClients);

  /** Lee knows Ana's first key; Ana then sets up a new device, and Lee has seen the change. */
  async function keyChanged() {
    const relay = new MemoryRelay();
    const network = slowNetwork(relay.connect('lee'));
    const lee = await createUser(network.transport, 'lee');
    const ana = await createUser(relay.connect('ana'), 'ana');
    await lee.refreshContact('ana');
    const first = ana.fingerprint!;
    const newAna = await createUser(relay.connect('ana'), 'ana');
    await lee.refreshContact('ana');
    expect(await lee.getContact('ana')).to.include({ state: 'key-changed', fingerprint: first, pendingFingerprint: newAna.fingerprint });
    return { relay, network, lee, newAna, first };
  }

  /** Starts a refresh whose lookup waits until `network.control.release()`; resolves once the lookup is asked. */
  async function heldRefresh(network: ReturnType<typeof slowNetwork>, lee: SealClient): Promise<{ refreshing: Promise<unknown> }> {
    network.control.holdLookups = true;
    network.hold();
    const before = network.control.lookups;
    const refreshing = lee.refreshContact('ana');
    await waitFor(() => network.control.lookups > before, 5000, 'the lookup to start');
    return { refreshing };
  }

  it('keeps a verification made meanwhile', async () => {
    const { network, lee, newAna } = await keyChanged();
    const { refreshing } = await heldRefresh(network, lee);
    await lee.verifyContact('ana', newAna.fingerprint!);
    network.control.release();
    await refreshing;
    expect(await lee.getContact('ana')).to.include({ state: 'verified', fingerprint: newAna.fingerprint, pendingFingerprint: null });
  });

  it('keeps an accepted key meanwhile, and sends to it, never back to the old one', async () => {
    const { relay, network, lee, newAna, first } = await keyChanged();
    const { refreshing } = await heldRefresh(network, lee);
    await lee.acceptKeyChange('ana', newAna.fingerprint!);
    network.control.release();
    await refreshing;
    const contact = (await lee.getContact('ana'))!;
    expect(contact).to.include({ state: 'unverified', fingerprint: newAna.fingerprint, pendingFingerprint: null });
    expect(contact.fingerprint).to.not.equal(first);

    network.control.holdLookups = false;
    const sent = await lee.send({ to: ['ana'], subject: 'Welcome back', body: 'For the new phone' });
    await waitFor(async () => (await lee.listOutbox()).length === 0, 5000, 'delivery');
    await newAna.sync();
    expect(((await newAna.openMessage(sent.id)) as ReadableMessage).body).to.equal('For the new phone');
    expect(relay.envelopes().filter((envelope) => envelope.id === sent.id)).to.have.length(1);
  });

  it('still notes a key that changed again while the user verified the previous one', async () => {
    const { relay, network, lee, newAna } = await keyChanged();
    const { refreshing } = await heldRefresh(network, lee);
    await lee.verifyContact('ana', newAna.fingerprint!);
    const third = await createUser(relay.connect('ana'), 'ana');
    network.control.release();
    await refreshing;
    expect(await lee.getContact('ana')).to.include({ state: 'key-changed', fingerprint: newAna.fingerprint, pendingFingerprint: third.fingerprint });
  });
});
