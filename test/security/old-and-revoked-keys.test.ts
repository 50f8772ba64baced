// Attack: sign with a key that should no longer count. After a contact's key change was accepted, the
// old key still signed new messages (shown as "not yet verified" instead of invalid); a revocation the
// contact published made refresh fail and was never applied, so a revoked key's messages still showed
// as genuine; and a user id merely appended to someone else's key let Mallory publish Dr. Lee's key as
// her own. Old keys now count only for messages dated before they were replaced, published revocations
// and expiry are applied (a blocking state, like a changed key), and a key counts for a user id only
// when that user id carries a valid self-certification.
import { expect } from '@open-wc/testing';
import { MemoryRelay, type InvalidMessage, type ReadableMessage, type SealClient } from '../../src/index.js';
import { ENVELOPE_PURPOSE, envelopeJson, fillRouting, inject, openpgp, publishedKey, rawKey } from '../helpers/attacker.js';
import { cleanupClients, createUser, rejectsWith } from '../helpers/clients.js';

/** A message "from" `from`, signed by `key` (as its holder can, or whoever stole it), stored for Ana. */
async function signedBy(relay: MemoryRelay, from: string, key: openpgp.PrivateKey, createdAt = new Date().toISOString()): Promise<string> {
  const routing = fillRouting({ from, to: ['ana'], createdAt });
  const message = await openpgp.createMessage({ text: envelopeJson(routing, 'Your results', 'All fine.') });
  const ciphertext = (await openpgp.encrypt({ message, encryptionKeys: await publishedKey(relay, 'ana'), signingKeys: key, signatureNotations: ENVELOPE_PURPOSE })) as string;
  await inject(relay, routing, ciphertext);
  return routing.id;
}

async function setup(): Promise<{ relay: MemoryRelay; ana: SealClient; lee: Awaited<ReturnType<typeof rawKey>> }> {
  const relay = new MemoryRelay();
  const ana = await createUser(relay.connect('ana'), 'ana');
  const lee = await rawKey('lee');
  await relay.connect('lee').publishKey({ userId: 'lee', armoredKey: lee.publicKey.armor() });
  const first = await signedBy(relay, 'lee', lee.privateKey);
  await ana.sync();
  expect((await ana.openMessage(first)).status).to.equal('signer-unverified');
  return { relay, ana, lee };
}

describe('attack: signatures by keys that no longer count', () => {
  afterEach(cleanupClients);

  it('does not take a replaced key for messages dated after the change, and says so for older ones', async () => {
    const { relay, ana, lee } = await setup();
    const before = new Date(Date.now() - 60_000).toISOString();
    const next = await rawKey('lee');
    await relay.connect('lee').publishKey({ userId: 'lee', armoredKey: next.publicKey.armor() });
    await ana.refreshContact('lee');
    await ana.acceptKeyChange('lee', next.publicKey.getFingerprint());

    // Whoever still holds the old key writes "now": not Dr. Lee any more.
    const late = await signedBy(relay, 'lee', lee.privateKey);
    // A message written before the change, delivered late, is still his, and says with which key.
    const early = await signedBy(relay, 'lee', lee.privateKey, before);
    await ana.sync();
    const refused = (await ana.openMessage(late)) as InvalidMessage;
    expect(refused.status).to.equal('invalid');
    expect(refused.error.code).to.equal('WRONG_SENDER');
    expect(refused.error.details.reason).to.equal('replaced-key');
    const older = (await ana.openMessage(early)) as ReadableMessage;
    expect(older.status).to.equal('signer-unverified');
    expect(older.signedWithPreviousKey).to.equal(true);
  });

  it('applies a revocation the contact publishes: their key’s messages no longer count, and nothing is sent to it', async () => {
    const { relay, ana, lee } = await setup();
    const { publicKey: revoked } = await openpgp.revokeKey({ key: lee.privateKey, format: 'object' });
    await relay.connect('lee').publishKey({ userId: 'lee', armoredKey: revoked.armor() });
    const contact = await ana.refreshContact('lee');
    expect(contact.state).to.equal('key-revoked');
    expect(contact.keyProblem).to.equal('revoked');

    // A thief with the revoked key writes as Dr. Lee; and what he wrote with it before no longer shows as his.
    const stolen = await signedBy(relay, 'lee', lee.privateKey);
    await ana.sync();
    for (const id of [stolen, ...(await ana.listMessages((await ana.listThreads()).items.at(-1)!.threadId)).items.map((m) => m.id)]) {
      const opened = (await ana.openMessage(id)) as InvalidMessage;
      expect(opened.status, id).to.equal('invalid');
      expect(opened.error.code).to.equal('KEY_REVOKED');
    }
    await rejectsWith(ana.send({ to: ['lee'], subject: 'Hello', body: 'Is this you?' }), 'KEY_REVOKED');
    await rejectsWith(ana.verifyContact('lee', contact.fingerprint), 'KEY_REVOKED');

    // His new key is offered as a key change, as usual.
    const next = await rawKey('lee');
    await relay.connect('lee').publishKey({ userId: 'lee', armoredKey: next.publicKey.armor() });
    expect((await ana.refreshContact('lee')).state).to.equal('key-changed');
  });

  it('refuses a key published for a user id that is only appended to it, not certified', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    // Mallory takes Dr. Lee's key and adds "mallory" to it, without his signature (she has no key of his).
    const leeKey = await publishedKey(relay, 'lee');
    const packets = leeKey.toPacketList();
    packets.push(openpgp.UserIDPacket.fromObject({ name: 'mallory' }));
    await relay.connect('mallory').publishKey({ userId: 'mallory', armoredKey: new openpgp.PublicKey(packets).armor() });

    await rejectsWith(ana.send({ to: ['mallory'], subject: 'Hi', body: 'For Mallory' }), 'INVALID_INPUT');
    expect(await ana.getContact('mallory')).to.equal(null);
    // A message of Dr. Lee's, re-sent "from mallory", is not hers either.
    const sent = await lee.send({ to: ['ana'], subject: 'Results', body: 'All fine.' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const original = relay.envelopes().find((envelope) => envelope.id === sent.id)!;
    const routing = fillRouting({ from: 'mallory', to: ['ana'] });
    await inject(relay, routing, original.ciphertext);
    await ana.sync();
    expect((await ana.openMessage(routing.id)).status).to.equal('invalid');
  });
});
