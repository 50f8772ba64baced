import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage } from '../../src/index.js';
import { ENVELOPE_PURPOSE, envelopeJson, fillRouting, inject, openpgp, publishedKey, rawKey } from '../helpers/attacker.js';
import { cleanupClients, createUser } from '../helpers/clients.js';

describe('attack: message signed by another key carrying the same user id', () => {
  afterEach(cleanupClients);

  async function setup() {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    // Lee pins Ana's real key by reading a genuine message first.
    const genuine = await ana.send({ to: ['lee'], subject: 'hi', body: 'genuine' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await lee.sync();
    expect((await lee.openMessage(genuine.id)).status).to.equal('signer-unverified');

    const impostor = await rawKey('ana');
    const routing = fillRouting({ from: 'ana', to: ['lee'] });
    const message = await openpgp.createMessage({ text: envelopeJson(routing, 'New portal', 'Log in at evil.example') });
    const ciphertext = await openpgp.encrypt({ message, encryptionKeys: await publishedKey(relay, 'lee'), signingKeys: impostor.privateKey, signatureNotations: ENVELOPE_PURPOSE });
    return { relay, ana, lee, impostor, routing, ciphertext };
  }

  it('is rejected as WRONG_SENDER while the pinned key stands', async () => {
    const { relay, lee, routing, ciphertext } = await setup();
    await inject(relay, routing, ciphertext);
    await lee.sync();
    const opened = (await lee.openMessage(routing.id)) as InvalidMessage;
    expect(opened.status).to.equal('invalid');
    expect(opened.error.code).to.equal('WRONG_SENDER');
    expect(JSON.stringify(opened)).to.not.contain('evil.example');
  });

  it('is never shown as verified even when the server also swaps the published key', async () => {
    const { relay, lee, impostor, routing, ciphertext } = await setup();
    await relay.connect('ana').publishKey({ userId: 'ana', armoredKey: impostor.publicKey.armor() });
    await inject(relay, routing, ciphertext);
    await lee.sync();
    const opened = await lee.openMessage(routing.id);
    expect(opened.status).to.equal('key-changed');
    const contact = await lee.getContact('ana');
    expect(contact!.state).to.equal('key-changed');
    expect(contact!.pendingFingerprint).to.equal(impostor.publicKey.getFingerprint().toUpperCase());
  });
});
