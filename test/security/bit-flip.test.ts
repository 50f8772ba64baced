import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage } from '../../src/index.js';
import { fillRouting, inject, openpgp } from '../helpers/attacker.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';

function armorMessage(bytes: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...bytes)).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN PGP MESSAGE-----\n\n${base64}-----END PGP MESSAGE-----\n`;
}

describe('attack: bit-flipped ciphertext', () => {
  afterEach(cleanupClients);

  it('is rejected wherever the flip lands, and never yields content', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    const sent = await ana.send({ to: ['lee'], subject: 'Dosage', body: 'Take 10 mg at night' });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    const original = relay.envelopes().find((envelope) => envelope.id === sent.id)!;
    const binary = (await openpgp.readMessage({ armoredMessage: original.ciphertext })).write() as Uint8Array;

    // Flip one bit in the session-key packet, at the start, middle and end of the encrypted data.
    const positions = [20, 60, Math.floor(binary.length / 2), binary.length - 40, binary.length - 2];
    const codes: string[] = [];
    for (const position of positions) {
      const flipped = binary.slice();
      flipped[position]! ^= 0x01;
      const armored = armorMessage(flipped);
      const routing = fillRouting({ from: 'ana', to: ['lee'], threadId: sent.threadId });
      await inject(relay, routing, armored);
      await lee.sync();
      const opened = (await lee.openMessage(routing.id)) as InvalidMessage;
      expect(opened.status, `flip at ${position}`).to.equal('invalid');
      expect(JSON.stringify(opened)).to.not.contain('10 mg');
      codes.push(opened.error.code);
    }
    // A flip inside the integrity-protected data is reported as tampering.
    expect(codes.slice(2)).to.deep.equal(['TAMPERED', 'TAMPERED', 'TAMPERED']);
    expect(new Set(codes).size).to.be.greaterThan(0);
  });
});
