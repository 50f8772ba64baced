import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage, type ReadableMessage } from '../../src/index.js';
import { envelopeJson, fillRouting, inject, openpgp, publishedKey, rawKey, ENVELOPE_PURPOSE } from '../helpers/attacker.js';
import { cleanupClients, createUser } from '../helpers/clients.js';

describe('attack: decompression bomb', () => {
  afterEach(cleanupClients);

  it('is refused as TOO_LARGE within the 10 MiB bound, and the client keeps working', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    const mallory = await rawKey('mallory');
    await relay.connect('mallory').publishKey({ userId: 'mallory', armoredKey: mallory.publicKey.armor() });

    // 32 MiB of one repeated letter compress to a few tens of kilobytes.
    const routing = fillRouting({ from: 'mallory', to: ['lee'] });
    const payload = envelopeJson(routing, 'x', 'A'.repeat(32 * 1024 * 1024));
    const ciphertext = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: payload }),
      encryptionKeys: await publishedKey(relay, 'lee'),
      signingKeys: mallory.privateKey,
      signatureNotations: ENVELOPE_PURPOSE,
      config: { preferredCompressionAlgorithm: openpgp.enums.compression.zlib },
    });
    expect(ciphertext.length).to.be.below(1024 * 1024);
    await inject(relay, routing, ciphertext);
    await lee.sync();

    const opened = (await lee.openMessage(routing.id)) as InvalidMessage;
    expect(opened.status).to.equal('invalid');
    expect(opened.error.code).to.equal('TOO_LARGE');

    const after = await ana.send({ to: ['lee'], subject: 'Still there?', body: 'yes' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await lee.sync();
    expect(((await lee.openMessage(after.id)) as ReadableMessage).body).to.equal('yes');
  });

  it('refuses an oversized ciphertext before parsing it', async () => {
    const relay = new MemoryRelay();
    await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee', { limits: { maxCiphertextBytes: 64 * 1024 } });
    const routing = fillRouting({ from: 'ana', to: ['lee'] });
    const huge = `-----BEGIN PGP MESSAGE-----\n\n${'A'.repeat(100 * 1024)}\n-----END PGP MESSAGE-----\n`;
    await inject(relay, routing, huge);
    await lee.sync();
    const opened = (await lee.openMessage(routing.id)) as InvalidMessage;
    expect(opened.error.code).to.equal('TOO_LARGE');
  });
});
