// Attack: a signature made for one thing passes as another. Sealbox's signatures said nothing about
// what they were for, so a recipient who got the victim to send a "form" whose bytes are envelope JSON
// took the attachment chunk's signed content, encrypted it to someone else, and had a backend deliver
// it as a message: shown as genuine, from the victim. The same held for every other signature of the
// victim's key (consent receipts, audit seals, drafts). Every signature now names its purpose and every
// verification requires the one it expects (docs/signing-contexts.md).
import { expect } from '@open-wc/testing';
import { CryptoClient, cryptoWorkerStarts } from '../../src/core/crypto/crypto-client.js';
import { MemoryRelay, type InvalidMessage, type SealClient } from '../../src/index.js';
import { envelopeJson, fillRouting, inject, openpgp, publishedKey } from '../helpers/attacker.js';
import { cleanupClients, createUser, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { putRecords, storedRecords } from '../helpers/stored-records.js';

async function delivered(client: SealClient): Promise<void> {
  await waitFor(async () => (await client.listOutbox()).length === 0, 10_000, 'delivery');
}

/**
 * Mallory's side: a signed message made of `literal` and a signature of Ana's over the same bytes (a
 * signature packet before the literal data, as OpenPGP allows), encrypted for `to`.
 */
async function asMessage(literal: openpgp.Message<string | Uint8Array>, signature: openpgp.Signature, to: openpgp.PublicKey): Promise<string> {
  const packets = new openpgp.PacketList();
  packets.push(...signature.packets, ...literal.packets);
  return openpgp.encrypt({ message: new openpgp.Message(packets), encryptionKeys: to, format: 'armored' });
}

describe('attack: a signature presented as something it was not made for', () => {
  afterEach(cleanupClients);

  async function people() {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    const mallory = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'mallory' }], format: 'object' });
    await relay.connect('mallory').publishKey({ userId: 'mallory', armoredKey: mallory.publicKey.armor() });
    // Lee knows Ana: he has read a message of hers, so her key is pinned.
    const hello = await ana.send({ to: ['lee'], subject: 'Hello', body: 'Hello Dr. Lee' });
    await delivered(ana);
    await lee.sync();
    expect((await lee.openMessage(hello.id)).status).to.equal('signer-unverified');
    return { relay, ana, lee, mallory };
  }

  it('an attachment chunk whose bytes are envelope JSON, re-encrypted to Lee, is not a message from Ana', async () => {
    const { relay, ana, lee, mallory } = await people();
    // The "form" Mallory asked Ana to send back: its bytes are a Sealbox envelope from Ana to Lee.
    const routing = fillRouting({ from: 'ana', to: ['lee'] });
    const form = envelopeJson(routing, 'Change of pharmacy', 'Please send my prescriptions to Mallory Pharmacy.');
    const sent = await ana.send({ to: ['mallory'], subject: 'The form', body: 'Here it is.', attachments: [new File([form], 'form.txt', { type: 'text/plain' })] });
    await delivered(ana);
    const envelope = relay.envelopes().find((candidate) => candidate.id === sent.id)!;
    const [chunk] = relay.blobChunks().filter((candidate) => candidate.blobId === envelope.blobIds![0]);

    const opened = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: chunk!.bytes }), decryptionKeys: mallory.privateKey, format: 'binary' });
    const signature = await opened.signatures[0]!.signature;
    const ciphertext = await asMessage(await openpgp.createMessage({ binary: opened.data }), signature, await publishedKey(relay, 'lee'));
    await inject(relay, routing, ciphertext);
    await lee.sync();
    const shown = (await lee.openMessage(routing.id)) as InvalidMessage;
    expect(shown.status).to.equal('invalid');
    expect(shown.error.code, shown.error.message).to.equal('WRONG_PURPOSE');
    expect(JSON.stringify(shown)).to.not.contain('Mallory Pharmacy');
  });

  it('a consent receipt’s signature, sent with its text as a message, is not a message from Ana', async () => {
    const { relay, ana, lee } = await people();
    const record = await ana.recordConsent({ id: 'terms', version: '1', text: 'The terms.' }, 'accepted');
    const signature = await openpgp.readSignature({ armoredSignature: record.signature });
    const ciphertext = await asMessage(await openpgp.createMessage({ text: record.payload }), signature, await publishedKey(relay, 'lee'));
    const routing = fillRouting({ from: 'ana', to: ['lee'] });
    await inject(relay, routing, ciphertext);
    await lee.sync();
    const opened = (await lee.openMessage(routing.id)) as InvalidMessage;
    expect(opened.status).to.equal('invalid');
    expect(opened.error.code).to.equal('WRONG_PURPOSE');
  });

  it('in the engine, nothing signed for one purpose verifies for another', async () => {
    const crypto = new CryptoClient(cryptoWorkerStarts(), { keyProtection: 'iterated' }, () => {});
    try {
      const ana = await crypto.call('createIdentity', 'ana', PASSPHRASE);
      const routing = fillRouting({ from: 'ana', to: ['lee'] });
      const self = [{ armoredKey: ana.armoredPublicKey }];
      const refused = async (work: Promise<unknown>) => {
        const error = await work.then(() => null, (failure: { code?: string }) => failure);
        return error?.code;
      };
      const envelope = JSON.parse(envelopeJson(routing, 'Subject', 'Body'));
      const sealed = await crypto.call('encryptEnvelope', envelope, []);
      const draft = await crypto.call('encryptDraft', envelopeJson(routing, 'Subject', 'Body'));
      const bytes = new TextEncoder().encode(envelopeJson(routing, 'Subject', 'Body'));
      const fileChunk = await crypto.call('encryptChunk', bytes.slice(), [], 'attachment-chunk');
      const draftChunk = await crypto.call('encryptChunk', bytes.slice(), [], 'draft-file-chunk');

      expect(await refused(crypto.call('decryptEnvelope', draft, routing, self))).to.equal('WRONG_PURPOSE');
      expect(await refused(crypto.call('decryptDraft', sealed))).to.equal('WRONG_PURPOSE');
      expect(await refused(crypto.call('decryptChunk', fileChunk.slice(), self, 'draft-file-chunk'))).to.equal('WRONG_PURPOSE');
      expect(await refused(crypto.call('decryptChunk', draftChunk.slice(), self, 'attachment-chunk'))).to.equal('WRONG_PURPOSE');
      expect(await refused(crypto.call('decryptChunk', fileChunk.slice(), self, 'envelope' as never))).to.equal('INVALID_INPUT');
      // Each verifies for its own purpose.
      expect((await crypto.call('decryptEnvelope', sealed, routing, self)).envelope.body).to.equal('Body');
      expect(await crypto.call('decryptChunk', draftChunk.slice(), self, 'draft-file-chunk')).to.deep.equal(bytes);

      const seal = await crypto.call('signAuditSeal', { throughSeq: 1, hash: 'a'.repeat(64), prevSealHash: '0'.repeat(64) });
      expect(await crypto.call('verifyDetached', 'audit-seal', seal.text, seal.signature, ana.armoredPublicKey)).to.equal(true);
      expect(await crypto.call('verifyDetached', 'consent-receipt', seal.text, seal.signature, ana.armoredPublicKey)).to.equal(false);
      // It signs only what it builds: a receipt of another user, or one that is not a receipt, is refused.
      const receipt = {
        v: 1,
        type: 'sealbox-consent-receipt',
        id: globalThis.crypto.randomUUID(),
        policyId: 'terms',
        policyVersion: '1',
        policyHash: 'b'.repeat(64),
        purposes: {},
        decision: 'accepted',
        at: new Date().toISOString(),
        userId: 'ana',
        deviceId: globalThis.crypto.randomUUID(),
      } as const;
      expect(await refused(crypto.call('signConsentReceipt', { ...receipt, userId: 'lee' }))).to.equal('INVALID_INPUT');
      expect(await refused(crypto.call('signConsentReceipt', { ...receipt, subject: 'extra' } as never))).to.equal('INVALID_INPUT');
      expect(await refused(crypto.call('encryptEnvelope', { ...envelope, extra: 'field' }, []))).to.equal('INVALID_INPUT');
    } finally {
      crypto.terminate();
    }
  });

  it('a planted draft record holding one of Ana’s own sent messages is not opened as a draft', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName });
    await createUser(relay.connect('lee'), 'lee');
    const sent = await ana.send({ to: ['lee'], subject: 'Sent', body: 'A sent message' });
    const draft = await ana.saveDraft({ to: ['lee'], subject: 'Draft', body: 'A draft', threadId: null, replyTo: null });
    await delivered(ana);
    // Encrypted to Ana and signed by her, as a draft is; but signed for a message.
    const own = relay.envelopes().find((candidate) => candidate.id === sent.id)!;
    const [stored] = (await storedRecords(databaseName, 'drafts')) as { id: string; ciphertext: string }[];
    await putRecords(databaseName, 'drafts', [{ ...stored!, ciphertext: own.ciphertext }]);
    const error = await ana.openDraft(draft.id).then(() => null, (failure: { code?: string }) => failure);
    expect(error?.code).to.equal('WRONG_PURPOSE');
  });
});
