import { expect } from '@open-wc/testing';
import { MemoryRelay, type ContactKeyChangedEvent } from '../../src/index.js';
import { cleanupClients, createUser, nextEvent, rejectsWith, waitFor } from '../helpers/clients.js';

describe("attack: a contact's key is replaced on the server", () => {
  afterEach(cleanupClients);

  it('blocks sending until the user accepts the new key, and marks its messages key-changed', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    await lee.send({ to: ['ana'], subject: 'hello', body: 'first contact' });
    await waitFor(async () => (await lee.listOutbox()).length === 0);
    const oldFingerprint = ana.fingerprint!;
    expect((await lee.getContact('ana'))!.fingerprint).to.equal(oldFingerprint);

    // A new identity for "ana" appears (a new device, or someone impersonating her).
    const newAna = await createUser(relay.connect('ana'), 'ana');
    const changed = nextEvent<ContactKeyChangedEvent>(lee, 'contact-key-changed');
    const refused = await rejectsWith(lee.send({ to: ['ana'], subject: 's', body: 'must not be sent' }), 'KEY_CHANGED');
    expect((refused as unknown as { details: { userId: string } }).details.userId).to.equal('ana');
    expect(await changed).to.include({ userId: 'ana', previousFingerprint: oldFingerprint, newFingerprint: newAna.fingerprint });
    expect(await lee.listOutbox()).to.have.length(0);
    const contact = (await lee.getContact('ana'))!;
    expect(contact).to.include({ state: 'key-changed', fingerprint: oldFingerprint, pendingFingerprint: newAna.fingerprint });
    // Still refused on a second try: nothing was accepted silently.
    await rejectsWith(lee.send({ to: ['ana'], subject: 's', body: 'again' }), 'KEY_CHANGED');

    const fromNewKey = await newAna.send({ to: ['lee'], subject: 'new phone', body: 'it is me' });
    await waitFor(async () => (await newAna.listOutbox()).length === 0);
    await lee.sync();
    expect((await lee.openMessage(fromNewKey.id)).status).to.equal('key-changed');

    await rejectsWith(lee.acceptKeyChange('ana', oldFingerprint), 'INVALID_INPUT');
    const accepted = await lee.acceptKeyChange('ana', newAna.fingerprint!);
    expect(accepted).to.include({ state: 'unverified', fingerprint: newAna.fingerprint });
    expect((await lee.openMessage(fromNewKey.id)).status).to.equal('signer-unverified');
    const sent = await lee.send({ to: ['ana'], subject: 'ok', body: 'welcome back' });
    expect(sent.id).to.be.a('string');
  });
});
