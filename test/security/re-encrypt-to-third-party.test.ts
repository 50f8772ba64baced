import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage } from '../../src/index.js';
import { inject, openpgp, publishedKey, rawKey } from '../helpers/attacker.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';

describe("attack: a recipient re-encrypts someone's signed message to a third party", () => {
  afterEach(cleanupClients);

  it('is rejected with ROUTING_MISMATCH: the signed recipient list names someone else', async () => {
    const relay = new MemoryRelay();
    const forwardingRelay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const carol = await createUser(forwardingRelay.connect('carol'), 'carol');
    await forwardingRelay.connect('ana').publishKey((await relay.connect('x').lookupKey('ana'))!);
    // Mallory is a legitimate recipient of Ana's message, with a key of their own outside Sealbox.
    const mallory = await rawKey('mallory');
    await relay.connect('mallory').publishKey({ userId: 'mallory', armoredKey: mallory.publicKey.armor() });

    const sent = await ana.send({ to: ['mallory'], subject: 'Between us', body: 'I tested positive' });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    const original = relay.envelopes().find((envelope) => envelope.id === sent.id)!;

    // Mallory strips the encryption layer, keeps Ana's signature and encrypts the signed data to Carol,
    // keeping the message id, thread and time, and addressing it to Carol.
    const encrypted = await openpgp.readMessage({ armoredMessage: original.ciphertext });
    const signedInner = await encrypted.decrypt([mallory.privateKey]);
    // openpgp.js parses the decrypted packets lazily; its packet stream holds all of them (one-pass
    // signature, literal data, signature).
    const packets = new openpgp.PacketList();
    packets.push(...Array.from((signedInner.packets as unknown as { stream: Iterable<openpgp.AnyPacket> }).stream));
    const forwarded = await openpgp.encrypt({ message: new openpgp.Message(packets), encryptionKeys: await publishedKey(forwardingRelay, 'carol') });
    await inject(forwardingRelay, { id: original.id, threadId: original.threadId, from: 'ana', to: ['carol'], createdAt: original.createdAt }, forwarded);

    await carol.sync();
    const opened = (await carol.openMessage(original.id)) as InvalidMessage;
    expect(opened.status).to.equal('invalid');
    expect(opened.error.code).to.equal('ROUTING_MISMATCH');
    expect(opened.error.details.field).to.equal('to');
    expect(JSON.stringify(opened)).to.not.contain('positive');
  });
});
