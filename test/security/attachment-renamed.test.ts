import { expect } from '@open-wc/testing';
import type { MessageEnvelope } from '../../src/core/envelope.js';
import { openpgp, rawKey } from '../helpers/attacker.js';
import { createIdentity, pngBytes, rejection, sealAll, stopIdentities, type TestIdentity } from '../helpers/attachments.js';

describe('attack: an attachment renamed after the sender signed its manifest', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;
  before(async () => {
    [ana, lee] = await Promise.all([createIdentity('ana'), createIdentity('lee')]);
  });
  after(stopIdentities);

  it('breaks the envelope signature, so the message and its files are refused', async () => {
    // Mallory is a legitimate co-recipient holding a key outside Sealbox.
    const mallory = await rawKey('mallory');
    const malloryArmored = mallory.publicKey.armor();
    const { manifest } = await sealAll(new File([pngBytes(1500)], 'biopsy-malignant.png'), {
      cipher: ana.cipher,
      recipientKeys: [lee.armoredPublicKey, malloryArmored],
      chunkSize: 512,
    });
    const routing = { id: crypto.randomUUID(), threadId: crypto.randomUUID(), from: 'ana', to: ['lee', 'mallory'], createdAt: new Date().toISOString() };
    const envelope: MessageEnvelope = { v: 1, ...routing, subject: 'Results', body: 'See the attached image.', attachments: [manifest] };
    const ciphertext = await ana.client.call('encryptEnvelope', envelope, [lee.armoredPublicKey, malloryArmored]);

    // Mallory decrypts, keeps Ana's signature packets and re-encrypts to Lee: first unchanged, then with
    // the file renamed in the signed JSON.
    const leeKey = await openpgp.readKey({ armoredKey: lee.armoredPublicKey });
    const forward = async (rename: boolean) => {
      const encrypted = await openpgp.readMessage({ armoredMessage: ciphertext });
      const inner = await encrypted.decrypt([mallory.privateKey]);
      const packets = Array.from((inner.packets as unknown as { stream: Iterable<openpgp.AnyPacket> }).stream);
      const list = new openpgp.PacketList<openpgp.AnyPacket>();
      for (const packet of packets) {
        if (rename && packet instanceof openpgp.LiteralDataPacket) {
          const text = (packet as unknown as { getText(): string }).getText();
          expect(text).to.contain('biopsy-malignant.png');
          const renamed = await openpgp.createMessage({ text: text.replace('biopsy-malignant.png', 'biopsy-benign.png') });
          list.push(...renamed.packets);
        } else list.push(packet);
      }
      return openpgp.encrypt({ message: new openpgp.Message(list), encryptionKeys: leeKey });
    };

    // The routing data lists the file's blob, as the signed envelope does.
    const routed = { ...routing, blobIds: [manifest.id] };
    const unchanged = await lee.client.call('decryptEnvelope', await forward(false), routed, [{ armoredKey: ana.armoredPublicKey }]);
    expect(unchanged.envelope.attachments?.[0]).to.deep.equal(manifest);

    const error = await rejection(lee.client.call('decryptEnvelope', await forward(true), routed, [{ armoredKey: ana.armoredPublicKey }]));
    expect(error.code).to.equal('BAD_SIGNATURE');
    expect(JSON.stringify(error)).to.not.contain('biopsy');
  });
});
